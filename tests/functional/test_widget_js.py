"""GET /widget.js: the embed as browsers and caches get it, and its dialog
(`?part=dialog`), which widget.js imports on first use."""

from __future__ import annotations

import gzip

import brotli
import pytest
from django.test import Client

from errata.widget.bundle import GZIP_BUDGET_BYTES, bundle

DIALOG = "/widget.js?part=dialog"


@pytest.mark.parametrize(
    ("accept_encoding", "coding"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip;q=0.5", "gzip"),
        ("", None),
        ("identity", None),
    ],
)
def test_the_script_is_served_in_the_best_encoding_the_browser_accepts(
    client: Client, accept_encoding: str, coding: str | None
) -> None:
    response = client.get("/widget.js", HTTP_ACCEPT_ENCODING=accept_encoding)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response.get("Content-Encoding") == coding
    decoded = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[coding](
        response.content
    )
    assert decoded == bundle().widget.script
    assert "Accept-Encoding" in response["Vary"]


def test_widget_js_as_served_is_within_its_budget(client: Client) -> None:
    # The budget holds for the bytes a browser receives, whatever the server compresses.
    gzipped = client.get("/widget.js", HTTP_ACCEPT_ENCODING="gzip")
    brotli_ = client.get("/widget.js", HTTP_ACCEPT_ENCODING="br")

    assert len(gzipped.content) <= GZIP_BUDGET_BYTES
    assert len(brotli_.content) < len(gzipped.content)


@pytest.mark.parametrize(
    ("accept_encoding", "coding"), [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("", None)]
)
def test_the_dialog_is_served_at_widget_js_path_in_the_best_encoding(
    client: Client, accept_encoding: str, coding: str | None
) -> None:
    response = client.get(DIALOG, HTTP_ACCEPT_ENCODING=accept_encoding)

    assert response.status_code == 200
    # A module script: browsers refuse one served without a JavaScript type.
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response.get("Content-Encoding") == coding
    decoded = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[coding](
        response.content
    )
    assert decoded == bundle().dialog.script
    assert "Accept-Encoding" in response["Vary"]
    # Imported as a module from the publisher's page: fetched with CORS.
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_the_dialog_widget_js_names_is_cached_for_a_year(client: Client) -> None:
    response = client.get(f"{DIALOG}&v={bundle().dialog.version}")

    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.content == bundle().dialog.script


@pytest.mark.parametrize("query", ["", "&v=0123456789abcdef", "&v=0123456789abcdef&retry=1"])
def test_an_older_widget_js_gets_the_current_dialog_for_a_day(client: Client, query: str) -> None:
    response = client.get(DIALOG + query)

    assert response.status_code == 200
    assert response.content == bundle().dialog.script
    assert "max-age=86400" in response["Cache-Control"]


def test_the_dialog_revalidates_by_its_own_etag(client: Client) -> None:
    first = client.get(DIALOG, HTTP_ACCEPT_ENCODING="gzip")
    assert first["ETag"] == f'"{bundle().dialog.version}-gzip"'

    again = client.get(DIALOG, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    # widget.js's ETag is not the dialog's.
    other = client.get(DIALOG, HTTP_IF_NONE_MATCH=f'"{bundle().widget.version}"')
    assert other.status_code == 200


def test_an_unknown_part_is_not_found(client: Client) -> None:
    assert client.get("/widget.js?part=admin").status_code == 404


def test_the_script_is_cached_long_and_revalidated_by_etag(client: Client) -> None:
    first = client.get("/widget.js", HTTP_ACCEPT_ENCODING="br")
    assert "max-age=86400" in first["Cache-Control"]
    assert first["ETag"].startswith(f'"{bundle().widget.version}')

    again = client.get("/widget.js", HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("tag", ['W/"{v}-gzip"', '"other", "{v}"', "*"])
def test_any_representation_of_this_build_revalidates(client: Client, tag: str) -> None:
    response = client.get("/widget.js", HTTP_IF_NONE_MATCH=tag.format(v=bundle().widget.version))

    assert response.status_code == 304


def test_a_stale_etag_gets_the_new_script(client: Client) -> None:
    response = client.get("/widget.js", HTTP_IF_NONE_MATCH='"0123456789abcdef"')

    assert response.status_code == 200
    assert response.content == bundle().widget.script


def test_any_origin_may_load_the_script(client: Client) -> None:
    response = client.get("/widget.js", HTTP_ORIGIN="https://any-newspaper.example")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_only_reads_are_allowed(client: Client) -> None:
    assert client.post("/widget.js").status_code == 405
    assert client.head("/widget.js").status_code == 200

"""GET /widget.js: the embed as browsers and caches get it."""

from __future__ import annotations

import gzip

import brotli
import pytest
from django.test import Client

from errata.widget.bundle import bundle


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
    assert decoded == bundle().script
    assert "Accept-Encoding" in response["Vary"]


def test_the_script_is_cached_long_and_revalidated_by_etag(client: Client) -> None:
    first = client.get("/widget.js", HTTP_ACCEPT_ENCODING="br")
    assert "max-age=86400" in first["Cache-Control"]
    assert first["ETag"].startswith(f'"{bundle().version}')

    again = client.get("/widget.js", HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("tag", ['W/"{v}-gzip"', '"other", "{v}"', "*"])
def test_any_representation_of_this_build_revalidates(client: Client, tag: str) -> None:
    response = client.get("/widget.js", HTTP_IF_NONE_MATCH=tag.format(v=bundle().version))

    assert response.status_code == 304


def test_a_stale_etag_gets_the_new_script(client: Client) -> None:
    response = client.get("/widget.js", HTTP_IF_NONE_MATCH='"0123456789abcdef"')

    assert response.status_code == 200
    assert response.content == bundle().script


def test_any_origin_may_load_the_script(client: Client) -> None:
    response = client.get("/widget.js", HTTP_ORIGIN="https://any-newspaper.example")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_only_reads_are_allowed(client: Client) -> None:
    assert client.post("/widget.js").status_code == 405
    assert client.head("/widget.js").status_code == 200

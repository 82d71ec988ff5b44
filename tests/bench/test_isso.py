"""The isso comparison's pure parts: its configuration, its traffic, and its figures.

`make bench` serves isso from its own virtual environment; the last test does the same
with one comment when that environment is installed (`python -m bench.intake` makes it).
"""

from __future__ import annotations

import configparser
import json
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from bench import articles, intake, isso, payloads

ARTICLE = payloads.StoredArticle(
    "https://gazette.example/politique/vote", "Le vote", "fr", "Le vote a eu lieu mardi. " * 20
)


def test_the_configuration_measures_creation_not_refusal(tmp_path: Path) -> None:
    parsed = configparser.ConfigParser()
    parsed.read_string(isso.configuration(tmp_path / "comments.db", intake.ORIGIN))

    assert parsed["general"]["dbpath"] == str(tmp_path / "comments.db")
    assert parsed["general"]["host"] == intake.ORIGIN
    assert parsed["moderation"]["enabled"] == "false"  # published at once: 201
    assert parsed["guard"]["enabled"] == "false"  # no per-address rate limit
    assert parsed["server"]["trusted-proxies"] == "127.0.0.1"


def test_isso_is_served_as_documented_with_errata_s_worker_count() -> None:
    command = isso.IssoServer(Path("/venv/bin"), workers=2).command(8123)

    assert command[0] == "/venv/bin/gunicorn"
    assert command[-1] == "isso.run"
    assert {"--bind=127.0.0.1:8123", "--workers=2", "--preload"} <= set(command)


def test_a_report_becomes_the_same_words_as_a_comment_with_its_title() -> None:
    for _, report in payloads.reports("pk_x", [ARTICLE], 300):
        path, body = payloads.isso_comment(report)

        assert parse_qs(urlsplit(path).query) == {"uri": ["/politique/vote"]}
        assert urlsplit(path).path == "/new"
        assert body["title"] == "Le vote"  # so isso never fetches the page
        assert report["comment"] in body["text"]
        if "selector" in report:
            assert f"> {report['selector']['exact']}" in body["text"]
        if report.get("suggestion"):
            assert report["suggestion"] in body["text"]
        assert body["email"] == report.get("email")
        assert len(body["text"].rstrip()) >= 3  # isso's minimum


def test_the_isso_requests_file_has_one_varied_comment_per_line(tmp_path: Path) -> None:
    requests_file = tmp_path / "requests.tsv"

    intake.write_isso_requests(requests_file, 500)

    lines = requests_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 500
    fields = [line.split("\t") for line in lines]
    assert all(len(parts) == 3 for parts in fields)
    bodies = [json.loads(body) for _, _, body in fields]
    assert len({body["text"] for body in bodies}) > 450
    threads = {path for path, _, _ in fields}
    assert threads == {
        f"/new?uri={article.path.replace('/', '%2F')}" for article in articles.ARTICLES
    }


def test_errata_requests_name_their_path(tmp_path: Path) -> None:
    requests_file = tmp_path / "requests.tsv"

    intake.write_requests(requests_file, "pk_x", [ARTICLE], ["proof-1", "proof-2"])

    for line in requests_file.read_text(encoding="utf-8").splitlines():
        path, address, body = line.split("\t")
        assert path == "/api/v1/reports"
        assert address.startswith("10.")
        assert json.loads(body)["altcha"].startswith("proof-")


def test_the_default_run_fits_the_budget() -> None:
    options = intake.parse_arguments([])

    assert intake.planned_seconds(options) <= intake.BUDGET_SECONDS
    assert options.server.task_worker  # errata serve as operators run it
    with pytest.raises(SystemExit):
        intake.parse_arguments(["--seconds", "120"])


@pytest.mark.skipif(
    not (isso.VENV / "bin" / "gunicorn").exists(), reason="isso's environment is not installed"
)
def test_isso_stores_a_comment_it_answered_201(tmp_path: Path) -> None:
    path, body = payloads.isso_comment(next(iter(payloads.reports("pk_x", [ARTICLE], 1)))[1])
    config = isso.IssoServer(isso.VENV / "bin", workers=1)

    with isso.serving(config, tmp_path, intake.ORIGIN) as (base_url, _, database):
        request = urllib.request.Request(  # noqa: S310 -- a loopback test server
            base_url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Origin": intake.ORIGIN},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            assert response.status == 201
        assert isso.comments(database) == 1

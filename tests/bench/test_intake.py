"""The intake benchmark's pure parts: its traffic is valid, its numbers are read right.

No timing here: `make bench` measures; these tests make sure that what it sends is what
the widget would send (every report accepted) and that wrk's output is parsed faithfully.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from django.test import Client

from bench import intake, payloads, seed, wrk
from errata import models

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> dict[str, Any]:
    return seed.seed(intake.ORIGIN)


def stored_articles(seeded: dict[str, Any]) -> list[payloads.StoredArticle]:
    return [payloads.StoredArticle(**article) for article in seeded["articles"]]


def test_every_generated_report_is_accepted(
    seeded: dict[str, Any], client: Client, immediate_tasks: None
) -> None:
    site_key = str(seeded["site_key"])
    traffic = list(payloads.reports(site_key, stored_articles(seeded), 40))
    proofs = list(seed.proofs(site_key, len(traffic)))

    for (address, body), proof in zip(traffic, proofs, strict=True):
        response = client.post(
            "/api/v1/reports",
            data=json.dumps({**body, "altcha": proof}),
            content_type="application/json",
            headers={"Origin": intake.ORIGIN},
            REMOTE_ADDR=address,
        )
        assert response.status_code == 201, response.content

    assert models.Report.objects.count() == 40
    # Reports join cases as well as open them: grouping is exercised.
    assert not models.Report.objects.ungrouped().exists()
    assert models.Case.objects.count() < 40


def test_selectors_quote_the_stored_text_with_its_context() -> None:
    article = payloads.StoredArticle(
        "https://x.example/a", "T", "fr", "Un deux trois quatre cinq six sept huit neuf dix " * 3
    )

    for _, body in payloads.reports("pk_x", [article], 200):
        selector = body.get("selector")
        if selector is None:
            continue
        start, end = selector["start"], selector["end"]
        assert article.text[start:end] == selector["exact"]
        assert article.text[:start].endswith(selector["prefix"])
        assert article.text[end:].startswith(selector["suffix"])
        assert len(selector["prefix"]) <= payloads.CONTEXT >= len(selector["suffix"])


def test_the_traffic_is_varied_and_reproducible() -> None:
    article = payloads.StoredArticle("https://x.example/a", "T", "en", "One two three. " * 40)

    first = list(payloads.reports("pk_x", [article], 2_000, seed=7))
    again = list(payloads.reports("pk_x", [article], 2_000, seed=7))

    assert first == again
    categories = Counter(body["category"] for _, body in first)
    assert set(categories) == set(models.Category.values)
    assert 1_000 < len({address for address, _ in first}) < 2_000  # some readers come back
    whole_article = sum("selector" not in body for _, body in first)
    bots = sum(bool(body.get("website")) for _, body in first)
    assert 50 <= whole_article <= 150
    assert 15 <= bots <= 70
    assert all(body["fill_time_ms"] >= 2_000 for _, body in first)


WRK_OUTPUT = """Running 20s test @ http://127.0.0.1:8000
  2 threads and 16 connections
Requests/sec:    152.10
BENCH_RESULT {"requests": 3042, "duration_us": 20000000, "non201": 3, "socket_errors": 1, "timeouts": 2, "p50_us": 85400, "p90_us": 140000, "p99_us": 1212300, "max_us": 2000000, "last": 3057, "example": "500 {\\"code\\": \\"server-error\\"}"}
"""


def test_wrk_results_are_read_from_the_script_line() -> None:
    result = wrk.parse(WRK_OUTPUT)

    assert result.per_second == pytest.approx(152.1)
    assert (result.p50_ms, result.p99_ms) == (85.4, 1212.3)
    assert result.errors == 6
    assert result.created == 3039
    assert result.last == 3057
    assert result.example == '500 {"code": "server-error"}'


def test_wrk_output_without_the_result_line_is_an_error() -> None:
    with pytest.raises(ValueError, match="BENCH_RESULT"):
        wrk.parse("unable to connect to 127.0.0.1:8000 Connection refused\n")

"""POST /api/v1/reports over HTTP: receipts, grouping, and every refusal."""

from __future__ import annotations

import http.client
import json
import socket
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from errata import models
from errata.services import reports, retention
from tests import factories
from tests.functional.conftest import ORIGIN, PostReport, report_payload, row_counts

pytestmark = pytest.mark.django_db


def test_a_report_opens_a_case_and_gets_a_french_receipt(
    article: models.Article, post_report: PostReport
) -> None:
    response = post_report(report_payload(article.site))

    assert response.status_code == 201, response.content
    body = response.json()
    case = models.Case.objects.get()
    assert body["reference"] == case.reference
    assert case.reference.startswith(f"ERR-{case.created_at.year}-")
    assert set(body) == {"reference", "status", "message", "language"}
    assert body["status"] == "received"
    assert body["language"] == "fr"
    assert case.reference in body["message"]
    assert "Merci" in body["message"]
    assert response["Access-Control-Allow-Origin"] == ORIGIN


def test_the_report_is_anchored_to_the_passage(
    article: models.Article, post_report: PostReport
) -> None:
    post_report(report_payload(article.site))

    report = models.Report.objects.get()
    text = article.latest_version().text  # type: ignore[union-attr]
    assert text[report.anchor_start : report.anchor_end] == "1,2 milliard"
    assert report.case.quote == "1,2 milliard"
    assert report.case.due_at is not None
    kinds = list(report.case.events.values_list("kind", flat=True))
    assert kinds[:2] == ["opened", "report_added"]


def test_an_english_article_gets_an_english_receipt(
    site: models.Site, post_report: PostReport
) -> None:
    payload = report_payload(
        site,
        article={
            "url": "https://quotidien.example/en/budget",
            "title": "Lyon passes its budget",
            "lang": "en-GB",
            "text": "Lyon city council passed a budget of 1.2 billion euros on Tuesday.",
        },
        selector={"exact": "1.2 billion"},
    )
    body = post_report(payload).json()

    assert body["language"] == "en"
    assert body["message"].startswith("Thank you.")


def test_reports_on_overlapping_passages_share_a_case(
    article: models.Article, post_report: PostReport
) -> None:
    first = post_report(report_payload(article.site)).json()
    second = post_report(
        report_payload(
            article.site,
            selector={"exact": "budget de 1,2 milliard d'euros"},
            comment="Le montant est faux.",
        ),
        REMOTE_ADDR="203.0.113.9",
    ).json()

    # Each reader keeps the reference reserved for their report; the first one's is the
    # case's, and the desk finds the case by either (decision 19).
    case = models.Case.objects.get()
    assert case.reference == first["reference"]
    assert second["reference"] != first["reference"]
    assert set(case.reports.values_list("reference", flat=True)) == {
        first["reference"],
        second["reference"],
    }
    assert {"code": "priority.readers", "params": {"count": 2}} in case.priority_reasons


def test_a_report_on_another_passage_opens_another_case(
    article: models.Article, post_report: PostReport
) -> None:
    first = post_report(report_payload(article.site)).json()
    second = post_report(
        report_payload(
            article.site,
            selector={"exact": "Grégoire Martin"},
            category="typo",
            comment="Le maire s'appelle Grégory.",
        )
    ).json()

    assert second["reference"] != first["reference"]
    assert set(models.Case.objects.values_list("reference", flat=True)) == {
        first["reference"],
        second["reference"],
    }


def test_an_unknown_article_is_registered_from_the_snapshot(
    site: models.Site, post_report: PostReport
) -> None:
    payload = report_payload(
        site,
        article={
            "url": "https://quotidien.example/sport/match#comments",
            "title": "Victoire de l'OL",
            "lang": "fr",
            "text": "L'OL a battu Nantes 3 à 1 dimanche soir.",
        },
        selector={"exact": "3 à 1"},
        comment="Le score était 3 à 2.",
    )
    assert post_report(payload).status_code == 201

    article = models.Article.objects.get()
    assert article.source == models.ArticleSource.READER
    assert article.url == "https://quotidien.example/sport/match"
    assert article.latest_version().source == models.VersionSource.WIDGET  # type: ignore[union-attr]


def test_a_report_about_the_whole_article(article: models.Article, post_report: PostReport) -> None:
    payload = report_payload(article.site, selector={}, comment="Le titre est trompeur.")
    assert post_report(payload).status_code == 201
    assert models.Case.objects.get().anchor_state == models.AnchorState.ARTICLE


def test_a_honeypot_report_is_held_out_of_the_queue(
    article: models.Article, post_report: PostReport
) -> None:
    response = post_report(report_payload(article.site, website="http://spam.example"))

    assert response.status_code == 201
    ordinary = post_report(report_payload(article.site, selector={}), REMOTE_ADDR="203.0.113.7")
    receipt, other = response.json(), ordinary.json()
    # The bot learns nothing: the same answer as an ordinary report's, reference aside.
    assert {k: v for k, v in receipt.items() if k not in ("reference", "message")} == {
        k: v for k, v in other.items() if k not in ("reference", "message")
    }
    assert receipt["message"].replace(receipt["reference"], "") == other["message"].replace(
        other["reference"], ""
    )
    case = models.Case.objects.get(reference=receipt["reference"])
    assert case.status == models.CaseStatus.SPAM
    assert list(models.Case.objects.open()) == [
        models.Case.objects.get(reference=other["reference"])
    ]
    assert models.Report.objects.get(case=case).status == models.ReportStatus.HELD


def test_the_reader_ip_is_stored_only_as_a_keyed_hash(
    article: models.Article, post_report: PostReport
) -> None:
    post_report(report_payload(article.site), REMOTE_ADDR="198.51.100.23")
    report = models.Report.objects.get()
    assert "198.51.100.23" not in json.dumps(list(models.Report.objects.values()), default=str)
    assert len(report.ip_hash) == 64


def test_preflight_is_answered_for_an_allowed_origin_only(site: models.Site, client: Any) -> None:
    allowed = client.options("/api/v1/reports", HTTP_ORIGIN=ORIGIN)
    refused = client.options("/api/v1/reports", HTTP_ORIGIN="https://evil.example")

    assert allowed.status_code == 204
    assert allowed["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in allowed["Access-Control-Allow-Methods"]
    assert refused.status_code == 403
    assert "Access-Control-Allow-Origin" not in refused


def test_the_reader_rate_limit_answers_429_with_retry_after(
    article: models.Article, post_report: PostReport, settings: Any
) -> None:
    settings.ERRATA_RATE_LIMIT_REPORTS = "2/1h"
    for n in range(2):
        payload = report_payload(article.site, comment=f"Remarque numéro {n}.")
        assert post_report(payload).status_code == 201
    before = row_counts()

    response = post_report(report_payload(article.site, comment="Encore une."))

    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) > 0
    assert response.json()["code"] == "rate-limited"
    assert row_counts() == before


def test_the_article_rate_limit_counts_every_form_of_its_url_as_one_article(
    article: models.Article, post_report: PostReport, settings: Any
) -> None:
    # Under the site's same-host rule, these are one article: one article, one limit.
    settings.ERRATA_RATE_LIMIT_ARTICLE = "2/1h"
    forms = ("https://quotidien.example/budget", "http://www.quotidien.example/budget")
    for n, url in enumerate(forms):
        payload = report_payload(article.site, comment=f"Remarque numéro {n}.")
        payload["article"]["url"] = url
        assert post_report(payload, REMOTE_ADDR=f"203.0.113.{n + 1}").status_code == 201

    third = report_payload(article.site, comment="Encore une.")
    third["article"]["url"] = "http://quotidien.example/budget"
    response = post_report(third, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 429
    assert "This article has received many reports" in response.json()["detail"]
    assert models.Report.objects.count() == 2
    assert models.Article.objects.count() == 1


LONG = "x" * 2001


@pytest.mark.parametrize(
    ("change", "status", "field", "code"),
    [
        pytest.param({"site": "pk_unknown"}, 422, "site", "unknown-site", id="unknown site key"),
        pytest.param({"category": "gossip"}, 422, "category", "enum", id="unknown category"),
        pytest.param({"comment": LONG}, 422, "comment", "string_too_long", id="comment too long"),
        pytest.param(
            {"selector": {"exact": "y" * 1001}},
            422,
            "selector.exact",
            "string_too_long",
            id="quote too long",
        ),
        pytest.param(
            {"suggestion": "z" * 1001}, 422, "suggestion", "string_too_long", id="suggestion long"
        ),
        pytest.param({"comment": 42}, 422, "comment", "string_type", id="comment not a string"),
        pytest.param(
            {"selector": {"start": -1}},
            422,
            "selector.start",
            "greater_than_equal",
            id="negative offset",
        ),
        pytest.param(
            {"selector": {"exact": "1,2 milliard", "start": 2**63, "end": 2**63 + 12}},
            422,
            "selector.start",
            "less_than_equal",
            id="offset beyond any text",
        ),
        pytest.param(
            {"fill_time_ms": 10**20}, 422, "fill_time_ms", "less_than_equal", id="huge fill time"
        ),
        pytest.param({"email": "not-an-email"}, 422, "email", "invalid-email", id="bad email"),
        pytest.param(
            {"comment": "Le chiffre\u0000 est faux."},
            422,
            "comment",
            "nul_character",
            id="NUL character",
        ),
        pytest.param(
            {"comment": " ", "suggestion": ""}, 422, "comment", "empty-report", id="empty report"
        ),
        pytest.param(
            {"selector": {"exact": "deux milliards", "prefix": "", "suffix": ""}},
            422,
            "selector.exact",
            "quote-not-found",
            id="quote not in article",
        ),
        pytest.param(
            {"article": {"url": "https://elsewhere.example/budget", "lang": "fr"}},
            422,
            "article.url",
            "url-not-allowed",
            id="article outside the site",
        ),
        pytest.param(
            {"article": {"url": "javascript:alert(1)"}},
            422,
            "article.url",
            "invalid-url",
            id="not an http url",
        ),
        pytest.param(
            {"article": {"url": "https://quotidien.example/new-one", "lang": "fr"}},
            422,
            "article.text",
            "text-required",
            id="unknown article without text",
        ),
        pytest.param(
            {"status": "corrected"}, 422, "status", "extra_forbidden", id="server-owned field"
        ),
        pytest.param(
            {"article": {"url": "https://quotidien.example/budget", "lang": "français!"}},
            422,
            "article.lang",
            "invalid-language",
            id="bad language tag",
        ),
    ],
)
def test_bad_input_is_refused_with_a_problem_naming_the_field(
    article: models.Article,
    post_report: PostReport,
    change: dict[str, Any],
    status: int,
    field: str,
    code: str,
) -> None:
    before = row_counts()

    response = post_report(report_payload(article.site, **change))

    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    assert problem["field"] == field
    assert code in {problem["code"], *(e["code"] for e in problem["errors"])}
    assert field in problem["detail"]
    assert row_counts() == before


@pytest.mark.parametrize(
    ("origin", "code"),
    [(None, "origin-required"), ("https://evil.example", "origin-not-allowed")],
)
def test_a_report_from_a_disallowed_origin_is_forbidden(
    article: models.Article, post_report: PostReport, origin: str | None, code: str
) -> None:
    before = row_counts()

    response = post_report(report_payload(article.site), origin=origin)

    assert response.status_code == 403
    assert response.json()["code"] == code
    assert response.json()["field"] == "Origin"
    assert row_counts() == before


def test_another_sites_origin_cannot_report_for_this_site(
    article: models.Article, post_report: PostReport
) -> None:
    factories.SiteFactory(slug="other", origins=["https://other.example"])

    response = post_report(report_payload(article.site), origin="https://other.example")

    assert response.status_code == 403
    assert response.json()["code"] == "origin-not-allowed"


@pytest.mark.parametrize(
    ("raw", "content_type", "status", "code"),
    [
        (b'{"site": ', "application/json", 400, "malformed-json"),
        (b"\xff\xfe not utf-8", "application/json", 400, "malformed-json"),
        (b"[1, 2]", "application/json", 422, "invalid-field"),
        (b"site=x", "application/x-www-form-urlencoded", 415, "unsupported-media-type"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_refused(
    article: models.Article,
    post_report: PostReport,
    raw: bytes,
    content_type: str,
    status: int,
    code: str,
) -> None:
    before = row_counts()

    response = post_report(None, raw=raw, content_type=content_type)

    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == code
    assert row_counts() == before


def test_an_oversize_body_is_a_413_problem(
    article: models.Article, post_report: PostReport
) -> None:
    before = row_counts()
    huge = report_payload(article.site, article={"url": article.url, "text": "é" * 600_000})

    response = post_report(huge)

    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == "body"
    assert row_counts() == before


def test_an_unknown_api_path_is_a_404_problem(client: Any) -> None:
    response = client.get("/api/v1/nothing-here")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not-found"


@pytest.mark.django_db(transaction=True)
def test_a_chunked_body_is_refused_with_the_public_field_name(live_server: Any) -> None:
    # WSGI servers hand Django no body for a chunked request; the problem must still name
    # what the client sent (the body), not the view's parameter.
    # The whole request goes in one write: the server answers as soon as it has read the
    # headers and closes, and a chunk written after that would meet a broken pipe.
    address = urlsplit(live_server.url)
    body = b'{"site": "pk_x"}'
    request = (
        b"POST /api/v1/reports HTTP/1.1\r\n"
        b"Host: " + address.netloc.encode() + b"\r\n"
        b"Content-Type: application/json\r\n"
        b"Origin: https://quotidien.example\r\n"
        b"Transfer-Encoding: chunked\r\n"
        b"Connection: close\r\n\r\n"
        + b"%x\r\n" % len(body[:9]) + body[:9] + b"\r\n"
        + b"%x\r\n" % len(body[9:]) + body[9:] + b"\r\n"
        + b"0\r\n\r\n"
    )
    with socket.create_connection((address.hostname or "", address.port or 80), timeout=10) as sock:
        sock.sendall(request)
        response = http.client.HTTPResponse(sock)
        response.begin()
        problem = json.loads(response.read())

    assert response.status == 422
    assert response.getheader("Content-Type", "").startswith("application/problem+json")
    assert problem["field"] == "body"
    assert all(error["field"] != "data" for error in problem["errors"])


def test_a_retry_with_the_same_idempotency_key_gets_the_first_answer(
    article: models.Article, post_report: PostReport
) -> None:
    payload = report_payload(article.site, fill_time_ms=4_000)
    first = post_report(payload, HTTP_IDEMPOTENCY_KEY="draft-1b2c")
    # The widget's retry says how long the form has now been open: still the same report.
    retry = post_report({**payload, "fill_time_ms": 9_000}, HTTP_IDEMPOTENCY_KEY="draft-1b2c")

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert models.Report.objects.count() == 1
    other = post_report(payload, HTTP_IDEMPOTENCY_KEY="draft-9f8e")
    assert other.json()["reference"] != first.json()["reference"]


def test_an_idempotency_key_reused_for_another_report_is_refused(
    article: models.Article, post_report: PostReport
) -> None:
    post_report(report_payload(article.site), HTTP_IDEMPOTENCY_KEY="draft-1")
    before = row_counts()

    response = post_report(
        report_payload(article.site, comment="Un autre signalement."),
        HTTP_IDEMPOTENCY_KEY="draft-1",
    )

    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "idempotency-key-reused"
    assert problem["field"] == "Idempotency-Key"
    assert row_counts() == before


@pytest.mark.parametrize("key", ["", "a" * 256, "espace dedans", "clé"])
def test_a_malformed_idempotency_key_is_refused(
    article: models.Article, post_report: PostReport, key: str
) -> None:
    response = post_report(report_payload(article.site), HTTP_IDEMPOTENCY_KEY=key)

    assert response.status_code == 400
    assert response.json()["field"] == "Idempotency-Key"
    assert not models.Report.objects.exists()


def test_an_idempotency_key_is_forgotten_after_24_hours(
    article: models.Article, post_report: PostReport
) -> None:
    first = post_report(report_payload(article.site), HTTP_IDEMPOTENCY_KEY="draft-old").json()
    models.IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))

    again = post_report(report_payload(article.site), HTTP_IDEMPOTENCY_KEY="draft-old")

    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert again.json()["reference"] != first["reference"]
    assert models.IdempotencyKey.objects.get().created_at > timezone.now() - timedelta(hours=1)
    models.IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=25))
    retention.sweep()
    assert not models.IdempotencyKey.objects.exists()


def test_a_report_is_stored_before_it_is_filed(
    article: models.Article, post_report: PostReport, settings: Any
) -> None:
    """With the production task backend, the answer comes before grouping: the report is
    stored without a case, and the grouping task is queued in the same transaction."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    body = post_report(report_payload(article.site)).json()

    report = models.Report.objects.get()
    assert (report.reference, report.case) == (body["reference"], None)
    queued = DBTaskResult.objects.get(task_path="errata.tasks.group_reports")
    assert queued.args_kwargs == {"args": [article.pk], "kwargs": {}}
    assert reports.group_received(article.pk) == 1
    assert reports.group_received(article.pk) == 0  # run again: nothing to do, no harm
    assert models.Case.objects.get().reference == body["reference"]

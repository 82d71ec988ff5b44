"""The ASGI app that `errata serve` runs answers reports beside Django (decision 28).

Driven here as gunicorn drives it: an ASGI scope, the body in messages, the answer in
`send`, Django's WSGI handler behind it in its own thread pool. The other report tests
run both paths through the `post_report` fixture; these check what only the ASGI app
does: which requests it takes, what it hands to Django, and that the two answers agree.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
from a2wsgi import WSGIMiddleware
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.test import Client, RequestFactory

from errata import models
from errata.api import fast_intake
from tests.functional.conftest import ORIGIN, report_payload
from tests.serving import Answer

pytestmark = pytest.mark.django_db(transaction=True)  # the app's threads have their own connections


@pytest.fixture
def app(immediate_tasks: None) -> Iterator[fast_intake.ReportsFirst]:
    django = WSGIMiddleware(get_wsgi_application(), workers=1)  # type: ignore[arg-type]
    yield fast_intake.ReportsFirst(django)
    # The pool's thread keeps a database connection: closed before the database goes.
    django.executor.submit(connections.close_all).result()
    django.executor.shutdown()


def call(
    app: fast_intake.ReportsFirst,
    body: bytes | list[bytes],
    *,
    method: str = "POST",
    path: str = "/api/v1/reports",
    headers: dict[str, str] | None = None,
) -> Answer:
    chunks = body if isinstance(body, list) else [body]
    sent_headers = {
        "host": "testserver",
        "content-type": "application/json",
        "origin": ORIGIN,
        **(headers or {}),
    }
    if "transfer-encoding" not in sent_headers:
        sent_headers["content-length"] = str(sum(len(chunk) for chunk in chunks))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(name.encode(), value.encode()) for name, value in sent_headers.items()],
        "client": ("127.0.0.1", 40000),
        "server": ("testserver", 80),
    }
    messages = [
        {"type": "http.request", "body": chunk, "more_body": n < len(chunks) - 1}
        for n, chunk in enumerate(chunks)
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop(0)
        await asyncio.sleep(3600)  # a client that waits for its answer
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = sent[0]
    assert start["type"] == "http.response.start"
    return Answer(
        status=start["status"],
        headers={name.decode(): value.decode() for name, value in start["headers"]},
        body=b"".join(message.get("body", b"") for message in sent[1:]),
    )


def _lower(headers: Any, *leaving_out: str) -> dict[str, str]:
    """Headers by lower-case name, as ASGI sends them, without those `leaving_out`."""
    return {name.lower(): value for name, value in headers.items() if name not in leaving_out}


def test_a_report_is_answered_as_django_answers_it(
    app: fast_intake.ReportsFirst, article: models.Article
) -> None:
    body = json.dumps(report_payload(article.site)).encode()
    first = call(app, body, headers={"idempotency-key": "draft-1"})
    # A replay through each path: the same answer, byte for byte, headers included.
    replay = call(app, body, headers={"idempotency-key": "draft-1"})
    through_django = Client().post(
        "/api/v1/reports",
        data=body,
        content_type="application/json",
        HTTP_ORIGIN=ORIGIN,
        HTTP_IDEMPOTENCY_KEY="draft-1",
    )

    assert first.status == 201
    assert first.json()["reference"] == models.Report.objects.get().reference
    assert first.headers["content-language"] == "fr"
    assert first.headers["access-control-allow-origin"] == ORIGIN
    assert replay.body == first.body == through_django.content
    assert replay.headers == _lower(through_django)
    assert replay.headers["idempotent-replayed"] == "true"
    assert _lower(first.headers) == _lower(through_django, "Idempotent-Replayed")
    assert models.Report.objects.count() == 1


def test_a_refusal_of_the_intake_is_answered_as_django_answers_it(
    app: fast_intake.ReportsFirst, article: models.Article
) -> None:
    body = json.dumps({**report_payload(article.site), "site": "pk_unknown"}).encode()

    fast = call(app, body)
    through_django = Client().post(
        "/api/v1/reports", data=body, content_type="application/json", HTTP_ORIGIN=ORIGIN
    )

    assert fast.status == through_django.status_code == 422
    assert fast.body == through_django.content
    assert fast.headers == _lower(through_django)
    assert fast.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "nope"}, "category"),
        ({"comment": "x" * 5000}, "comment"),
        ({"unexpected": 1}, "unexpected"),
    ],
)
def test_a_field_the_schema_refuses_is_worded_by_django(
    app: fast_intake.ReportsFirst, article: models.Article, change: dict[str, Any], field: str
) -> None:
    body = json.dumps({**report_payload(article.site), **change}).encode()

    answer = call(app, body)

    assert answer.status == 422
    assert answer.json()["field"] == field
    assert not models.Report.objects.exists()


def test_a_body_sent_in_several_messages_is_read_whole(
    app: fast_intake.ReportsFirst, article: models.Article
) -> None:
    body = json.dumps(report_payload(article.site)).encode()

    answer = call(app, [body[:10], body[10:100], body[100:]])

    assert answer.status == 201
    assert models.Report.objects.count() == 1


def test_an_oversize_body_goes_to_django_whole(
    app: fast_intake.ReportsFirst, article: models.Article
) -> None:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = json.dumps({**report_payload(article.site), "comment": "x" * limit}).encode()

    answer = call(app, [body[: limit // 2], body[limit // 2 :]])

    assert answer.status == 413
    assert answer.json()["code"] == "body-too-large"


def test_a_chunked_body_goes_to_django(
    app: fast_intake.ReportsFirst, article: models.Article
) -> None:
    body = json.dumps(report_payload(article.site)).encode()

    answer = call(app, body, headers={"transfer-encoding": "chunked"})

    # As before the fast path: WSGI hands Django no body for a chunked request.
    assert answer.status == 422
    assert answer.json()["field"] == "body"


def test_a_disallowed_host_goes_to_django(
    app: fast_intake.ReportsFirst, article: models.Article
) -> None:
    body = json.dumps(report_payload(article.site)).encode()

    answer = call(app, body, headers={"host": "evil.example"})

    assert answer.status == 400
    assert not models.Report.objects.exists()


def test_other_requests_go_to_django(app: fast_intake.ReportsFirst, site: models.Site) -> None:
    assert call(app, b"", method="GET", path="/healthz").status == 200
    preflight = call(
        app,
        b"",
        method="OPTIONS",
        headers={"access-control-request-method": "POST"},
    )
    assert preflight.status == 204
    assert preflight.headers["access-control-allow-origin"] == ORIGIN


def test_an_error_of_errata_is_a_500_problem_the_widget_can_read(
    app: fast_intake.ReportsFirst, article: models.Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(fast_intake.reports, "submit", broken)
    monkeypatch.setattr("errata.api.reports.reports.submit", broken)
    body = json.dumps(report_payload(article.site)).encode()

    answer = call(app, body)
    through_django = Client(raise_request_exception=False).post(
        "/api/v1/reports", data=body, content_type="application/json", HTTP_ORIGIN=ORIGIN
    )

    assert answer.status == 500
    assert answer.json()["code"] == "server-error"
    assert "database" not in answer.body.decode()
    # With the CORS and security headers, as Django's path answers it.
    assert answer.headers["access-control-allow-origin"] == ORIGIN
    assert answer.headers == _lower(through_django)
    assert answer.body == through_django.content


@pytest.mark.parametrize("content_type", ["application/json", ""])
def test_an_empty_body_is_answered_as_django_answers_it(
    app: fast_intake.ReportsFirst, site: models.Site, content_type: str
) -> None:
    answer = call(app, b"", headers={"content-type": content_type})
    through_django = Client().post(
        "/api/v1/reports", data=b"", content_type=content_type, HTTP_ORIGIN=ORIGIN
    )

    assert answer.status == through_django.status_code == 422
    assert answer.body == through_django.content
    assert answer.headers == _lower(through_django)


def test_every_middleware_is_either_run_or_left_out_with_a_reason() -> None:
    kept = set(fast_intake.ANSWERED_BY)
    left_out = set(fast_intake.LEFT_OUT)

    assert kept.isdisjoint(left_out)
    assert kept | left_out == set(settings.MIDDLEWARE)


def _environ(payload: dict[str, Any]) -> dict[str, Any]:
    request = RequestFactory().post(
        "/api/v1/reports",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_ORIGIN=ORIGIN,
    )
    return request.environ


def test_the_fast_path_answers_a_report_itself_and_hands_a_refused_field_to_django(
    article: models.Article,
) -> None:
    answered = fast_intake.respond(_environ(report_payload(article.site)))
    handed_on = fast_intake.respond(_environ(report_payload(article.site, category="nope")))

    assert answered is not None
    assert answered.status_code == 201
    assert handed_on is None
    assert models.Report.objects.count() == 1


def test_a_refused_report_is_logged_as_django_logs_it(
    article: models.Article, caplog: pytest.LogCaptureFixture
) -> None:
    answer = fast_intake.respond(_environ({**report_payload(article.site), "site": "pk_unknown"}))

    assert answer is not None
    assert answer.status_code == 422
    assert [
        (record.levelname, record.getMessage())
        for record in caplog.records
        if record.name == "django.request"
    ] == [("WARNING", "Unprocessable Entity: /api/v1/reports")]

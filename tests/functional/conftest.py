"""Helpers for HTTP tests: post a report the way the widget does."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.apps import apps
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import Client, RequestFactory

from errata import models
from errata.api import fast_intake

ORIGIN = "https://quotidien.example"


def report_payload(site: models.Site, /, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "site": site.public_key,
        "article": {
            "url": "https://quotidien.example/budget",
            "title": "Lyon adopte son budget",
            "lang": "fr",
        },
        "selector": {
            "exact": "1,2 milliard",
            "prefix": "a adopté mardi un budget de ",
            "suffix": " d'euros.",
        },
        "category": "factual",
        "comment": "Le budget voté est de 1,3 milliard selon la délibération.",
        "suggestion": "1,3 milliard",
    }
    payload.update(overrides)
    return payload


PostReport = Callable[..., Any]


@contextmanager
def test_transaction_kept() -> Iterator[None]:
    """Django's request signals close the thread's connection, and with it the test's
    transaction; its test client unhooks them around a request, and so do these tests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def fast_path(client: Client, path: str, **request: Any) -> Any:
    """A report posted to the ASGI app's fast path (`api.fast_intake.respond`), which hands
    what it does not take to Django, as the ASGI app does."""
    environ = RequestFactory().post(path, **request).environ
    with test_transaction_kept():
        response: HttpResponse | None = fast_intake.respond(environ)
    if response is None:
        return client.post(path, **request)
    response.json = lambda: json.loads(response.content)  # type: ignore[attr-defined]
    return response


@pytest.fixture(params=["fast path", "django"])
def post_report(
    request: pytest.FixtureRequest, client: Client, immediate_tasks: None
) -> PostReport:
    """Posts a report the way the widget does, to each of the two paths that answer it:
    the ASGI app's fast path (decision 28) and Django's handler behind it."""
    send = client.post if request.param == "django" else lambda *a, **k: fast_path(client, *a, **k)

    def post(
        payload: Any, origin: str | None = ORIGIN, raw: bytes | None = None, **extra: Any
    ) -> Any:
        headers = {"HTTP_ORIGIN": origin} if origin else {}
        body = raw if raw is not None else json.dumps(payload)
        return send(
            "/api/v1/reports",
            data=body,
            content_type=extra.pop("content_type", "application/json"),
            **headers,
            **extra,
        )

    return post


def row_counts() -> dict[str, int]:
    """How many rows every errata table holds: a refused request must change none.

    Rate-limit counters aside: they count attempts, and are counted before the report is
    stored, outside its transaction (intake/pipeline.py)."""
    return {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("errata").get_models()
        if model is not models.RateCounter
    }

"""Helpers for HTTP tests: post a report the way the widget does."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from errata import models

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


@pytest.fixture
def post_report(client: Client, immediate_tasks: None) -> PostReport:
    def post(
        payload: Any, origin: str | None = ORIGIN, raw: bytes | None = None, **extra: Any
    ) -> Any:
        headers = {"HTTP_ORIGIN": origin} if origin else {}
        body = raw if raw is not None else json.dumps(payload)
        return client.post(
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

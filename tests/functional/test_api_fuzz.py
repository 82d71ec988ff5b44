"""Schemathesis over the whole API: whatever the OpenAPI document allows, no 5xx.

Every operation of `/api/openapi.json` gets generated requests, valid and not, with a
desk token and a site key that exist, so that the cases routes are reached behind their
authentication. Bounded to 100 examples per operation (about 40 s here), enough to find
an unbounded integer reaching the database; run it longer with `ERRATA_FUZZ_EXAMPLES=1000`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from errata import models
from tests.functional.desk.cases import member, open_case

EXAMPLES = int(os.environ.get("ERRATA_FUZZ_EXAMPLES", "100"))

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    # The WSGI handler closes database connections around each request; the test's own
    # transaction must survive them (Django's test client does the same).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def desk_token(article: models.Article) -> str:
    editor = member(article.site, role="admin")
    open_case(article)
    _token, secret = models.DeskToken.issue(editor, name="fuzz")
    return str(secret)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_request_makes_a_server_error(case: Any, desk_token: str) -> None:
    response = case.call(
        headers={"Authorization": f"Bearer {desk_token}", "Origin": "https://quotidien.example"}
    )

    assert response.status_code < 500, (case.method, case.path, response.text[:500])

"""GET /api/v1/widget-config: what the embed and the server agree on, per site."""

from __future__ import annotations

import pytest
from django.test import Client

from errata import models
from errata.intake import limits, proof
from errata.widget.bundle import bundle
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_config_states_categories_limits_and_proof_of_work(
    client: Client, site: models.Site
) -> None:
    response = client.get(
        "/api/v1/widget-config", {"site": site.public_key}, HTTP_ORIGIN="https://elsewhere.example"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["site"] == {"key": site.public_key, "name": site.name, "language": "fr"}
    assert body["categories"] == list(models.Category.values)
    assert body["limits"] == {
        "quote": limits.QUOTE_MAX,
        "context": 32,
        "comment": limits.COMMENT_MAX,
        "suggestion": limits.SUGGESTION_MAX,
        "email": limits.EMAIL_MAX,
    }
    assert set(body["languages"]) >= {"fr", "en"}
    assert body["strings_version"] == bundle().strings_version
    assert body["widget_version"] == bundle().version
    assert body["proof_of_work"] == {
        "required": False,
        "algorithm": "SHA-256",
        "max_number": proof.MAX_NUMBER,
    }
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"


def test_the_config_follows_the_site_switch(client: Client, db: None) -> None:
    site = factories.SiteFactory(require_proof_of_work=True)

    body = client.get("/api/v1/widget-config", {"site": site.public_key}).json()

    assert body["proof_of_work"]["required"] is True


def test_a_challenge_is_fresh_every_time(client: Client, site: models.Site) -> None:
    first = client.get("/api/v1/widget-config/challenge", {"site": site.public_key}).json()
    second = client.get("/api/v1/widget-config/challenge", {"site": site.public_key}).json()

    assert first["salt"] != second["salt"]
    assert f"site={site.public_key}" in first["salt"]
    assert first["maxNumber"] == proof.MAX_NUMBER


@pytest.mark.parametrize("path", ["/api/v1/widget-config", "/api/v1/widget-config/challenge"])
def test_an_unknown_site_is_a_404_problem(client: Client, db: None, path: str) -> None:
    response = client.get(path, {"site": "pk_nobody"})

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == "site"


@pytest.mark.parametrize("query", [{}, {"site": ""}, {"site": "k" * 65}])
def test_a_missing_or_oversized_key_is_a_422_problem(
    client: Client, db: None, query: dict[str, str]
) -> None:
    response = client.get("/api/v1/widget-config", query)

    assert response.status_code == 422
    assert response.json()["field"] == "site"

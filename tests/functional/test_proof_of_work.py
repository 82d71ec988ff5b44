"""Proof of work over HTTP: a site that requires it takes only fresh, solved, unused
challenges it issued itself; every refusal is a 422 naming `altcha`, nothing written."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

import altcha
import pytest
from django.test import Client

from errata import models
from errata.intake import proof
from tests import factories
from tests.functional.conftest import PostReport, report_payload, row_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def guarded_site(site: models.Site) -> models.Site:
    site.require_proof_of_work = True
    site.save(update_fields=["require_proof_of_work"])
    return site


def challenge_for(client: Client, site: models.Site) -> dict[str, Any]:
    response = client.get("/api/v1/widget-config/challenge", {"site": site.public_key})
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "no-store"
    data: dict[str, Any] = response.json()
    return data


def solved(challenge: dict[str, Any], **overrides: Any) -> str:
    """What the widget sends: the challenge and the number that solves it, base64 JSON."""
    solution = altcha.solve_challenge_v1(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxNumber"]
    )
    assert solution is not None
    payload = {
        "algorithm": challenge["algorithm"],
        "challenge": challenge["challenge"],
        "number": solution.number,
        "salt": challenge["salt"],
        "signature": challenge["signature"],
        **overrides,
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()


def assert_refused(response: Any, code: str, before: dict[str, int]) -> None:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["field"] == "altcha"
    assert body["code"] == code
    assert row_counts() == before


@pytest.fixture(autouse=True)
def _easy(monkeypatch: pytest.MonkeyPatch) -> None:
    # The same mechanism with a smaller search space, so solving in Python stays quick.
    monkeypatch.setattr(proof, "MAX_NUMBER", 2_000)


def test_a_valid_solution_is_accepted(
    client: Client, article: models.Article, guarded_site: models.Site, post_report: PostReport
) -> None:
    payload = report_payload(guarded_site, altcha=solved(challenge_for(client, guarded_site)))

    response = post_report(payload)

    assert response.status_code == 201, response.content
    assert models.Report.objects.count() == 1


def test_a_missing_solution_is_refused(
    article: models.Article, guarded_site: models.Site, post_report: PostReport
) -> None:
    before = row_counts()

    response = post_report(report_payload(guarded_site))

    assert_refused(response, "proof-of-work-required", before)


@pytest.mark.parametrize(
    "forgery",
    [
        pytest.param({"number": -1}, id="wrong-number"),
        pytest.param({"signature": "0" * 64}, id="forged-signature"),
        pytest.param({"salt": "0123456789abcdef?expires=4102444800&site=x&"}, id="own-salt"),
        pytest.param({"algorithm": "SHA-1"}, id="other-algorithm"),
        pytest.param({"number": "12"}, id="number-as-text"),
        pytest.param({"salt": 12}, id="salt-not-text"),
    ],
)
def test_a_forged_solution_is_refused(
    client: Client,
    article: models.Article,
    guarded_site: models.Site,
    post_report: PostReport,
    forgery: dict[str, Any],
) -> None:
    forged = solved(challenge_for(client, guarded_site), **forgery)
    before = row_counts()

    response = post_report(report_payload(guarded_site, altcha=forged))

    assert_refused(response, "proof-of-work-invalid", before)


@pytest.mark.parametrize("garbage", ["not base64!", base64.b64encode(b"[1, 2]").decode(), "e30="])
def test_garbage_is_refused_not_crashed_on(
    article: models.Article, guarded_site: models.Site, post_report: PostReport, garbage: str
) -> None:
    before = row_counts()

    response = post_report(report_payload(guarded_site, altcha=garbage))

    assert_refused(response, "proof-of-work-invalid", before)


def test_a_challenge_of_another_site_is_refused(
    client: Client, article: models.Article, guarded_site: models.Site, post_report: PostReport
) -> None:
    other = factories.SiteFactory(require_proof_of_work=True)
    before = row_counts()

    response = post_report(
        report_payload(guarded_site, altcha=solved(challenge_for(client, other)))
    )

    assert_refused(response, "proof-of-work-invalid", before)


def test_an_expired_solution_is_refused(
    client: Client,
    article: models.Article,
    guarded_site: models.Site,
    post_report: PostReport,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A challenge whose lifetime ended a minute ago, signed like any other.
    with monkeypatch.context() as patched:
        patched.setattr(proof, "LIFETIME", timedelta(minutes=-1))
        stale = solved(challenge_for(client, guarded_site))
    before = row_counts()

    response = post_report(report_payload(guarded_site, altcha=stale))

    assert_refused(response, "proof-of-work-expired", before)


def test_a_solution_is_good_for_one_report(
    client: Client, article: models.Article, guarded_site: models.Site, post_report: PostReport
) -> None:
    solution = solved(challenge_for(client, guarded_site))
    assert post_report(report_payload(guarded_site, altcha=solution)).status_code == 201
    before = row_counts()

    replayed = post_report(
        report_payload(guarded_site, altcha=solution, comment="Une seconde fois."),
        REMOTE_ADDR="203.0.113.7",
    )

    assert_refused(replayed, "proof-of-work-replayed", before)


def test_an_oversized_solution_is_refused_by_the_schema(
    article: models.Article, guarded_site: models.Site, post_report: PostReport
) -> None:
    before = row_counts()

    response = post_report(report_payload(guarded_site, altcha="A" * (proof.PAYLOAD_MAX + 1)))

    assert response.status_code == 422
    assert response.json()["field"] == "altcha"
    assert row_counts() == before


def test_a_site_without_the_requirement_ignores_the_field(
    article: models.Article, post_report: PostReport
) -> None:
    assert not article.site.require_proof_of_work

    response = post_report(report_payload(article.site))

    assert response.status_code == 201, response.content


def test_new_sites_require_proof_of_work_by_default(db: None) -> None:
    site = models.Site.objects.create(slug="nouveau", name="Nouveau")

    assert site.require_proof_of_work is True

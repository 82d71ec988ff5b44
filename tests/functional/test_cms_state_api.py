"""POST /api/v1/corrections/{id}/cms-state: the CMS says what it did with a correction."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client

from errata import models
from errata.services import cases
from tests import factories
from tests.functional.conftest import row_counts
from tests.functional.desk.cases import member, open_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def correction(article: models.Article) -> models.Correction:
    models.Article.objects.filter(pk=article.pk).update(source=models.ArticleSource.CMS)
    article.refresh_from_db()
    case = open_case(article)
    return cases.accept(member(article.site), case, kind="correction", passage_after="1,3 md")


@pytest.fixture
def api_key(site: models.Site) -> str:
    return models.ApiKey.issue(site, "CMS")[1]


def report(client: Client, key: str, correction_id: str, payload: Any) -> Any:
    return client.post(
        f"/api/v1/corrections/{correction_id}/cms-state",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


def test_a_correction_the_cms_could_not_apply_comes_back_to_the_desk(
    client: Client, api_key: str, correction: models.Correction
) -> None:
    response = report(
        client,
        api_key,
        str(correction.public_id),
        {"state": "needs_manual_edit", "detail": "The post changed since errata saw it"},
    )

    assert response.status_code == 200, response.content
    assert response.json()["state"] == "needs_manual_edit"
    correction.refresh_from_db()
    assert correction.cms_state == models.CmsState.NEEDS_MANUAL_EDIT
    assert correction.cms_reported_at is not None
    assert correction.case is not None
    event = correction.case.events.get(kind="webhook")
    assert event.note == (
        "The CMS could not apply the correction: edit the article by hand "
        "(The post changed since errata saw it)"
    )
    # The desk: the queue lists it for the site's editors, the case page says it.
    editor = member(correction.site)
    client.force_login(editor)
    queue = client.get("/desk/").content.decode()
    assert "Corrections to make by hand in the CMS" in queue
    assert correction.case.reference in queue
    page = client.get(f"/desk/{correction.site.slug}/cases/{correction.case.reference}/")
    assert "Needs a manual edit in the CMS" in page.content.decode()


def test_applied_is_recorded_once(
    client: Client, api_key: str, correction: models.Correction
) -> None:
    payload = {"state": "applied", "revision": "rev-88"}
    assert report(client, api_key, str(correction.public_id), payload).status_code == 200
    assert report(client, api_key, str(correction.public_id), payload).status_code == 200

    correction.refresh_from_db()
    assert (correction.cms_state, correction.cms_revision) == ("applied", "rev-88")
    assert correction.case is not None
    assert correction.case.events.filter(kind="webhook").count() == 1
    # An applied correction asks nothing of the desk.
    client.force_login(member(correction.site))
    assert "Corrections to make by hand" not in client.get("/desk/").content.decode()


def test_another_sites_key_cannot_see_or_touch_the_correction(
    client: Client, correction: models.Correction
) -> None:
    other = factories.SiteFactory(slug="autre", origins=["https://autre.example"])
    key = models.ApiKey.issue(other, "CMS")[1]
    before = row_counts()

    response = report(client, key, str(correction.public_id), {"state": "applied"})

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "correction_id"
    assert row_counts() == before
    correction.refresh_from_db()
    assert correction.cms_state == ""


@pytest.mark.parametrize(
    ("correction_id", "payload", "field"),
    [
        (None, {"state": "done"}, "state"),
        (None, {"state": "applied", "detail": "x" * 501}, "detail"),
        (None, {"state": "applied", "extra": 1}, "extra"),
        ("not-a-uuid", {"state": "applied"}, "correction_id"),
        (str(uuid.UUID(int=7)), {"state": "applied"}, "correction_id"),
    ],
)
def test_bad_requests_are_refused_naming_the_field(
    client: Client,
    api_key: str,
    correction: models.Correction,
    correction_id: str | None,
    payload: dict[str, Any],
    field: str,
) -> None:
    before = row_counts()

    response = report(client, api_key, correction_id or str(correction.public_id), payload)

    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == "application/problem+json"
    assert field in json.dumps(response.json())
    assert row_counts() == before


def test_without_a_key_nothing_is_said(client: Client, correction: models.Correction) -> None:
    response = client.post(
        f"/api/v1/corrections/{correction.public_id}/cms-state",
        data=json.dumps({"state": "applied"}),
        content_type="application/json",
    )
    assert response.status_code == 401
    correction.refresh_from_db()
    assert correction.cms_state == ""

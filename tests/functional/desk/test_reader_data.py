"""The desk's "Readers' data" page (administrators) and what the case page says about
readers' emails, in English and French."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from errata import models
from errata.services import retention
from tests import factories
from tests.functional.desk.cases import hosted_article, open_case
from tests.functional.desk.conftest import Newsroom, signed_in
from tests.functional.desk.test_i18n import (  # noqa: F401 - fixtures
    _back_to_the_default_language,
    _compiled_catalogue,
)

pytestmark = pytest.mark.django_db

ADDRESS = "lectrice@example.org"


def url(site: models.Site, tail: str = "") -> str:
    return f"/desk/{site.slug}/readers/{tail}"


def test_an_administrator_downloads_a_readers_data(newsroom: Newsroom) -> None:
    client = signed_in(newsroom.admin)
    assert client.get(url(newsroom.site)).status_code == 200

    response = client.post(url(newsroom.site, "export/"), {"email": ADDRESS.upper()})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    assert ADDRESS not in response["Content-Disposition"]
    data = json.loads(response.content)
    assert [r["case"] for r in data["reports"]] == [newsroom.case.reference]
    assert data["reports"][0]["comment"] == "<script>alert(1)</script>"
    page = client.get(url(newsroom.site)).content.decode()
    assert "l…@e….org" in page
    assert ADDRESS not in page
    assert "ada" in page


def test_an_erasure_needs_a_confirmation_then_is_done_and_logged(newsroom: Newsroom) -> None:
    client = signed_in(newsroom.admin)
    unconfirmed = client.post(url(newsroom.site, "erase/"), {"email": ADDRESS})
    assert unconfirmed.status_code == 422
    assert newsroom.case.reports.get().contact_email == ADDRESS

    response = client.post(
        url(newsroom.site, "erase/"), {"email": ADDRESS, "confirm": "on"}, follow=True
    )

    assert response.status_code == 200
    assert "Erased: 1 report(s)" in response.content.decode()
    report = newsroom.case.reports.get()
    assert (report.contact_email, report.contact_purge_reason) == ("", "reader_request")
    assert report.comment == "<script>alert(1)</script>"
    case_page = client.get(f"/desk/{newsroom.site.slug}/cases/{newsroom.case.reference}/")
    text = case_page.content.decode()
    assert "at the reader's request" in text.replace("&#x27;", "'")
    assert "<script>alert(1)</script>" not in text  # the reader's text stays escaped
    row = models.ReaderRequest.objects.get()
    assert (row.kind, row.actor, row.channel) == ("erase", newsroom.admin, "desk")


@pytest.mark.parametrize("who", ["editor", "outsider"])
def test_only_the_sites_administrators_get_in(newsroom: Newsroom, who: str) -> None:
    client = signed_in(getattr(newsroom, who))
    expected = 403 if who == "editor" else 404
    assert client.get(url(newsroom.site)).status_code == expected
    assert client.post(url(newsroom.site, "export/"), {"email": ADDRESS}).status_code == expected
    erase = client.post(url(newsroom.site, "erase/"), {"email": ADDRESS, "confirm": "on"})
    assert erase.status_code == expected
    assert newsroom.case.reports.get().contact_email == ADDRESS
    assert not models.ReaderRequest.objects.exists()


def test_an_admin_of_one_site_cannot_reach_another_sites_readers(newsroom: Newsroom) -> None:
    """Site B's administrator, on B's page, finds and erases nothing of site A."""
    models.Membership.objects.filter(site=newsroom.other_site, user=newsroom.outsider).update(
        role=models.Membership.Role.ADMIN
    )
    other_admin = newsroom.outsider
    other_case = open_case(
        hosted_article(newsroom.other_site, url="https://gazette.example/a"),
        reports=[{"contact_email": ADDRESS, "comment": "Gazette"}],
    )
    client = signed_in(other_admin)
    site_b = newsroom.other_site

    data = json.loads(client.post(url(site_b, "export/"), {"email": ADDRESS}).content)
    assert [r["comment"] for r in data["reports"]] == ["Gazette"]
    client.post(url(site_b, "erase/"), {"email": ADDRESS, "confirm": "on"})

    assert other_case.reports.get().contact_email == ""
    assert newsroom.case.reports.get().contact_email == ADDRESS
    assert client.get(url(newsroom.site)).status_code == 404
    assert client.post(url(newsroom.site, "export/"), {"email": ADDRESS}).status_code == 404
    assert [r.site for r in models.ReaderRequest.objects.all()] == [site_b, site_b]


def test_the_address_never_goes_in_a_url(newsroom: Newsroom) -> None:
    client = signed_in(newsroom.admin)
    assert client.get(url(newsroom.site, "export/"), {"email": ADDRESS}).status_code == 405


def _expired(case: models.Case) -> None:
    case.reports.update(created_at=timezone.now() - timedelta(days=100))
    assert retention.sweep().contacts >= 1


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "The email of 1 reader was erased: the site keeps readers' emails 90 days."),
        (
            "fr",
            "L'adresse de 1 lecteur a été effacée : le site garde les adresses des lecteurs 90 jours.",
        ),
    ],
)
def test_the_case_page_says_an_open_cases_contact_expired(
    newsroom: Newsroom, language: str, expected: str
) -> None:
    _expired(newsroom.case)
    client = signed_in(newsroom.editor)
    page = client.get(
        f"/desk/{newsroom.site.slug}/cases/{newsroom.case.reference}/",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    text = page.content.decode().replace("&#x27;", "'")
    assert expected in text
    assert ADDRESS not in text
    newsroom.case.refresh_from_db()
    assert newsroom.case.is_open
    assert newsroom.case.reports.count() == 1


def test_the_case_page_says_until_when_an_email_is_kept(newsroom: Newsroom) -> None:
    page = signed_in(newsroom.editor).get(
        f"/desk/{newsroom.site.slug}/cases/{newsroom.case.reference}/",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "kept until" in page.content.decode()


def test_operators_see_the_requests_in_the_admin_but_cannot_delete_them(
    newsroom: Newsroom,
) -> None:
    signed_in(newsroom.admin).post(url(newsroom.site, "export/"), {"email": ADDRESS})
    row = models.ReaderRequest.objects.get()
    operator = factories.UserFactory(is_staff=True, is_superuser=True, password=None)
    client = signed_in(operator)

    listing = client.get("/admin/errata/readerrequest/")
    assert listing.status_code == 200
    assert "l…@e….org" in listing.content.decode()
    assert ADDRESS not in listing.content.decode()
    assert (
        client.post(f"/admin/errata/readerrequest/{row.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert models.ReaderRequest.objects.filter(pk=row.pk).exists()

"""Administrators manage their site from the desk: settings, members, CMS keys."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from errata import models
from tests.functional.conftest import row_counts
from tests.functional.desk.conftest import Newsroom, signed_in

pytestmark = pytest.mark.django_db

SETTINGS = {
    "name": "Le Quotidien",
    "language": "fr",
    "sla_hours": 12,
    "allow_silent_fixes": "on",
    "contact_retention_days": 30,
    "webhook_url": "https://cms.quotidien.example/errata",
    "webhook_secret": "s3cret-value",
}


def admin_url(room: Newsroom, tail: str = "") -> str:
    return f"/desk/{room.site.slug}/admin/{tail}"


def test_settings_are_saved_and_the_secret_never_shown(newsroom: Newsroom) -> None:
    client = signed_in(newsroom.admin)
    assert client.post(admin_url(newsroom, "settings/"), SETTINGS).status_code == 302
    site = models.Site.objects.get(pk=newsroom.site.pk)
    assert (site.sla_hours, site.allow_silent_fixes, site.contact_retention_days) == (12, True, 30)
    assert (site.webhook_url, site.webhook_secret) == (SETTINGS["webhook_url"], "s3cret-value")
    page = client.get(admin_url(newsroom)).content.decode()
    assert "s3cret-value" not in page
    assert "A webhook secret is set." in page

    # An empty secret field keeps the secret.
    assert (
        client.post(
            admin_url(newsroom, "settings/"), {**SETTINGS, "webhook_secret": ""}
        ).status_code
        == 302
    )
    assert models.Site.objects.get(pk=site.pk).webhook_secret == "s3cret-value"


def test_a_site_chooses_its_spelling_variants(newsroom: Newsroom) -> None:
    client = signed_in(newsroom.admin)
    assert models.Site.objects.get(pk=newsroom.site.pk).spelling_variants == "both"
    response = client.post(
        admin_url(newsroom, "settings/"), {**SETTINGS, "spelling_variants": "classic"}
    )
    assert response.status_code == 302
    assert models.Site.objects.get(pk=newsroom.site.pk).spelling_variants == "classic"
    # Not sent: the choice is kept.
    assert client.post(admin_url(newsroom, "settings/"), SETTINGS).status_code == 302
    assert models.Site.objects.get(pk=newsroom.site.pk).spelling_variants == "classic"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sla_hours", 0),
        ("contact_retention_days", 5000),
        ("webhook_url", "ftp://x"),
        ("webhook_url", "http://127.0.0.1:8080/hook"),
        ("webhook_url", "http://localhost/hook"),
        ("webhook_url", "http://[::ffff:127.0.0.1]/hook"),
        ("webhook_url", "http://169.254.169.254/latest/meta-data/"),
        ("webhook_url", "https://10.1.2.3/hook"),
        ("spelling_variants", "modern"),
        ("language", "français"),
    ],
)
def test_bad_settings_change_nothing(newsroom: Newsroom, field: str, value: Any) -> None:
    before = models.Site.objects.filter(pk=newsroom.site.pk).values().get()
    response = signed_in(newsroom.admin).post(
        admin_url(newsroom, "settings/"), {**SETTINGS, field: value}
    )
    assert response.status_code == 422
    assert models.Site.objects.filter(pk=newsroom.site.pk).values().get() == before


def test_a_webhook_on_a_local_address_is_refused_with_the_reason(newsroom: Newsroom) -> None:
    response = signed_in(newsroom.admin).post(
        admin_url(newsroom, "settings/"), {**SETTINGS, "webhook_url": "http://127.0.0.1:22/"}
    )

    assert response.status_code == 422
    assert "private or local network" in response.content.decode()


def test_members_are_added_changed_and_removed(newsroom: Newsroom) -> None:
    client = signed_in(newsroom.admin)
    assert (
        client.post(
            admin_url(newsroom, "members/"), {"username": "olivier", "role": "editor"}
        ).status_code
        == 302
    )
    olivier = models.Membership.objects.get(site=newsroom.site, user=newsroom.outsider)
    assert (
        client.post(
            admin_url(newsroom, "members/"), {"username": "olivier", "role": "admin"}
        ).status_code
        == 302
    )
    olivier.refresh_from_db()
    assert olivier.role == "admin"
    assert client.post(admin_url(newsroom, f"members/{olivier.pk}/remove/")).status_code == 302
    assert not models.Membership.objects.filter(pk=olivier.pk).exists()

    counts = row_counts()
    response = client.post(admin_url(newsroom, "members/"), {"username": "ghost", "role": "editor"})
    assert response.status_code == 422
    assert row_counts() == counts


def test_the_last_administrator_stays(newsroom: Newsroom) -> None:
    client = signed_in(newsroom.admin)
    mine = models.Membership.objects.get(site=newsroom.site, user=newsroom.admin)
    assert client.post(admin_url(newsroom, f"members/{mine.pk}/remove/")).status_code == 409
    response = client.post(admin_url(newsroom, "members/"), {"username": "ada", "role": "editor"})
    assert response.status_code == 409
    mine.refresh_from_db()
    assert mine.role == "admin"


def test_cms_keys_are_issued_once_and_revoked(newsroom: Newsroom) -> None:
    client = signed_in(newsroom.admin)
    response = client.post(admin_url(newsroom, "keys/"), {"name": "Newsroom CMS"})
    raw = response.context["raw_key"]
    assert raw.startswith("ek_")
    assert raw in response.content.decode()
    assert raw not in client.get(admin_url(newsroom)).content.decode()
    key = models.ApiKey.objects.get(name="Newsroom CMS")
    assert models.ApiKey.authenticate(raw) == key

    assert client.post(admin_url(newsroom, f"keys/{key.pk}/revoke/")).status_code == 302
    assert models.ApiKey.authenticate(raw) is None
    assert client.post(admin_url(newsroom, f"keys/{key.pk}/revoke/")).status_code == 404


def test_keys_of_another_site_cannot_be_revoked(newsroom: Newsroom) -> None:
    other_key, _raw = models.ApiKey.issue(newsroom.other_site, "their CMS")
    response = signed_in(newsroom.admin).post(admin_url(newsroom, f"keys/{other_key.pk}/revoke/"))
    assert response.status_code == 404
    other_key.refresh_from_db()
    assert other_key.revoked_at is None
    assert Client().get(admin_url(newsroom)).status_code == 302


def test_the_menu_offers_administration_to_administrators_only(newsroom: Newsroom) -> None:
    stats = f"/desk/{newsroom.site.slug}/stats/"
    assert admin_url(newsroom) in signed_in(newsroom.admin).get(stats).content.decode()
    assert admin_url(newsroom) not in signed_in(newsroom.editor).get(stats).content.decode()


def test_the_setup_is_managed_from_the_desk_and_each_change_listed(newsroom: Newsroom) -> None:
    client = signed_in(newsroom.admin)
    site = newsroom.site

    added = client.post(
        admin_url(newsroom, "origins/"), {"origin": "https://www.quotidien.example"}
    )
    setup = client.post(
        admin_url(newsroom, "setup/"),
        {"article_selector": "div.article-body", "url_rule": "exact"},
    )
    origin = models.SiteOrigin.objects.get(site=site, origin="https://quotidien.example")
    removed = client.post(admin_url(newsroom, f"origins/{origin.pk}/remove/"))

    assert [r.status_code for r in (added, setup, removed)] == [302, 302, 302]
    site.refresh_from_db()
    assert site.allowed_origins() == {"https://www.quotidien.example"}
    assert (site.article_selector, site.url_rule) == ("div.article-body", "exact")
    page = client.get(admin_url(newsroom)).content.decode()
    assert "<code>div.article-body</code>" in page  # in the list of latest changes
    assert page.count(newsroom.admin.get_username()) >= 4
    assert models.SiteChange.objects.for_site(site).count() == 4


@pytest.mark.parametrize(
    ("tail", "data", "field"),
    [
        ("setup/", {"article_selector": "div {", "url_rule": "same-host"}, "article_selector"),
        ("setup/", {"article_selector": "", "url_rule": "loose"}, "url_rule"),
        ("origins/", {"origin": "quotidien.example"}, "origin"),
    ],
)
def test_a_bad_setup_is_refused_and_changes_nothing(
    newsroom: Newsroom, tail: str, data: dict[str, str], field: str
) -> None:
    before = row_counts()

    response = signed_in(newsroom.admin).post(admin_url(newsroom, tail), data)

    assert response.status_code == 422
    assert row_counts() == before
    assert models.Site.objects.get(pk=newsroom.site.pk).url_rule == "same-host"


def test_a_selector_with_markup_is_shown_escaped(newsroom: Newsroom) -> None:
    client = signed_in(newsroom.admin)

    response = client.post(
        admin_url(newsroom, "setup/"),
        {"article_selector": '[data-x="<img src=x onerror=alert(1)>"]', "url_rule": "same-host"},
    )

    assert response.status_code == 422
    assert "<img src=x" not in response.content.decode()


def test_an_origin_of_another_site_cannot_be_removed(newsroom: Newsroom) -> None:
    other = models.Site.objects.create(slug="autre", name="Autre")
    foreign = models.SiteOrigin.objects.create(site=other, origin="https://autre.example")

    response = signed_in(newsroom.admin).post(admin_url(newsroom, f"origins/{foreign.pk}/remove/"))

    assert response.status_code == 404
    assert models.SiteOrigin.objects.filter(pk=foreign.pk).exists()


def test_a_site_without_origins_is_flagged_on_its_page(newsroom: Newsroom) -> None:
    models.SiteOrigin.objects.filter(site=newsroom.site).delete()

    page = signed_in(newsroom.admin).get(admin_url(newsroom)).content.decode()

    assert "every report is refused" in page

"""Setting a site up: origins, article selector, URL rule; each change audited, each
refusal naming its field and changing nothing."""

from __future__ import annotations

import pytest

from errata import models
from errata.errors import Problem
from errata.models import SiteChangeChannel, SiteChangeKind
from errata.services import site_setup, sites
from tests import factories
from tests.functional.desk.cases import member

pytestmark = pytest.mark.django_db


def changes(site: models.Site) -> list[tuple[str, str, str, str, str]]:
    return [
        (c.kind, c.setting, c.old_value, c.new_value, c.actor_name)
        for c in models.SiteChange.objects.for_site(site).order_by("pk")
    ]


def test_origins_are_added_and_removed_with_an_audit_row_each(site: models.Site) -> None:
    admin = member(site, "admin", username="alice")

    allowed, created = site_setup.add_origin(admin, site, "HTTPS://WWW.Quotidien.example/any/path")
    again, created_again = site_setup.add_origin(admin, site, "https://www.quotidien.example")
    site_setup.remove_origin(admin, site, "https://quotidien.example")

    assert allowed.origin == "https://www.quotidien.example"
    assert (created, created_again, again.pk) == (True, False, allowed.pk)
    assert site.allowed_origins() == {"https://www.quotidien.example"}
    assert changes(site) == [
        (SiteChangeKind.ORIGIN_ADDED, "origins", "", "https://www.quotidien.example", "alice"),
        (SiteChangeKind.ORIGIN_REMOVED, "origins", "https://quotidien.example", "", "alice"),
    ]


@pytest.mark.parametrize("origin", ["quotidien.example", "ftp://quotidien.example", "https://"])
def test_a_bad_origin_is_refused_naming_the_field(site: models.Site, origin: str) -> None:
    admin = member(site, "admin")

    with pytest.raises(Problem) as refused:
        site_setup.add_origin(admin, site, origin)

    assert (refused.value.status, refused.value.field) == (422, "origin")
    assert site.allowed_origins() == {"https://quotidien.example"}
    assert changes(site) == []


def test_removing_an_origin_the_site_does_not_have_is_not_found(site: models.Site) -> None:
    with pytest.raises(Problem) as refused:
        site_setup.remove_origin(member(site, "admin"), site, "https://elsewhere.example")

    assert refused.value.status == 404
    assert changes(site) == []


@pytest.mark.parametrize(
    "selector", ["div.article-body", "main article:not(.teaser) > .body", "[itemprop=text]"]
)
def test_an_article_selector_is_set_and_audited(site: models.Site, selector: str) -> None:
    admin = member(site, "admin", username="alice")

    written = site_setup.set_article_selector(admin, site, f"  {selector} ")
    unchanged = site_setup.set_article_selector(admin, site, selector)

    assert models.Site.objects.get(pk=site.pk).article_selector == selector
    assert len(written) == 1
    assert unchanged == []
    assert changes(site) == [(SiteChangeKind.SETTING, "article_selector", "", selector, "alice")]


@pytest.mark.parametrize(
    ("selector", "code"),
    [
        ("div.", "invalid-selector"),
        ("div {color: red}", "invalid-selector"),
        ("div; x", "invalid-selector"),
        ("h1::before", "invalid-selector"),
        ("> div", "invalid-selector"),
        ("div\n.x", "invalid-selector"),
        ("." + "a" * 250, "too-long"),
    ],
)
def test_a_bad_selector_is_refused_and_changes_nothing(
    site: models.Site, selector: str, code: str
) -> None:
    with pytest.raises(Problem) as refused:
        site_setup.set_article_selector(member(site, "admin"), site, selector)

    assert (refused.value.status, refused.value.code, refused.value.field) == (
        422,
        code,
        "article_selector",
    )
    assert models.Site.objects.get(pk=site.pk).article_selector == ""
    assert changes(site) == []


def test_the_url_rule_is_set_and_audited_and_an_unknown_rule_refused(site: models.Site) -> None:
    admin = member(site, "admin", username="alice")

    site_setup.set_url_rule(admin, site, "exact")
    with pytest.raises(Problem) as refused:
        site_setup.set_url_rule(admin, site, "anything")

    assert refused.value.field == "url_rule"
    assert models.Site.objects.get(pk=site.pk).url_rule == "exact"
    assert changes(site) == [(SiteChangeKind.SETTING, "url_rule", "same-host", "exact", "alice")]


def test_a_bad_selector_leaves_the_url_rule_alone_too(site: models.Site) -> None:
    with pytest.raises(Problem):
        site_setup.update_setup(
            member(site, "admin"), site, article_selector="div.", url_rule="exact"
        )

    assert models.Site.objects.get(pk=site.pk).url_rule == "same-host"


def test_editors_and_outsiders_may_not_change_the_setup(site: models.Site) -> None:
    other = factories.SiteFactory(slug="autre")
    outsider = member(other, "admin")

    with pytest.raises(Problem) as editor_refused:
        site_setup.add_origin(member(site, "editor"), site, "https://x.example")
    with pytest.raises(Problem) as outsider_refused:
        site_setup.set_url_rule(outsider, site, "exact")

    assert (editor_refused.value.status, outsider_refused.value.status) == (403, 404)
    assert changes(site) == []


def test_the_shell_acts_under_the_operators_login_name(site: models.Site) -> None:
    site_setup.add_origin(None, site, "https://www.quotidien.example", SiteChangeChannel.CLI)

    [change] = models.SiteChange.objects.for_site(site)
    assert change.actor is None
    assert change.channel == "cli"
    assert change.actor_name
    with pytest.raises(ValueError, match="shell"):
        site_setup.add_origin(None, site, "https://x.example", SiteChangeChannel.DESK)


def test_settings_changes_are_audited_without_the_secret(site: models.Site) -> None:
    admin = member(site, "admin", username="alice")

    sites.update_settings(
        admin,
        site,
        name=site.name,
        language="en",
        sla_hours=site.sla_hours,
        allow_silent_fixes=False,
        contact_retention_days=site.contact_retention_days,
        webhook_url="",
        webhook_secret="s3cret-value",
    )

    rows = changes(site)
    assert [(setting, old, new) for _, setting, old, new, _ in rows] == [
        ("language", "fr", "en"),
        ("webhook_secret", "", "(changed)"),
    ]
    assert all("s3cret" not in str(row) for row in rows)


def test_a_sites_changes_are_its_own(site: models.Site) -> None:
    other = factories.SiteFactory(slug="autre")
    site_setup.add_origin(None, other, "https://www.autre.example", SiteChangeChannel.CLI)

    assert site_setup.recent_changes(site) == []
    assert len(site_setup.recent_changes(other)) == 1

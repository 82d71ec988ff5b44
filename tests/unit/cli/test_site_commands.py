"""`errata site …`: a site's setup from the shell, each change audited."""

from __future__ import annotations

import pytest

from errata import models
from tests.unit.cli.conftest import Invoke, refused

pytestmark = pytest.mark.django_db


def test_list_and_show_say_how_the_site_is_set_up(cli: Invoke, site: models.Site) -> None:
    listed = cli("site", "list")
    shown = cli("site", "show", site.slug)

    assert listed.exit_code == 0, listed.output
    assert f"{site.slug}  «{site.name}»  fr  same-host  https://quotidien.example" in listed.output
    assert shown.exit_code == 0, shown.output
    assert f'data-site="{site.public_key}"' in shown.output
    assert "allowed origins:   https://quotidien.example" in shown.output
    assert "URL rule:          same-host" in shown.output
    assert "article selector:  (none: the widget decides)" in shown.output


def test_origins_selector_and_rule_are_changed_and_audited(cli: Invoke, site: models.Site) -> None:
    results = [
        cli("site", "add-origin", site.slug, "https://www.quotidien.example/"),
        cli("site", "add-origin", site.slug, "https://www.quotidien.example"),
        cli("site", "remove-origin", site.slug, "https://quotidien.example"),
        cli("site", "set-selector", site.slug, "div.article-body"),
        cli("site", "set-url-rule", site.slug, "exact"),
    ]

    assert [r.exit_code for r in results] == [0] * 5, [r.output for r in results]
    assert "already allowed" in results[1].output
    site.refresh_from_db()
    assert site.allowed_origins() == {"https://www.quotidien.example"}
    assert (site.article_selector, site.url_rule) == ("div.article-body", "exact")
    audit = list(models.SiteChange.objects.for_site(site).order_by("pk"))
    assert [(c.setting, c.old_value, c.new_value) for c in audit] == [
        ("origins", "", "https://www.quotidien.example"),
        ("origins", "https://quotidien.example", ""),
        ("article_selector", "", "div.article-body"),
        ("url_rule", "same-host", "exact"),
    ]
    assert {c.channel for c in audit} == {"cli"}
    shown = cli("site", "show", site.slug).output
    assert "url_rule: same-host → exact" in shown


def test_removing_the_last_origin_warns_that_reports_are_refused(
    cli: Invoke, site: models.Site
) -> None:
    result = cli("site", "remove-origin", site.slug, "https://quotidien.example")

    assert result.exit_code == 0
    assert "site-not-configured" in result.output


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("add-origin", "quotidien", "not an origin"), "'URL'"),
        (("set-selector", "quotidien", "div {"), "'SELECTOR'"),
        (("set-selector", "quotidien", "div."), "'SELECTOR'"),
        (("set-url-rule", "quotidien", "loose"), "'{same-host|exact}'"),
        (("show", "nowhere"), "'SLUG'"),
    ],
)
def test_bad_input_is_refused_cleanly_and_changes_nothing(
    cli: Invoke, site: models.Site, args: tuple[str, ...], option: str
) -> None:
    result = cli("site", *args)

    assert refused(result, option), result.output
    assert models.SiteChange.objects.count() == 0


def test_removing_an_origin_the_site_does_not_have_fails(cli: Invoke, site: models.Site) -> None:
    result = cli("site", "remove-origin", site.slug, "https://elsewhere.example")

    assert result.exit_code == 1
    assert "No such allowed origin" in result.output

"""`errata demo`: the demo site, its two articles and editor, loaded again without loss."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from errata import models
from errata.demo import DEMO_SITE_SLUG, demo_articles, load_demo
from errata.demo.content import parse
from tests.unit.cli.conftest import Invoke

pytestmark = pytest.mark.django_db


def _password(output: str) -> str:
    found = re.search(r"password: (\S+)", output)
    assert found is not None, output
    return found.group(1)


def _report(client: Client, site: models.Site, article: models.Article, exact: str) -> None:
    response = client.post(
        "/api/v1/reports",
        data=json.dumps(
            {
                "site": site.public_key,
                "article": {"url": article.url, "title": article.title, "lang": article.language},
                "selector": {"exact": exact},
                "category": "factual",
                "comment": "Le chiffre diffère plus loin dans l'article.",
            }
        ),
        content_type="application/json",
        HTTP_ORIGIN="http://127.0.0.1:8000",
    )
    assert response.status_code == 201, response.content


def test_demo_loads_the_site_two_hosted_articles_and_an_editor(cli: Invoke) -> None:
    result = cli("demo")

    assert result.exit_code == 0, result.output
    site = models.Site.objects.get(slug=DEMO_SITE_SLUG)
    assert (site.name, site.language) == ("Le Quotidien (démo)", "fr")
    assert set(site.origins.values_list("origin", flat=True)) == {
        "http://127.0.0.1:8000",
        "http://localhost:8000",
    }
    articles = models.Article.objects.for_site(site).order_by("language")
    assert [a.language for a in articles] == ["en", "fr"]
    for article in articles:
        assert article.source == models.ArticleSource.HOSTED
        assert article.url == f"http://127.0.0.1:8000/articles/{article.slug}/"
        assert article.byline
        assert article.published_at is not None
        assert [v.source for v in article.versions.all()] == [models.VersionSource.DEMO]
        assert article.url in result.output
    editor = authenticate(username="editor", password=_password(result.output))
    assert editor is not None
    # The desk is the editor's; the admin, which sees every site, is for operators.
    assert not editor.is_staff
    assert not editor.has_perm("errata.view_case")
    assert models.Membership.objects.get(user=editor).site == site
    assert "http://127.0.0.1:8000/desk/login/" in result.output
    assert f"public key:    {site.public_key}" in result.output


def test_demo_again_keeps_reports_and_versions_and_resets_the_password(
    cli: Invoke, client: Client, immediate_tasks: None
) -> None:
    first = cli("demo")
    site = models.Site.objects.get(slug=DEMO_SITE_SLUG)
    # Posting like a server, not the widget: no proof of work. The setting survives `demo`.
    site.require_proof_of_work = False
    site.save(update_fields=["require_proof_of_work"])
    article = models.Article.objects.for_site(site).get(language="fr")
    _report(client, site, article, "4 300")
    counts = {
        model.__name__: model.objects.count()
        for model in (models.Site, models.Article, models.ArticleVersion, models.Report)
    }
    counts["Case"] = models.Case.objects.count()

    second = cli("demo")

    assert second.exit_code == 0, second.output
    assert counts == {
        "Site": 1,
        "Article": 2,
        "ArticleVersion": 2,
        "Report": 1,
        "Case": 1,
    }
    assert models.Report.objects.get().article == article
    assert not models.Site.objects.get(slug=DEMO_SITE_SLUG).require_proof_of_work
    assert authenticate(username="editor", password=_password(first.output)) is None
    assert authenticate(username="editor", password=_password(second.output)) is not None


def test_a_new_public_url_moves_the_demo_articles_with_their_reports(
    client: Client, settings: object, immediate_tasks: None
) -> None:
    first = load_demo()
    setattr(settings, "ERRATA_PUBLIC_URL", "https://errata.example")  # noqa: B010

    second = load_demo()

    assert [a.pk for a in second.articles] == [a.pk for a in first.articles]
    assert all(a.url.startswith("https://errata.example/articles/") for a in second.articles)
    assert second.site.allows_origin("https://errata.example")


def test_a_demo_editor_from_an_earlier_version_loses_its_admin_permissions() -> None:
    first = load_demo()
    view = Permission.objects.filter(content_type__app_label="errata", codename="view_case")
    first.editor.user_permissions.add(*view)  # type: ignore[attr-defined]

    again = load_demo()

    assert not get_user_model().objects.get(pk=again.editor.pk).has_perm("errata.view_case")


def test_the_demo_articles_read_like_wire_reports_of_500_to_700_words() -> None:
    articles = demo_articles()

    assert sorted(a.language for a in articles) == ["en", "fr"]
    for article in articles:
        assert 500 <= len(article.body.split()) <= 700, article.slug
        assert "\n\n" in article.body
        assert article.published_at.tzinfo is not None


@pytest.mark.parametrize(
    ("language", "planted"),
    [
        # docs/demo.md tells testers where to look: these must stay true.
        ("fr", ["4 300 travailleurs", "Pour les 3 400 frontaliers"]),
        ("fr", ["l'acceuil des voyageurs", "dévelopement"]),
        ("fr", ["la vice-présidente chargée des transports, Hélène Garnier"]),
        ("fr", ["la présidente de la commission des finances, Hélène Garnier"]),
        ("en", ["an £86 million flood defence scheme", "the £68 million scheme"]),
        ("en", ["goverment grant", "Insurers recieved"]),
        ("en", ["executive member for climate and environment", "deputy leader"]),
    ],
)
def test_the_planted_mistakes_are_in_the_demo_articles(language: str, planted: list[str]) -> None:
    body = next(a.body for a in demo_articles() if a.language == language)
    for passage in planted:
        assert passage in body


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("no front matter", "must start with a front matter"),
        ("---\nslug: a\n---\ntext", "lacks title, byline, language, published_at"),
        ("---\nslug a\n---\n", "is not 'key: value'"),
        (
            "---\nslug: a\ntitle: T\nbyline: B\nlanguage: fr\npublished_at: 2025-01-01T10:00\n---\nx",
            "needs a UTC offset",
        ),
    ],
)
def test_a_malformed_demo_file_is_an_error(source: str, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        parse(source)

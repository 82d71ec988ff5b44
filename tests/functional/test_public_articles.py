"""The home page and the hosted article pages, over HTTP."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from errata import models
from errata.demo import load_demo
from errata.public.articles import KIND_LABELS, PAGE_TEXT
from errata.services.articles import upsert_article
from errata.services.corrections import publish_correction
from errata.text import html_to_text
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _path(article: models.Article) -> str:
    return article.url.removeprefix("http://127.0.0.1:8000")


def _article_element(html: str) -> tuple[str, str]:
    """(opening tag, inner HTML) of the page's one [data-errata-article] element."""
    found = re.findall(r"(<article data-errata-article[^>]*>)(.*?)</article>", html, re.DOTALL)
    assert len(found) == 1, "exactly one article element"
    return found[0]


def _hosted(site: models.Site, slug: str, *, title: str, text: str) -> models.Article:
    return upsert_article(
        site,
        url=f"http://127.0.0.1:8000/articles/{slug}/",
        source=models.ArticleSource.HOSTED,
        version_source=models.VersionSource.DEMO,
        title=title,
        language="en",
        text=text,
        slug=slug,
    ).article


def test_the_home_page_links_both_demo_articles(client: Client) -> None:
    demo = load_demo()

    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert len(demo.articles) == 2
    for article in demo.articles:
        assert f'<a href="{article.url}">' in page
        assert article.title.replace("'", "&#x27;") in page
    assert {a.language for a in demo.articles} == {"fr", "en"}
    for link in ('href="/corrections/demo/"', 'href="/api/docs"', 'href="/desk/"'):
        assert link in page


def test_before_the_demo_the_home_page_says_how_to_load_it(client: Client) -> None:
    page = client.get("/").content.decode()

    assert "errata demo" in page
    assert "/corrections/demo/" not in page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_article_page_carries_canonical_link_article_element_and_widget_tag(
    client: Client, language: str
) -> None:
    demo = load_demo()
    article = next(a for a in demo.articles if a.language == language)

    response = client.get(_path(article))

    assert response.status_code == 200
    page = response.content.decode()
    assert f'<link rel="canonical" href="{article.url}">' in page
    assert f'<html lang="{language}">' in page
    opening, _inner = _article_element(page)
    assert opening == f'<article data-errata-article lang="{language}">'
    assert (
        '<script src="http://127.0.0.1:8000/widget.js" '
        f'data-site="{demo.site.public_key}" defer></script>'
    ) in page
    assert PAGE_TEXT[language]["invite"] in page
    assert article.byline in page


def test_the_article_element_holds_exactly_the_versions_text(client: Client) -> None:
    # What the widget reads from the page must be the text errata anchors reports in.
    for article in load_demo().articles:
        _opening, inner = _article_element(client.get(_path(article)).content.decode())
        assert html_to_text(inner) == article.latest_version().text  # type: ignore[union-attr]


def test_a_line_break_is_a_br_and_markup_in_the_text_stays_text(
    site: models.Site, client: Client
) -> None:
    text = "First line & more\nsecond line <b>bold?</b>\n\nSecond paragraph."
    article = _hosted(site, "breaks", title="Breaks", text=text)

    _opening, inner = _article_element(client.get(_path(article)).content.decode())

    assert "<p>First line &amp; more<br>second line &lt;b&gt;bold?&lt;/b&gt;</p>" in inner
    assert "<b>" not in inner
    assert html_to_text(inner) == text


def test_hostile_titles_bylines_texts_and_notices_are_escaped(
    site: models.Site, client: Client
) -> None:
    article = _hosted(site, "hostile", title=HOSTILE, text=f"Text {HOSTILE} here.")
    article.byline = HOSTILE
    article.save(update_fields=["byline"])
    publish_correction(article=article, kind=models.CorrectionKind.CORRECTION, notice=HOSTILE)

    page = client.get(_path(article)).content.decode()

    assert HOSTILE not in page
    assert page.count(ESCAPED) == 5  # <title>, <h1>, byline, text, notice


def test_published_corrections_show_under_the_article_with_the_new_text(
    client: Client,
) -> None:
    demo = load_demo()
    article = next(a for a in demo.articles if a.language == "fr")
    before = article.latest_version().text  # type: ignore[union-attr]
    publish_correction(
        article=article,
        kind=models.CorrectionKind.CORRECTION,
        notice="Une version précédente indiquait à tort 4 300 frontaliers ; ils sont 3 400.",
        passage_before="quelque 4 300 travailleurs",
        passage_after="quelque 3 400 travailleurs",
        new_text=before.replace("quelque 4 300 travailleurs", "quelque 3 400 travailleurs"),
    )

    page = client.get(_path(article)).content.decode()

    notices = page[page.index('<aside class="notices"') : page.index("</aside>")]
    assert PAGE_TEXT["fr"]["notices"] in notices
    assert "<strong>Rectificatif</strong>" in notices
    assert "ils sont 3 400." in notices
    _opening, inner = _article_element(page)
    assert "quelque 3 400 travailleurs" in inner
    assert "4 300" not in inner
    assert page.index("</article>") < page.index('<aside class="notices"')


def test_a_readers_snapshot_never_replaces_the_hosted_text(
    site: models.Site, client: Client
) -> None:
    article = _hosted(site, "snapshot", title="Snapshot", text="The publisher's text.")
    models.ArticleVersion.objects.create(
        site=site, article=article, text="A reader's altered copy.", source="widget"
    )

    page = client.get(_path(article)).content.decode()

    assert "The publisher&#x27;s text." in page
    assert "altered copy" not in page


def test_a_page_without_corrections_has_no_notice_box(client: Client) -> None:
    article = load_demo().articles[0]

    assert 'class="notices"' not in client.get(_path(article)).content.decode()


def test_a_silent_typo_fix_shows_no_notice(site: models.Site, client: Client) -> None:
    site.allow_silent_fixes = True
    site.save(update_fields=["allow_silent_fixes"])
    article = _hosted(site, "typo", title="Typo", text="The goverment said.")
    publish_correction(
        article=article,
        kind=models.CorrectionKind.SILENT,
        notice="Typo fixed.",
        new_text="The government said.",
    )

    page = client.get(_path(article)).content.decode()

    assert "The government said." in page
    assert 'class="notices"' not in page


def test_unknown_and_non_hosted_articles_are_not_found(site: models.Site, client: Client) -> None:
    factories.ArticleVersionFactory(
        article=factories.ArticleFactory(
            site=site, url="http://127.0.0.1:8000/articles/cms-article/", slug="cms-article"
        )
    )

    assert client.get("/articles/no-such-article/").status_code == 404
    # A CMS article lives on the publisher's site, even if its URL looks hosted.
    assert client.get("/articles/cms-article/").status_code == 404


def test_every_public_correction_kind_has_a_label_in_each_page_language() -> None:
    public = {kind for kind in models.CorrectionKind if kind.public}
    assert set(PAGE_TEXT) == set(KIND_LABELS)
    for labels in KIND_LABELS.values():
        assert set(labels) == public

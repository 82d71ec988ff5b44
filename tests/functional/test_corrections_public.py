"""The public reads of corrections: GET /api/v1/corrections, the log page and its Atom feed.

Corrections are made through `publish_correction`, as the desk will make them.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from errata import models
from errata.services.corrections import publish_correction
from tests import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HOSTILE = '<script>alert("notice")</script> & <b>bold</b>'
NOTICE = "Une version précédente indiquait un budget de 1,2 milliard d'euros au lieu de 1,3."


def _publish(article: models.Article, **kwargs: Any) -> models.Correction:
    arguments: dict[str, Any] = {"kind": "correction", "notice": NOTICE, **kwargs}
    return publish_correction(article=article, **arguments)


@pytest.fixture
def corrections(article: models.Article) -> list[models.Correction]:
    """Two public corrections of `article` (newest first) and a silent fix."""
    models.Site.objects.filter(pk=article.site_id).update(allow_silent_fixes=True)
    article.site.refresh_from_db()
    now = timezone.now()
    older = _publish(
        article,
        kind="clarification",
        notice="Le vote a eu lieu mardi soir.",
        published_at=now - timedelta(hours=3),
    )
    newer = _publish(
        article, passage_before="1,2 milliard", passage_after="1,3 milliard", published_at=now
    )
    _publish(article, kind="silent", notice="Coquille corrigée.", published_at=now)
    return [newer, older]


def _get(client: Client, site: models.Site, url: str, **headers: Any) -> Any:
    return client.get("/api/v1/corrections", {"site": site.public_key, "url": url}, **headers)


# --- GET /api/v1/corrections ------------------------------------------------------------


def test_an_articles_published_corrections_newest_first(
    article: models.Article, corrections: list[models.Correction], client: Client
) -> None:
    response = _get(client, article.site, article.url)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["article"] == {"url": article.url, "title": article.title, "lang": "fr"}
    assert body["language"] == "fr"
    assert [c["id"] for c in body["corrections"]] == [str(c.public_id) for c in corrections]
    newest = body["corrections"][0]
    assert newest["kind"] == "correction"
    assert newest["label"] == "Correction"
    assert newest["notice"] == NOTICE
    assert (newest["passage_before"], newest["passage_after"]) == ("1,2 milliard", "1,3 milliard")
    assert newest["published_at"].endswith("Z")
    assert body["corrections"][1]["label"] == "Précision"
    assert "Coquille" not in response.content.decode()  # the silent fix


def test_the_answer_carries_schema_org_json_ld(
    article: models.Article, corrections: list[models.Correction], client: Client
) -> None:
    jsonld = _get(client, article.site, article.url).json()["jsonld"]

    assert jsonld["@context"] == "https://schema.org"
    assert jsonld["@type"] == "NewsArticle"
    assert jsonld["url"] == article.url
    assert jsonld["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": correction.notice,
            "datePublished": correction.published_at.isoformat().replace("+00:00", "Z"),  # type: ignore[union-attr]
        }
        for correction in corrections
    ]


def test_labels_follow_the_articles_language(site: models.Site, client: Client) -> None:
    article = factories.ArticleFactory(
        site=site, url="https://quotidien.example/en/budget", language="en-GB"
    )
    factories.ArticleVersionFactory(article=article)
    _publish(article, kind="editors_note", notice="This article has been updated.")

    body = _get(client, site, article.url).json()

    assert body["language"] == "en"
    assert body["corrections"][0]["label"] == "Editor's note"


def test_an_unknown_article_has_no_corrections(site: models.Site, client: Client) -> None:
    response = _get(client, site, "https://quotidien.example/never-seen")

    assert response.status_code == 200
    assert response.json() == {
        "article": None,
        "language": "fr",
        "corrections": [],
        "jsonld": None,
    }


def test_another_sites_corrections_are_never_shown(
    article: models.Article, corrections: list[models.Correction], client: Client
) -> None:
    sister = factories.SiteFactory(slug="soeur", origins=["https://quotidien.example"])

    body = _get(client, sister, article.url).json()

    assert body["article"] is None
    assert body["corrections"] == []


def test_the_answer_is_public_cacheable_and_cors_open(
    article: models.Article, corrections: list[models.Correction], client: Client
) -> None:
    response = _get(client, article.site, article.url, HTTP_ORIGIN="https://anywhere.example")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")


def test_a_current_etag_gets_304_and_a_new_correction_changes_it(
    article: models.Article, corrections: list[models.Correction], client: Client
) -> None:
    etag = _get(client, article.site, article.url)["ETag"]

    revalidated = _get(client, article.site, article.url, HTTP_IF_NONE_MATCH=etag)
    assert revalidated.status_code == 304
    assert revalidated.content == b""
    assert revalidated["ETag"] == etag

    _publish(article, kind="update", notice="Le budget a été promulgué.")
    refreshed = _get(client, article.site, article.url, HTTP_IF_NONE_MATCH=etag)
    assert refreshed.status_code == 200
    assert refreshed["ETag"] != etag
    assert refreshed.json()["corrections"][0]["kind"] == "update"


def test_the_json_can_be_pasted_into_a_script_element(
    article: models.Article, client: Client
) -> None:
    _publish(article, notice="</script><script>alert(1)</script>")

    response = _get(client, article.site, article.url)

    assert b"<" not in response.content
    assert response.json()["jsonld"]["correction"][0]["text"] == (
        "</script><script>alert(1)</script>"
    )


@pytest.mark.parametrize(
    ("query", "status", "field", "code"),
    [
        pytest.param({"url": "https://quotidien.example/budget"}, 422, "site", "missing"),
        pytest.param({"site": "SITE"}, 422, "url", "missing"),
        pytest.param({"site": "pk_nobody", "url": "https://q.example/"}, 404, "site", None),
        pytest.param({"site": "SITE", "url": "ftp://quotidien.example/a"}, 422, "url", None),
        pytest.param({"site": "SITE", "url": "https://q.example/" + "a" * 2000}, 422, "url", None),
        pytest.param({"site": "k" * 65, "url": "https://q.example/"}, 422, "site", None),
    ],
)
def test_bad_queries_are_problems_naming_the_parameter(
    site: models.Site,
    client: Client,
    query: dict[str, str],
    status: int,
    field: str,
    code: str | None,
) -> None:
    if query.get("site") == "SITE":
        query["site"] = site.public_key

    response = client.get("/api/v1/corrections", query)

    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == field
    if code:
        assert code in {e["code"] for e in response.json()["errors"]}


# --- /corrections/<site>/ ---------------------------------------------------------------


def test_the_log_page_lists_public_corrections_newest_first(
    article: models.Article, corrections: list[models.Correction], client: Client
) -> None:
    response = client.get(f"/corrections/{article.site.slug}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(NOTICE.replace("'", "&#x27;")) < html.index("Le vote a eu lieu mardi soir.")
    assert f'href="{article.url}"' in html
    assert "<del>1,2 milliard</del>" in html
    assert "<ins>1,3 milliard</ins>" in html
    assert "Précision" in html
    assert "Coquille" not in html
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Flux Atom des rectificatifs" '
        f'href="/corrections/{article.site.slug}/feed.atom">'
    ) in html


def test_the_log_page_escapes_what_it_shows(article: models.Article, client: Client) -> None:
    models.Article.objects.filter(pk=article.pk).update(title="<img src=x onerror=alert(1)>")
    article.refresh_from_db()
    _publish(article, notice=HOSTILE, passage_before="<i>avant</i>")

    html = client.get(f"/corrections/{article.site.slug}/").content.decode()

    assert "<script>" not in html.split("</head>", 1)[-1]
    assert "&lt;script&gt;alert(&quot;notice&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in html
    assert "<img src=x" not in html
    assert "&lt;i&gt;avant&lt;/i&gt;" in html


def test_the_log_page_shows_no_other_sites_corrections(
    article: models.Article, corrections: list[models.Correction], client: Client
) -> None:
    other = factories.ArticleFactory()
    factories.ArticleVersionFactory(article=other)
    _publish(other, notice="Correction d'un autre journal.")

    mine = client.get(f"/corrections/{article.site.slug}/").content.decode()
    theirs = client.get(f"/corrections/{other.site.slug}/").content.decode()

    assert "Correction d'un autre journal." not in mine.replace("&#x27;", "'")
    assert "Correction d'un autre journal." in theirs.replace("&#x27;", "'")
    assert NOTICE not in theirs.replace("&#x27;", "'")


def test_the_log_page_is_paginated_by_fifty(article: models.Article, client: Client) -> None:
    start = timezone.now() - timedelta(days=60)
    for n in range(51):
        _publish(article, notice=f"Rectificatif numéro {n}.", published_at=start + timedelta(n))

    first = client.get(f"/corrections/{article.site.slug}/").content.decode()
    second = client.get(f"/corrections/{article.site.slug}/?page=2").content.decode()

    assert first.count('class="correction"') == 50
    assert "Rectificatif numéro 50." in first
    assert "Page 1 sur 2" in first
    assert 'rel="next" href="?page=2"' in first
    assert second.count('class="correction"') == 1
    assert "Rectificatif numéro 0." in second


def test_an_english_site_gets_an_english_log(client: Client) -> None:
    site = factories.SiteFactory(slug="daily", language="en")

    html = client.get("/corrections/daily/").content.decode()

    assert f"Corrections — {site.name}" in html
    assert "No corrections have been published yet." in html


def test_an_unknown_site_has_no_log(db: None, client: Client) -> None:
    assert client.get("/corrections/nobody/").status_code == 404
    assert client.get("/corrections/nobody/feed.atom").status_code == 404


# --- /corrections/<site>/feed.atom ------------------------------------------------------


def _feed(client: Client, site: models.Site) -> ET.Element:
    response = client.get(f"/corrections/{site.slug}/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own feed, parsed in a test


def test_the_feed_has_one_entry_per_public_correction(
    article: models.Article, corrections: list[models.Correction], client: Client
) -> None:
    feed = _feed(client, article.site)

    assert feed.get(XML_LANG) == "fr"
    assert feed.findtext(f"{ATOM}title") == f"Rectificatifs — {article.site.name}"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        f"urn:uuid:{c.public_id}" for c in corrections
    ]
    newest = entries[0]
    assert newest.findtext(f"{ATOM}title") == f"Correction\u00a0: {article.title}"
    link = newest.find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == article.url
    summary = newest.find(f"{ATOM}summary")
    assert summary is not None
    assert summary.get("type") == "html"
    assert NOTICE.replace("'", "&#x27;") in (summary.text or "")
    assert "<ins>1,3 milliard</ins>" in (summary.text or "")
    assert "Coquille" not in ET.tostring(feed, encoding="unicode")


def test_the_feed_escapes_a_hostile_notice(article: models.Article, client: Client) -> None:
    _publish(article, notice=HOSTILE)

    summary = _feed(client, article.site).find(f"{ATOM}entry/{ATOM}summary")

    assert summary is not None
    # The summary is HTML: the notice must arrive in it as text, never as markup.
    assert "<script>" not in (summary.text or "")
    assert "&lt;script&gt;" in (summary.text or "")


def test_the_feed_shows_no_other_sites_corrections(
    article: models.Article, corrections: list[models.Correction], client: Client
) -> None:
    other = factories.ArticleFactory()
    factories.ArticleVersionFactory(article=other)
    _publish(other, notice="Correction d'un autre journal.")

    feed = _feed(client, other.site)

    assert len(feed.findall(f"{ATOM}entry")) == 1
    assert NOTICE not in json.dumps(ET.tostring(feed, encoding="unicode"))

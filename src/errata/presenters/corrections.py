"""How a published correction looks to the public: JSON, schema.org JSON-LD, the log.

Labels and texts come from the reader catalogues (`errata.i18n`) in the article's (API)
or the site's (log, feed) language. Everything here is plain data: templates escape it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from errata.i18n import best_language, catalogue
from errata.models import Article, Correction
from errata.services.corrections import ArticleCorrections

SCHEMA_ORG = "https://schema.org"


def kind_label(kind: str, language: str) -> str:
    return catalogue(best_language(language))[f"correction_kind_{kind}"]


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC, as the API writes every time: 2026-11-25T09:30:00Z."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _linkable(url: str) -> str:
    # Article URLs are validated as http(s) on the way in; the log links nothing else.
    return url if url.startswith(("https://", "http://")) else ""


@dataclass(frozen=True)
class PublicCorrection:
    """One correction as the log and the feed show it."""

    id: str
    kind: str
    label: str
    notice: str
    passage_before: str
    passage_after: str
    published_at: datetime
    article_title: str
    article_url: str
    article_link: str


def public_correction(correction: Correction, language: str) -> PublicCorrection:
    article = correction.article
    assert correction.published_at is not None  # published() guarantees it
    return PublicCorrection(
        id=str(correction.public_id),
        kind=correction.kind,
        label=kind_label(correction.kind, language),
        notice=correction.notice,
        passage_before=correction.passage_before,
        passage_after=correction.passage_after,
        published_at=correction.published_at,
        article_title=article.title or article.url,
        article_url=article.url,
        article_link=_linkable(article.url),
    )


def entry_title(correction: Correction, language: str) -> str:
    """The title of a feed entry: the kind, then the article's title."""
    article = correction.article
    return catalogue(best_language(language))["corrections_entry_title"].format(
        label=kind_label(correction.kind, language), title=article.title or article.url
    )


def correction_json(correction: Correction, language: str) -> dict[str, Any]:
    assert correction.published_at is not None
    return {
        "id": str(correction.public_id),
        "kind": correction.kind,
        "label": kind_label(correction.kind, language),
        "notice": correction.notice,
        "passage_before": correction.passage_before,
        "passage_after": correction.passage_after,
        "published_at": iso(correction.published_at),
    }


def corrections_jsonld(article: Article, corrections: list[Correction]) -> dict[str, Any]:
    """The schema.org object a publisher can embed in the article's page."""
    return {
        "@context": SCHEMA_ORG,
        "@type": "NewsArticle",
        "url": article.url,
        "correction": [
            {
                "@type": "CorrectionComment",
                "text": correction.notice,
                "datePublished": iso(correction.published_at),
            }
            for correction in corrections
            if correction.published_at is not None
        ],
    }


def article_corrections_json(found: ArticleCorrections) -> dict[str, Any]:
    """`GET /api/v1/corrections`: one article's published corrections, newest first."""
    article = found.article
    language = best_language(article.language if article else None, found.site.language)
    return {
        "article": (
            {"url": article.url, "title": article.title, "lang": article.language}
            if article is not None
            else None
        ),
        "language": language,
        "corrections": [correction_json(c, language) for c in found.corrections],
        "jsonld": corrections_jsonld(article, found.corrections) if article is not None else None,
    }


def log_texts(language: str, site_name: str, *, page: int = 1, pages: int = 1) -> dict[str, str]:
    """The corrections log's and feed's fixed texts, in `language`."""
    messages = catalogue(best_language(language))
    return {
        "title": messages["corrections_log_title"].format(site=site_name),
        "intro": messages["corrections_log_intro"].format(site=site_name),
        "empty": messages["corrections_log_empty"],
        "feed": messages["corrections_feed_link"],
        "before": messages["corrections_before"],
        "after": messages["corrections_after"],
        "newer": messages["corrections_newer"],
        "older": messages["corrections_older"],
        "page": messages["corrections_page"].format(number=page, count=pages),
        "skip": messages["corrections_skip"],
    }

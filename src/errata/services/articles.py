"""Articles and their versions: CMS pushes, imports, the demo and corrections add text here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from errata.models import Article, ArticleSource, ArticleVersion, Site, VersionSource, text_hash
from errata.text import html_to_text, normalise
from errata.triage.language import article_language


@dataclass(frozen=True)
class Upserted:
    article: Article
    version: ArticleVersion
    article_created: bool
    version_created: bool


def upsert_article(
    site: Site,
    *,
    url: str,
    source: ArticleSource,
    version_source: VersionSource,
    title: str = "",
    language: str = "",
    text: str = "",
    html: str = "",
    published_at: datetime | None = None,
    slug: str = "",
    cms_id: str = "",
) -> Upserted:
    """Create or update an article; add a version only when its normalised text changed.

    Give either plain `text` or `html` (converted by the shared rule in `errata.text`).
    The article's language is the one its text is confidently detected in, else `language`,
    else the site's.
    """
    body = html_to_text(html) if html else normalise(text)
    if not body:
        raise ValueError("an article needs text")
    # The text wins over a declared language it contradicts (triage.language).
    language = article_language(language, body)
    with transaction.atomic():
        article, article_created = Article.objects.select_for_update().get_or_create(
            site=site,
            url=url,
            defaults={
                "title": title,
                "language": language or site.language,
                "source": source,
                "published_at": published_at,
                "slug": slug,
                "cms_id": cms_id,
            },
        )
        if not article_created:
            changed = {
                name: value
                for name, value in (
                    ("title", title),
                    ("language", language),
                    ("published_at", published_at),
                    ("slug", slug),
                    ("cms_id", cms_id),
                )
                if value and getattr(article, name) != value
            }
            # A publisher's text supersedes a reader's snapshot as the reference.
            if source.authoritative and not ArticleSource(article.source).authoritative:
                changed["source"] = source
            for name, value in changed.items():
                setattr(article, name, value)
            if changed:
                article.save(update_fields=list(changed))
        latest = article.latest_version()
        if latest is not None and latest.text_hash == text_hash(body):
            return Upserted(article, latest, article_created, version_created=False)
        version = ArticleVersion.objects.create(
            site=site, article=article, text=body, source=version_source
        )
        if not article_created:
            follow_new_version(version)
    return Upserted(article, version, article_created, version_created=True)


def follow_new_version(version: ArticleVersion) -> None:
    """Once committed, the article's open cases follow their passages into `version`."""
    from errata import tasks  # tasks call the services; imported when first needed

    version_id = version.pk
    transaction.on_commit(lambda: tasks.reanchor_article.enqueue(version_id))

"""Step 7: which article and which version of its text the reader was looking at.

An article errata does not know is registered from the reader's snapshot, marked
reader-supplied. For an article whose text comes from the publisher (CMS, import, hosted),
the reader's snapshot is not trusted: the report is anchored in the latest authoritative
version. Nothing is written here: a new article or version is described in the result,
and `store` inserts it, conflict-safe.

Readers of one article send the same snapshot again and again; each process remembers
the snapshot's normalised text by the hash of what was sent, and the resolved version by
article URL and text hash for `TTL` seconds (forgotten at once when this process saves
the article or a version; by the others within `TTL`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from django.db.models.signals import post_delete, post_save

from errata.errors import invalid
from errata.intake.lru import ExpiringLru
from errata.intake.sites import article_url
from errata.intake.submission import ArticleSnapshot
from errata.models import Article, ArticleSource, ArticleVersion, Site, text_hash
from errata.text import normalise
from errata.triage.language import article_language

TTL: Final = 5.0
_TEXTS_KEPT: Final = 64  # normalised snapshots remembered (≤ 200 kB each)
_RESOLVED_KEPT: Final = 256


@dataclass(frozen=True)
class Resolved:
    """The article and version a report is anchored in; ids are None for rows to insert."""

    site_id: int
    url: str
    article_id: int | None  # None: errata does not know the article yet
    title: str
    language: str
    published_at: datetime | None
    created_at: datetime | None  # when errata first saw the article
    version_id: int | None  # None: the reader's snapshot is a new version to store
    text: str  # the version's normalised text
    text_hash: str

    @property
    def new_article(self) -> bool:
        return self.article_id is None

    @property
    def new_version(self) -> bool:
        return self.version_id is None


_texts = ExpiringLru(_TEXTS_KEPT, ttl=None)  # normalisation is a pure function: never stale
_resolved = ExpiringLru(_RESOLVED_KEPT, ttl=TTL)


def normalised(snapshot_text: str) -> tuple[str, str]:
    """The snapshot's normalised text and its hash, computed once per distinct snapshot."""
    if not snapshot_text:
        return "", ""
    key = hashlib.sha256(snapshot_text.encode()).digest()
    found: tuple[str, str] | None = _texts.get(key)
    if found is None:
        text = normalise(snapshot_text)
        found = (text, text_hash(text) if text else "")
        _texts.put(key, found)
    return found


def forget(**_: Any) -> None:
    """Forget every resolved version (an article or a version changed in this process)."""
    _resolved.clear()


for _model in (Article, ArticleVersion):
    post_save.connect(forget, sender=_model, dispatch_uid=f"intake.resolve.{_model.__name__}.s")
    post_delete.connect(forget, sender=_model, dispatch_uid=f"intake.resolve.{_model.__name__}.d")


def article_and_version(
    site: Site, snapshot: ArticleSnapshot, *, url: str | None = None
) -> Resolved:
    """The article and version the snapshot is about; `url` is the article's URL under the
    site's rule, when the caller has it already."""
    url = url if url is not None else article_url(site, snapshot.url)
    text, digest = normalised(snapshot.text)
    key = (site.pk, url, digest)
    found: Resolved | None = _resolved.get(key)
    if found is None:
        found = _read(site, snapshot, url, text, digest)
        if not found.new_article and not found.new_version:
            _resolved.put(key, found)
    return found


def _read(site: Site, snapshot: ArticleSnapshot, url: str, text: str, digest: str) -> Resolved:
    article = Article.objects.for_site(site).filter(url=url).first()
    if article is None:
        if not text:
            raise invalid(
                "article.text",
                "text-required",
                "errata does not know this article yet: send its text",
            )
        return Resolved(
            site_id=site.pk,
            url=url,
            article_id=None,
            title=snapshot.title.strip(),
            language=article_language(snapshot.language, text, site.language),
            published_at=None,
            created_at=None,
            version_id=None,
            text=text,
            text_hash=digest,
        )
    versions = ArticleVersion.objects.for_site(site).filter(article=article)
    version: ArticleVersion | None = None
    if text:
        version = versions.filter(text_hash=digest).first()
    if version is None and (ArticleSource(article.source).authoritative or not text):
        version = (
            versions.authoritative().first()
            if ArticleSource(article.source).authoritative
            else versions.first()
        )
        if version is None:
            raise invalid(
                "article.text", "text-required", "errata has no text for this article yet"
            )
    return Resolved(
        site_id=site.pk,
        url=url,
        article_id=article.pk,
        title=article.title,
        language=article.language,
        published_at=article.published_at,
        created_at=article.created_at,
        version_id=version.pk if version is not None else None,
        text=version.text if version is not None else text,
        text_hash=version.text_hash if version is not None else digest,
    )

"""Corrections: publishing one (the single entry point) and the public reads of them.

`publish_correction` is what the desk, the API, the CLI and tasks call to publish; it is
the only code that creates a `Correction`. A correction is public as soon as it exists
(`Correction.objects.published()`), except silent typo fixes, which carry no notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from errata.errors import Problem, invalid
from errata.models import (
    Article,
    ArticleSource,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    Correction,
    CorrectionKind,
    Site,
    VersionSource,
)
from errata.services.articles import upsert_article
from errata.text import normalise

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from errata.models.correction import CorrectionQuerySet

# Articles whose text errata serves itself; for the others the publisher's CMS owns the
# text and a webhook carries the change to it.
HOSTED_SOURCES = frozenset({ArticleSource.HOSTED, ArticleSource.IMPORT})

_url_validator = URLValidator(schemes=["http", "https"])


def _kind(kind: CorrectionKind | str, site: Site) -> CorrectionKind:
    try:
        kind = CorrectionKind(kind)
    except ValueError:
        raise invalid(
            "kind", "unknown-kind", f"must be one of {', '.join(CorrectionKind.values)}"
        ) from None
    if kind is CorrectionKind.SILENT and not site.allow_silent_fixes:
        raise Problem(
            status=409,
            code="silent-fix-not-allowed",
            title="This site does not allow silent fixes",
            detail="kind: every correction on this site is published with a notice.",
            field="kind",
        )
    return kind


def _check_case(case: Case | None, article: Article) -> None:
    if case is not None and (case.site_id != article.site_id or case.article_id != article.pk):
        raise invalid("case", "case-not-about-article", "the case is about another article")


def publish_correction(
    *,
    article: Article,
    kind: CorrectionKind | str,
    notice: str,
    passage_before: str = "",
    passage_after: str = "",
    new_text: str | None = None,
    case: Case | None = None,
    actor: AbstractBaseUser | None = None,
    published_at: datetime | None = None,
) -> Correction:
    """Publish a correction of `article`, with its notice, at once.

    For an article errata hosts, `new_text` becomes the corrected version (a version of
    source `correction`, only when the normalised text changed). When the correction
    decides a `case`, the case is closed as corrected by a DECIDED event naming `actor`
    (None: errata itself). Raises `Problem` for a refused correction; nothing is written.
    """
    site = article.site
    kind = _kind(kind, site)
    if kind.public and not notice.strip():
        raise invalid("notice", "notice-required", "a published correction needs a notice")
    _check_case(case, article)
    if new_text is not None:
        if ArticleSource(article.source) not in HOSTED_SOURCES:
            raise Problem(
                status=409,
                code="article-not-hosted",
                title="errata does not host this article's text",
                detail="new_text: the publisher's CMS changes this article's text.",
                field="new_text",
            )
        if not normalise(new_text):
            raise invalid("new_text", "empty-text", "the corrected text is empty")
    with transaction.atomic():
        # The lock makes "the latest version before" true until the correction is stored.
        locked = Article.objects.select_for_update().get(pk=article.pk)
        version_before = locked.latest_version()
        if version_before is None:
            raise Problem(
                status=409,
                code="article-has-no-text",
                title="errata has no text for this article",
                detail="article: a correction needs a version of the article to correct.",
                field="article",
            )
        version_after = None
        if new_text is not None:
            version_after = upsert_article(
                site,
                url=locked.url,
                source=ArticleSource(locked.source),
                version_source=VersionSource.CORRECTION,
                text=new_text,
            ).version
        correction = Correction.objects.create(
            site=site,
            article=locked,
            case=case,
            kind=kind,
            version_before=version_before,
            version_after=version_after,
            passage_before=passage_before,
            passage_after=passage_after,
            notice=notice.strip(),
            published_at=published_at or timezone.now(),
        )
        if case is not None:
            CaseEvent.objects.record(
                case,
                CaseEventKind.DECIDED,
                actor=actor,
                new_status=CaseStatus.CORRECTED,
                data={
                    "correction": str(correction.public_id),
                    "kind": kind.value,
                    "version_before": version_before.pk,
                    "version_after": version_after.pk if version_after else None,
                },
            )
    return correction


def published_corrections(site: Site) -> CorrectionQuerySet:
    """The site's public corrections log, newest first (silent fixes never appear)."""
    return (
        Correction.objects.for_site(site)
        .published()
        .select_related("article")
        .order_by("-published_at", "-pk")
    )


@dataclass(frozen=True)
class ArticleCorrections:
    """The published corrections of one article; `article` is None when errata does not
    know the URL (the widget asks about every article it is embedded in)."""

    site: Site
    url: str
    article: Article | None
    corrections: list[Correction]


def article_corrections(*, site_key: str, url: str) -> ArticleCorrections:
    site = Site.objects.filter(public_key=site_key).first()
    if site is None:
        raise Problem(
            status=404,
            code="unknown-site",
            title="No site has this public key",
            detail="site: no site has this public key",
            field="site",
        )
    try:
        _url_validator(url)
    except ValidationError:
        raise invalid("url", "invalid-url", "must be an http(s) URL") from None
    canonical = site.canonical_article_url(url)
    article = Article.objects.for_site(site).filter(url=canonical).first()
    corrections = (
        list(published_corrections(site).filter(article=article)) if article is not None else []
    )
    return ArticleCorrections(site=site, url=canonical, article=article, corrections=corrections)

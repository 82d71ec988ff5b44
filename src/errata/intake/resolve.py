"""Step 4: which article and which version of its text the reader was looking at.

An article errata does not know is registered from the reader's snapshot, marked
reader-supplied. For an article whose text comes from the publisher (CMS, import, hosted),
the reader's snapshot is not trusted: the report is anchored in the latest authoritative
version. New rows are built here unsaved; `store` saves them.
"""

from __future__ import annotations

from errata.errors import invalid
from errata.intake.submission import Intake
from errata.models import Article, ArticleSource, ArticleVersion, VersionSource, text_hash
from errata.text import normalise
from errata.triage.language import article_language


def article_and_version(intake: Intake) -> None:
    site, snapshot = intake.site, intake.submission.article
    assert site is not None
    url = site.canonical_article_url(snapshot.url)
    text = normalise(snapshot.text)
    article = Article.objects.for_site(site).filter(url=url).first()
    if article is None:
        if not text:
            raise invalid(
                "article.text",
                "text-required",
                "errata does not know this article yet: send its text",
            )
        article = Article(
            site=site,
            url=url,
            title=snapshot.title.strip(),
            language=article_language(snapshot.language, text, site.language),
            source=ArticleSource.READER,
        )
        intake.article = article
        intake.version = ArticleVersion(
            site=site, article=article, text=text, source=VersionSource.WIDGET
        )
        return
    intake.article = article
    versions = ArticleVersion.objects.for_site(site).filter(article=article)
    if text:
        seen = versions.filter(text_hash=text_hash(text)).first()
        if seen is not None:
            intake.version = seen
            return
    if ArticleSource(article.source).authoritative:
        intake.version = versions.authoritative().first()
    elif text:
        intake.version = ArticleVersion(
            site=site, article=article, text=text, source=VersionSource.WIDGET
        )
    else:
        intake.version = versions.first()
    if intake.version is None:
        raise invalid("article.text", "text-required", "errata has no text for this article yet")

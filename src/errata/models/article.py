"""An Article is one canonical URL on a site; an ArticleVersion its text at one time."""

from __future__ import annotations

import hashlib
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from errata.models.base import SiteScoped, SiteScopedQuerySet


class ArticleSource(models.TextChoices):
    """Who vouches for the article's text."""

    HOSTED = "hosted", _("Hosted by errata")
    CMS = "cms", _("Pushed by the publisher's CMS")
    IMPORT = "import", _("Imported from a page")
    READER = "reader", _("Reader-supplied snapshot")

    @property
    def authoritative(self) -> bool:
        """Text from the publisher (not from a reader's browser) is the reference text."""
        return self is not ArticleSource.READER


class ArticleQuerySet(SiteScopedQuerySet):
    pass


class Article(SiteScoped):
    url = models.URLField(_("canonical URL"), max_length=2000)
    title = models.CharField(_("title"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=12)
    source = models.CharField(_("source"), max_length=10, choices=ArticleSource)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Hosted articles (the demo, imports) are served by errata at /articles/<slug>/.
    slug = models.SlugField(_("slug"), max_length=120, blank=True)
    byline = models.CharField(_("byline"), max_length=300, blank=True)
    # The publisher's own id for the article (a WordPress post ID, a Wagtail page ID),
    # when its CMS gave one with the push; webhooks carry it back.
    cms_id = models.CharField(_("CMS id"), max_length=100, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["site", "url"], name="unique_article_url"),
        ]
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("article")

    def __str__(self) -> str:
        return self.title or self.url

    def latest_version(self) -> ArticleVersion | None:
        return self.versions.order_by("-created_at", "-pk").first()


class VersionSource(models.TextChoices):
    WIDGET = "widget", _("Widget snapshot")
    CMS = "cms", _("CMS push")
    IMPORT = "import", _("Import")
    FEED = "feed", _("Feed")
    CORRECTION = "correction", _("Correction")
    DEMO = "demo", _("Demo data")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ArticleVersionQuerySet(SiteScopedQuerySet):
    def authoritative(self) -> ArticleVersionQuerySet:
        return self.exclude(source=VersionSource.WIDGET)


class ArticleVersion(SiteScoped):
    """The article's normalised plain text as readers saw it at one time.

    The text follows the rule in `errata.text` (docs/text-normalisation.md); selector
    offsets count Unicode code points into it.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    text = models.TextField(_("text"))
    text_hash = models.CharField(max_length=64, db_index=True, editable=False)
    source = models.CharField(_("source"), max_length=12, choices=VersionSource)

    objects = ArticleVersionQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        get_latest_by = ("created_at", "pk")
        verbose_name = _("article version")

    def __str__(self) -> str:
        return f"{self.article} @ {self.created_at:%Y-%m-%d %H:%M} ({self.source})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.text_hash = text_hash(self.text)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

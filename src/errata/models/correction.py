"""A Correction is what the public sees: the changed passage and the notice."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from errata.models.base import SiteScoped, SiteScopedQuerySet


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", _("Correction")
    CLARIFICATION = "clarification", _("Clarification")
    UPDATE = "update", _("Update")
    EDITORS_NOTE = "editors_note", _("Editor's note")
    SILENT = "silent", _("Silent fix (typo)")

    @property
    def public(self) -> bool:
        return self is not CorrectionKind.SILENT


class CmsState(models.TextChoices):
    """What the publisher's CMS said it did with a correction errata sent it."""

    APPLIED = "applied", _("Applied in the CMS")
    NEEDS_MANUAL_EDIT = "needs_manual_edit", _("Needs a manual edit in the CMS")


class CorrectionQuerySet(SiteScopedQuerySet):
    def published(self) -> CorrectionQuerySet:
        """Corrections the public sees: silent typo fixes carry no notice."""
        return self.exclude(kind=CorrectionKind.SILENT).filter(published_at__isnull=False)


class Correction(SiteScoped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    article = models.ForeignKey(
        "errata.Article", on_delete=models.CASCADE, related_name="corrections"
    )
    case = models.ForeignKey(
        "errata.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="corrections"
    )
    kind = models.CharField(_("kind"), max_length=14, choices=CorrectionKind)
    version_before = models.ForeignKey(
        "errata.ArticleVersion", on_delete=models.PROTECT, related_name="+"
    )
    version_after = models.ForeignKey(
        "errata.ArticleVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    passage_before = models.TextField(_("passage before"), blank=True)
    passage_after = models.TextField(_("passage after"), blank=True)
    notice = models.TextField(_("notice"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    # Reported back by the CMS (`POST /api/v1/corrections/{id}/cms-state`): "" until then.
    cms_state = models.CharField(_("CMS state"), max_length=20, choices=CmsState, blank=True)
    cms_detail = models.CharField(_("CMS detail"), max_length=500, blank=True)
    cms_revision = models.CharField(_("CMS revision"), max_length=100, blank=True)
    cms_reported_at = models.DateTimeField(_("reported by the CMS"), null=True, blank=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-published_at", "-pk"]
        verbose_name = _("correction")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.article}"

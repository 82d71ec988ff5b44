"""A Report is one reader's submission about one passage (or a whole article).

Intake stores it first, with no case (`case` is NULL); the grouping task files it into a
case moments later (errata.intake.grouping). `reference` is the case reference reserved
for it at store time, the one the reader is given (decision 19).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from errata.models.base import SiteScoped, SiteScopedQuerySet
from errata.models.case import Category


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    HELD = "held", _("Held as likely spam")


class ContactPurge(models.TextChoices):
    """Why a report no longer has its reader's email."""

    RETENTION = "retention", _("Retention period over")
    READER_REQUEST = "reader_request", _("Erased at the reader's request")


class ReportQuerySet(SiteScopedQuerySet):
    def received(self) -> ReportQuerySet:
        return self.filter(status=ReportStatus.RECEIVED)

    def with_contact(self) -> ReportQuerySet:
        return self.exclude(contact_email="")

    def ungrouped(self) -> ReportQuerySet:
        """Stored by intake, not yet filed into a case by the grouping task."""
        return self.filter(case__isnull=True)


class Report(SiteScoped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # NULL for the few milliseconds between intake storing it and the grouping task.
    case = models.ForeignKey(
        "errata.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reference = models.CharField(_("reference"), max_length=20, blank=True, editable=False)
    article = models.ForeignKey("errata.Article", on_delete=models.CASCADE, related_name="reports")
    version = models.ForeignKey(
        "errata.ArticleVersion", on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus, default=ReportStatus.RECEIVED
    )
    category = models.CharField(_("category"), max_length=12, choices=Category)
    # The W3C TextQuoteSelector + TextPositionSelector as the reader's browser sent them.
    quote = models.TextField(_("quoted passage"), blank=True)
    quote_prefix = models.CharField(max_length=64, blank=True)
    quote_suffix = models.CharField(max_length=64, blank=True)
    position_start = models.PositiveIntegerField(null=True, blank=True)
    position_end = models.PositiveIntegerField(null=True, blank=True)
    # Where errata anchored it in `version`, and how.
    anchor_start = models.PositiveIntegerField(null=True, blank=True)
    anchor_end = models.PositiveIntegerField(null=True, blank=True)
    anchor_score = models.FloatField(null=True, blank=True)
    anchor_method = models.CharField(max_length=12, blank=True)
    comment = models.TextField(_("what is wrong"), blank=True)
    suggestion = models.TextField(_("what it should say"), blank=True)
    language = models.CharField(_("reader's language"), max_length=12, blank=True)
    contact_email = models.EmailField(_("reader's email"), blank=True)
    contact_purged_at = models.DateTimeField(null=True, blank=True)
    contact_purge_reason = models.CharField(max_length=14, choices=ContactPurge, blank=True)
    page_url = models.URLField(_("page"), max_length=2000, blank=True)
    # Emptied ERRATA_IP_HASH_RETENTION_DAYS after creation (services/retention.py).
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    spam_score = models.FloatField(_("spam score"), default=0.0)
    spam_reasons = models.JSONField(default=list, blank=True)
    # The machine's findings (spelling, consistency …): [{check, verdict, reason, data}].
    findings = models.JSONField(default=list, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        constraints: ClassVar = [
            # Blank for reports stored before references were reserved per report (0011).
            models.UniqueConstraint(
                fields=["site", "reference"],
                condition=~models.Q(reference=""),
                name="unique_report_reference",
            ),
        ]
        indexes: ClassVar = [
            # Reports waiting for the grouping task: the task reads an article's, the
            # worker's sweep the oldest (decision 25). Few rows: filed reports leave it.
            models.Index(
                fields=["article", "created_at"],
                condition=models.Q(case__isnull=True),
                name="report_ungrouped",
            ),
        ]
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("report")

    def __str__(self) -> str:
        return f"{self.reference} · {self.get_category_display()}"

"""What the app keeps beside the pages: the last push to errata, the corrections received."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PushStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PUSHED = "pushed", _("Pushed")
    FAILED = "failed", _("Failed")


class ErrataArticleState(models.Model):
    """The page as errata last received it: a correction is applied only to that text."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="errata_state"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PushStatus, default=PushStatus.PENDING
    )
    # The revision whose text was pushed, and what errata answered for it.
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text_hash = models.CharField(_("text hash"), max_length=64, blank=True)
    version_id = models.BigIntegerField(_("errata version"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("last error"), max_length=500, blank=True)
    pushed_at = models.DateTimeField(_("pushed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("errata article state")
        verbose_name_plural = _("errata article states")

    def __str__(self) -> str:
        return f"{self.page_id}: {self.status}"


class NoticeKind(models.TextChoices):
    CORRECTION = "correction", _("Correction")
    CLARIFICATION = "clarification", _("Clarification")
    UPDATE = "update", _("Update")
    EDITORS_NOTE = "editors_note", _("Editor's note")
    SILENT = "silent", _("Silent fix")


class CmsOutcome(models.TextChoices):
    APPLIED = "applied", _("Applied")
    NEEDS_MANUAL_EDIT = "needs_manual_edit", _("Needs a manual edit")


class CorrectionNoticeQuerySet(models.QuerySet["CorrectionNotice"]):
    def public(self) -> CorrectionNoticeQuerySet:
        """The notices readers see: applied, not silent, with a text."""
        return (
            self.filter(outcome=CmsOutcome.APPLIED).exclude(kind=NoticeKind.SILENT).exclude(text="")
        )


class CorrectionNotice(models.Model):
    """A correction errata sent for a page, and what the app did with it."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="errata_corrections"
    )
    correction_id = models.CharField(_("errata correction"), max_length=64, unique=True)
    case = models.CharField(_("errata case"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind)
    text = models.TextField(_("notice"), blank=True)
    language = models.CharField(_("language"), max_length=35, blank=True)
    passage_before = models.TextField(_("passage before"), blank=True)
    passage_after = models.TextField(_("passage after"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=CmsOutcome)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published by errata"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    reported = models.BooleanField(_("reported to errata"), default=False)

    objects = CorrectionNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction notice")
        verbose_name_plural = _("correction notices")
        ordering = ("-received_at",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.case or self.correction_id})"


class WebhookReceipt(models.Model):
    """A `webhook-id` already handled: a replay of it is refused."""

    webhook_id = models.CharField(max_length=100, unique=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook receipt")

    def __str__(self) -> str:
        return self.webhook_id


__all__ = [
    "CmsOutcome",
    "CorrectionNotice",
    "ErrataArticleState",
    "NoticeKind",
    "PushStatus",
    "WebhookReceipt",
]

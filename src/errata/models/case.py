"""A Case is the editor's unit of work: the reports about one passage, and their fate.

`Case.status` is a denormalised copy of the latest status-changing CaseEvent; only the
service layer (`errata.services.cases`) changes it, always together with that event.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from errata.models.base import SiteScoped, SiteScopedQuerySet


class Category(models.TextChoices):
    """What a reader says is wrong; the widget offers these."""

    TYPO = "typo", _("Typo or spelling")
    FACTUAL = "factual", _("Factual error")
    OUTDATED = "outdated", _("Outdated")
    MISLEADING = "misleading", _("Misleading or missing context")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    CORRECTED = "corrected", _("Corrected")
    DECLINED = "declined", _("Declined")
    DUPLICATE = "duplicate", _("Duplicate")
    SPAM = "spam", _("Spam")

    @classmethod
    def open_values(cls) -> tuple[str, ...]:
        return (cls.NEW, cls.IN_PROGRESS)


class DeclineReason(models.TextChoices):
    """Why an editor declined a case; readers are told in these words."""

    NOT_AN_ERROR = "not_an_error", _("Not an error")
    OPINION = "opinion", _("A matter of opinion")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")
    CANNOT_VERIFY = "cannot_verify", _("Cannot be verified")


class AnchorState(models.TextChoices):
    """Where the case's passage stands in the article's latest text."""

    ANCHORED = "anchored", _("Anchored")
    ARTICLE = "article", _("Whole article (no passage selected)")
    ORPHANED = "orphaned", _("Orphaned: passage no longer found")
    FIXED_BY_EDIT = "fixed_by_edit", _("Fixed by an edit of the article")
    REMOVED = "removed", _("Removed: the passage and its sentence were deleted")
    REWRITTEN = "rewritten", _("Rewritten: its sentence was replaced")

    @classmethod
    def unattached(cls) -> tuple[str, ...]:
        """States where the case has no passage in the article's text to point at."""
        return (cls.ORPHANED, cls.REMOVED, cls.REWRITTEN)


class CaseQuerySet(SiteScopedQuerySet):
    def open(self) -> CaseQuerySet:
        return self.filter(status__in=CaseStatus.open_values())

    def closed(self) -> CaseQuerySet:
        return self.exclude(status__in=CaseStatus.open_values())

    def queue(self) -> CaseQuerySet:
        """Open cases, most urgent first: priority, then the earliest due time."""
        return self.open().order_by("-priority", F("due_at").asc(nulls_last=True), "pk")


class Case(SiteScoped):
    article = models.ForeignKey("errata.Article", on_delete=models.CASCADE, related_name="cases")
    reference = models.CharField(_("reference"), max_length=20, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus, default=CaseStatus.NEW, db_index=True
    )
    category = models.CharField(_("category"), max_length=12, choices=Category)
    # The passage, anchored in `version`: [anchor_start, anchor_end) in code points.
    version = models.ForeignKey("errata.ArticleVersion", on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(_("quoted passage"), blank=True)
    anchor_state = models.CharField(
        _("anchor"), max_length=14, choices=AnchorState, default=AnchorState.ANCHORED
    )
    anchor_start = models.PositiveIntegerField(null=True, blank=True)
    anchor_end = models.PositiveIntegerField(null=True, blank=True)
    # The version the case was decided against: set by its first decision, it pins the
    # passage there, and re-anchoring never moves the case again (docs/anchoring.md).
    decided_version = models.ForeignKey(
        "errata.ArticleVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    priority = models.IntegerField(_("priority"), default=0, db_index=True)
    # Codes with parameters (errata.triage.priority), rendered by errata.presenters.triage.
    priority_reasons = models.JSONField(_("why this priority"), default=list, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    decline_reason = models.CharField(
        _("reason for declining"), max_length=14, choices=DeclineReason, blank=True
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["site", "reference"], name="unique_case_reference"),
        ]
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("case")

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in CaseStatus.open_values()


class CaseEventKind(models.TextChoices):
    OPENED = "opened", _("Opened")
    REPORT_ADDED = "report_added", _("Report added")
    STATUS_CHANGED = "status_changed", _("Status changed")
    ASSIGNED = "assigned", _("Assigned")
    NOTE = "note", _("Note")
    DECIDED = "decided", _("Decided")
    REPLY = "reply", _("Reply")
    REANCHORED = "reanchored", _("Re-anchored")
    REATTACHED = "reattached", _("Re-attached by hand")
    PRIORITY = "priority", _("Priority changed")
    WEBHOOK = "webhook", _("Webhook to the CMS")
    VOCABULARY = "vocabulary", _("Word added to the site's vocabulary")
    READER_DATA = "reader_data", _("Reader's data erased")


class CaseEventQuerySet(SiteScopedQuerySet):
    def record(
        self,
        case: Case,
        kind: CaseEventKind,
        *,
        actor: Any = None,
        new_status: CaseStatus | None = None,
        note: str = "",
        data: dict[str, Any] | None = None,
    ) -> CaseEvent:
        """Write one event; a status change updates `case.status` in the same breath.

        The only way errata changes a case's status, so the history is never missing a row.
        """
        old_status = case.status
        event: CaseEvent = self.create(
            site_id=case.site_id,
            case=case,
            kind=kind,
            actor=actor,
            old_status=old_status if new_status and kind != CaseEventKind.OPENED else "",
            new_status=new_status or "",
            note=note,
            data=data or {},
        )
        if kind == CaseEventKind.DECIDED and case.decided_version_id is None:
            # A decision pins the passage to the version it was taken against.
            case.decided_version_id = case.version_id
            Case.objects.filter(pk=case.pk).update(decided_version_id=case.version_id)
        if new_status and new_status != old_status:
            case.status = new_status
            closing = new_status not in CaseStatus.open_values()
            case.closed_at = event.created_at if closing else None
            Case.objects.filter(pk=case.pk).update(status=new_status, closed_at=case.closed_at)
        return event


class CaseEvent(SiteScoped):
    """One thing that happened to a case; `actor` is null when errata itself acted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=16, choices=CaseEventKind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    old_status = models.CharField(max_length=12, choices=CaseStatus, blank=True)
    new_status = models.CharField(max_length=12, choices=CaseStatus, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("case event")

    def __str__(self) -> str:
        return f"{self.case} {self.kind}"

    @property
    def by_system(self) -> bool:
        return self.actor_id is None


class ReferenceSequence(models.Model):
    """The last case number given on a site in a year: ERR-2026-00042 is the 42nd."""

    site = models.ForeignKey("errata.Site", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["site", "year"], name="unique_reference_year")
        ]

    def __str__(self) -> str:
        return f"{self.site_id}/{self.year}: {self.last}"

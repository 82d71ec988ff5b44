"""Grouping task, step 5, its one write: the report filed into its case, with history.

A report that joins no case opens one under the reference reserved for it at intake, so
the first reader of a passage holds the case's own reference (decision 19). Within a
batch, the history rows and the cases' new priorities are written together at the end
(`Filing.flush`), in the same transaction, in the order they happened.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.utils import timezone

from errata.intake.received import Received
from errata.intake.spam import SpamVerdict
from errata.intake.store import next_reference
from errata.models import (
    AnchorState,
    Article,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    Report,
    ReportStatus,
    Site,
)
from errata.triage.priority import Priority

UNSCORED: Final = Case._meta.get_field("priority").get_default()  # a new case's priority


@dataclass(frozen=True)
class Filed:
    report_id: int
    case_id: int
    opened_case: bool


class Filing:
    """One batch's events and priority changes, written by `flush`."""

    def __init__(self) -> None:
        self.events: list[CaseEvent] = []
        self.priorities: dict[int, Case] = {}
        self.opened: dict[int, Case] = {}  # the cases the batch opened, by id

    def event(self, case: Case, kind: CaseEventKind, **fields: Any) -> None:
        # Only events that change no status: `CaseEvent.objects.record` writes those.
        self.events.append(CaseEvent(site_id=case.site_id, case=case, kind=kind, **fields))

    def flush(self) -> None:
        CaseEvent.objects.bulk_create(self.events)
        for case in self.priorities.values():
            Case.objects.filter(pk=case.pk).update(
                priority=case.priority, priority_reasons=case.priority_reasons
            )
        self.events, self.priorities, self.opened = [], {}, {}


def _open_case(
    site: Site,
    article: Article,
    report: Received,
    spam: SpamVerdict,
    priority: Priority,
    filing: Filing,
) -> Case:
    now, span = timezone.now(), report.span
    case = Case.objects.create(
        site=site,
        article=article,
        reference=report.reference or next_reference(site, now.year),
        status=CaseStatus.NEW,
        category=report.category,
        version_id=report.version_id,
        quote=report.version_text[span.start : span.end] if span else "",
        anchor_state=AnchorState.ANCHORED if span else AnchorState.ARTICLE,
        anchor_start=span.start if span else None,
        anchor_end=span.end if span else None,
        due_at=now + site.sla,
        # Its first priority, inserted with it; its event is written as for any change.
        priority=priority.score,
        priority_reasons=priority.reasons,
    )
    if not spam.held:
        filing.event(case, CaseEventKind.OPENED, new_status=CaseStatus.NEW)
    else:  # rare: written at once, as its status change must be
        CaseEvent.objects.record(case, CaseEventKind.OPENED, new_status=CaseStatus.NEW)
        CaseEvent.objects.record(
            case,
            CaseEventKind.STATUS_CHANGED,
            new_status=CaseStatus.SPAM,
            data={"spam_score": spam.score, "reasons": list(spam.reasons)},
        )
    return case


def save(
    site: Site,
    article: Article,
    report: Received,
    case: Case | None,
    spam: SpamVerdict,
    findings: Sequence[dict[str, Any]],
    priority: Priority,
    filing: Filing | None = None,
) -> Filed:
    """File one report; with a `filing`, its history rows wait for `filing.flush()`."""
    batch = filing or Filing()
    opened = case is None
    old_priority = UNSCORED if case is None else case.priority
    if case is None:
        case = _open_case(site, article, report, spam, priority, batch)
        batch.opened[case.pk] = case
    Report.objects.filter(pk=report.report_id, case__isnull=True).update(
        case=case,
        status=ReportStatus.HELD if spam.held else ReportStatus.RECEIVED,
        spam_score=spam.score,
        spam_reasons=list(spam.reasons),
        findings=list(findings),
    )
    batch.event(case, CaseEventKind.REPORT_ADDED, data={"report": report.public_id})
    if old_priority != priority.score:
        batch.event(
            case,
            CaseEventKind.PRIORITY,
            data={"old": old_priority, "new": priority.score, "reasons": priority.reasons},
        )
        if not opened:
            case.priority, case.priority_reasons = priority.score, priority.reasons
            batch.priorities[case.pk] = case
    if filing is None:
        batch.flush()
    return Filed(report.report_id, case.pk, opened)

"""Grouping task, step 5, its one write: the report filed into its case, with history.

A report that joins no case opens one under the reference reserved for it at intake, so
the first reader of a passage holds the case's own reference (decision 19).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True)
class Filed:
    report_id: int
    case_id: int
    opened_case: bool


def _open_case(site: Site, article: Article, report: Received, spam: SpamVerdict) -> Case:
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
    )
    CaseEvent.objects.record(case, CaseEventKind.OPENED, new_status=CaseStatus.NEW)
    if spam.held:
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
) -> Filed:
    opened = case is None
    if case is None:
        case = _open_case(site, article, report, spam)
    Report.objects.filter(pk=report.report_id, case__isnull=True).update(
        case=case,
        status=ReportStatus.HELD if spam.held else ReportStatus.RECEIVED,
        spam_score=spam.score,
        spam_reasons=list(spam.reasons),
        findings=list(findings),
    )
    CaseEvent.objects.record(case, CaseEventKind.REPORT_ADDED, data={"report": report.public_id})
    if case.priority != priority.score:
        CaseEvent.objects.record(
            case,
            CaseEventKind.PRIORITY,
            data={"old": case.priority, "new": priority.score, "reasons": priority.reasons},
        )
        case.priority, case.priority_reasons = priority.score, priority.reasons
        Case.objects.filter(pk=case.pk).update(
            priority=case.priority, priority_reasons=case.priority_reasons
        )
    return Filed(report.report_id, case.pk, opened)

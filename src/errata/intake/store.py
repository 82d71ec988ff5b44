"""Step 9: write the report, and the article, version and case it needs, with their history."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from errata.intake.submission import Intake
from errata.models import (
    AnchorState,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    ReferenceSequence,
    Report,
    ReportStatus,
    Site,
)


def next_reference(site: Site, year: int) -> str:
    """ERR-2026-00042: the site's 42nd case of 2026. Numbers are never reused."""
    sequence, _ = ReferenceSequence.objects.get_or_create(site=site, year=year)
    ReferenceSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
    sequence.refresh_from_db(fields=["last"])
    return f"ERR-{year}-{sequence.last:05d}"


def _open_case(intake: Intake) -> Case:
    site, article, version, span = intake.site, intake.article, intake.version, intake.span
    assert site is not None and article is not None and version is not None
    now = timezone.now()
    case = Case.objects.create(
        site=site,
        article=article,
        reference=next_reference(site, now.year),
        status=CaseStatus.NEW,
        category=intake.submission.category,
        version=version,
        quote=version.text[span.start : span.end] if span else "",
        anchor_state=AnchorState.ANCHORED if span else AnchorState.ARTICLE,
        anchor_start=span.start if span else None,
        anchor_end=span.end if span else None,
        due_at=now + site.sla,
    )
    CaseEvent.objects.record(case, CaseEventKind.OPENED, new_status=CaseStatus.NEW)
    if intake.held:
        CaseEvent.objects.record(
            case,
            CaseEventKind.STATUS_CHANGED,
            new_status=CaseStatus.SPAM,
            data={"spam_score": intake.spam_score, "reasons": intake.spam_reasons},
        )
    return case


def save(intake: Intake) -> None:
    site, article, version = intake.site, intake.article, intake.version
    assert site is not None
    assert article is not None
    assert version is not None
    article_is_new = article._state.adding
    if article_is_new:
        article.save()
    intake.version_created = version._state.adding and not article_is_new
    if version._state.adding:
        version.article = article
        version.save()
    case = intake.case
    intake.opened_case = case is None
    if case is None:
        case = _open_case(intake)
    submission, selection, span = intake.submission, intake.submission.selection, intake.span
    report = Report.objects.create(
        site=site,
        case=case,
        article=article,
        version=version,
        status=ReportStatus.HELD if intake.held else ReportStatus.RECEIVED,
        category=submission.category,
        quote=selection.exact,
        quote_prefix=selection.prefix,
        quote_suffix=selection.suffix,
        position_start=selection.start,
        position_end=selection.end,
        anchor_start=span.start if span else None,
        anchor_end=span.end if span else None,
        anchor_score=span.score if span else None,
        anchor_method=span.method if span else "",
        comment=submission.comment,
        suggestion=submission.suggestion,
        language=submission.language,
        contact_email=submission.email,
        page_url=submission.article.url,
        ip_hash=intake.ip_hash,
        spam_score=intake.spam_score,
        spam_reasons=intake.spam_reasons,
        findings=intake.findings,
    )
    CaseEvent.objects.record(
        case, CaseEventKind.REPORT_ADDED, data={"report": str(report.public_id)}
    )
    if case.priority != intake.priority:
        CaseEvent.objects.record(
            case,
            CaseEventKind.PRIORITY,
            data={"old": case.priority, "new": intake.priority, "reasons": intake.priority_reasons},
        )
        case.priority, case.priority_reasons = intake.priority, intake.priority_reasons
        Case.objects.filter(pk=case.pk).update(
            priority=case.priority, priority_reasons=case.priority_reasons
        )
    intake.case, intake.report = case, report

"""`/api/v1/cases…`: what desk integrations send and the one place case JSON is shaped.

Inputs carry only what a person decides (an assignee, a note, a wording, a reason);
status, site and timestamps are the server's. Readers' email addresses never leave the
desk's case page: the API says only whether a report has one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from ninja import Schema
from pydantic import ConfigDict, Field

from errata.models import Case, CaseEvent, CorrectionKind, DeclineReason
from errata.presenters import triage
from errata.services import cases
from errata.services.queue import is_overdue

REFERENCE_MAX = 20


class AssignIn(Schema):
    model_config = ConfigDict(extra="forbid")

    assignee: str | None = Field(
        ..., max_length=150, description="Username of a member of the case's site; null: nobody"
    )


class NoteIn(Schema):
    model_config = ConfigDict(extra="forbid")

    note: str = Field(..., min_length=1, max_length=cases.NOTE_MAX)


class AcceptIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: CorrectionKind
    passage_after: str = Field(
        "", max_length=cases.PASSAGE_MAX, description="The new wording of the case's passage"
    )
    notice: str | None = Field(
        None,
        max_length=cases.NOTICE_MAX,
        description="The public notice; omitted: drafted from the site's template",
    )


class DeclineIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: DeclineReason
    note: str = Field("", max_length=cases.NOTE_MAX, description="Internal note")


class ReattachIn(Schema):
    model_config = ConfigDict(extra="forbid")

    passage: str = Field(
        ..., min_length=1, max_length=cases.PASSAGE_MAX, description="Text of the current version"
    )
    start: int | None = Field(
        None, ge=0, description="Its offset in code points; required when it occurs twice"
    )
    reason: str = Field(..., min_length=1, max_length=cases.NOTE_MAX)


class DuplicateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    duplicate_of: str = Field(..., min_length=1, max_length=REFERENCE_MAX)


class ArticleRefOut(Schema):
    url: str
    title: str
    language: str


class ReasonOut(Schema):
    code: str = Field(description="Stable code, e.g. priority.readers or spam.links")
    params: dict[str, Any]
    message: str = Field(description="The reason in words, in the request's language")


class CaseOut(Schema):
    reference: str
    site: str
    status: str
    category: str
    priority: int
    priority_reasons: list[ReasonOut]
    due_at: datetime | None
    overdue: bool
    assignee: str | None
    article: ArticleRefOut
    quote: str
    anchor_state: str
    created_at: datetime
    closed_at: datetime | None
    desk_url: str


class CaseListOut(Schema):
    count: int
    counts: dict[str, int]
    results: list[CaseOut]


class FindingOut(Schema):
    check: str
    verdict: str
    code: str = Field(description="Stable code of the finding, e.g. spelling.misspelled")
    params: dict[str, Any]
    message: str = Field(description="The finding in words, in the request's language")
    data: dict[str, Any]


class ReportOut(Schema):
    id: str
    created_at: datetime
    category: str
    status: str
    quote: str
    comment: str
    suggestion: str
    language: str
    has_contact: bool
    findings: list[FindingOut]
    spam_reasons: list[ReasonOut]


class EventOut(Schema):
    at: datetime
    kind: str
    actor: str | None
    old_status: str
    new_status: str
    note: str
    data: dict[str, Any]


class CorrectionRefOut(Schema):
    id: str
    kind: str
    notice: str
    published_at: datetime | None


class ReplyStateOut(Schema):
    language: str
    status: str
    attempts: int
    sent_at: datetime | None


class SuggestionOut(Schema):
    text: str
    count: int


class CaseDetailOut(CaseOut):
    decline_reason: str
    duplicate_of: str | None
    suggestions: list[SuggestionOut]
    reports: list[ReportOut]
    events: list[EventOut]
    corrections: list[CorrectionRefOut]
    replies: list[ReplyStateOut]


def case_json(case: Case) -> dict[str, Any]:
    article = case.article
    return {
        "reference": case.reference,
        "site": case.site.slug,
        "status": case.status,
        "category": case.category,
        "priority": case.priority,
        "priority_reasons": [
            triage.coded(part, triage.priority_message([part]))
            for part in (case.priority_reasons if isinstance(case.priority_reasons, list) else [])
        ],
        "due_at": case.due_at,
        "overdue": is_overdue(case),
        "assignee": case.assignee.get_username() if case.assignee else None,
        "article": {"url": article.url, "title": article.title, "language": article.language},
        "quote": case.quote,
        "anchor_state": case.anchor_state,
        "created_at": case.created_at,
        "closed_at": case.closed_at,
        "desk_url": reverse(
            "desk:case", kwargs={"site": case.site.slug, "reference": case.reference}
        ),
    }


def _event_json(event: CaseEvent) -> dict[str, Any]:
    return {
        "at": event.created_at,
        "kind": event.kind,
        "actor": event.actor.get_username() if event.actor else None,
        "old_status": event.old_status,
        "new_status": event.new_status,
        "note": event.note,
        "data": event.data,
    }


def case_detail_json(case: Case) -> dict[str, Any]:
    case.refresh_from_db()
    reports = list(case.reports.order_by("created_at", "pk"))
    return {
        **case_json(case),
        "decline_reason": case.decline_reason,
        "duplicate_of": case.duplicate_of.reference if case.duplicate_of else None,
        # The same rule and order as the desk's case page (triage.consensus).
        "suggestions": [{"text": s.text, "count": s.count} for s in cases.suggestions(reports)],
        "reports": [
            {
                "id": str(r.public_id),
                "created_at": r.created_at,
                "category": r.category,
                "status": r.status,
                "quote": r.quote,
                "comment": r.comment,
                "suggestion": r.suggestion,
                "language": r.language,
                "has_contact": bool(r.contact_email),
                "findings": [
                    {
                        "check": str(f.get("check", "")),
                        "verdict": str(f.get("verdict", "")),
                        "data": f.get("data") if isinstance(f.get("data"), dict) else {},
                        **triage.coded(f, triage.finding_message(f)),
                    }
                    for f in (r.findings if isinstance(r.findings, list) else [])
                    if isinstance(f, dict)
                ],
                "spam_reasons": [
                    triage.coded(reason, triage.spam_message(reason))
                    for reason in (r.spam_reasons if isinstance(r.spam_reasons, list) else [])
                    if isinstance(reason, dict)
                ],
            }
            for r in reports
        ],
        "events": [_event_json(e) for e in case.events.select_related("actor")],
        "corrections": [
            {
                "id": str(c.public_id),
                "kind": c.kind,
                "notice": c.notice,
                "published_at": c.published_at,
            }
            for c in case.corrections.order_by("published_at", "pk")
        ],
        "replies": [
            {
                "language": r.language,
                "status": r.status,
                "attempts": r.attempts,
                "sent_at": r.sent_at,
            }
            for r in case.replies.order_by("created_at", "pk")
        ],
    }

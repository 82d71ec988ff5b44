"""Everything the case page shows, gathered in one place for the page and its actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms as django_forms
from django.http import HttpRequest, HttpResponse

from errata.desk import forms, passages
from errata.desk.pages import render_desk
from errata.errors import Problem
from errata.models import (
    AnchorState,
    Case,
    CaseEventKind,
    ContactPurge,
    Correction,
    CorrectionKind,
    Reply,
    WebhookDelivery,
)
from errata.services import cases, retention
from errata.services.cases import Draft
from errata.services.queue import is_overdue

if TYPE_CHECKING:
    from errata.triage.consensus import Suggestion


def _accept_form(case: Case, suggestions: list[Suggestion]) -> forms.AcceptForm:
    prefill = suggestions[0].text if suggestions else case.quote
    return forms.AcceptForm(
        case=case, initial={"kind": CorrectionKind.CORRECTION, "passage_after": prefill}
    )


def preview_of(draft: Draft) -> dict[str, Any]:
    """The diff of the paragraph around the passage, and the notice to publish."""
    case = draft.case
    if draft.old_text and case.anchor_start is not None and case.anchor_end is not None:
        start, end = passages.paragraph_around(draft.old_text, case.anchor_start, case.anchor_end)
        before = draft.old_text[start:end]
        after = (
            draft.old_text[start : case.anchor_start]
            + draft.passage_after
            + draft.old_text[case.anchor_end : end]
        )
        changes = passages.word_diff(before, after)
    else:
        changes = []
    return {"draft": draft, "changes": changes}


_SETTLED_BY_EDIT = (AnchorState.FIXED_BY_EDIT, AnchorState.REMOVED, AnchorState.REWRITTEN)


def _edit_fix(case: Case) -> dict[str, Any] | None:
    """What re-anchoring found when the article's edit changed, removed or rewrote the
    passage: the desk offers to close the case in one click."""
    if case.anchor_state not in _SETTLED_BY_EDIT or not case.is_open:
        return None
    event = case.events.filter(kind=CaseEventKind.REANCHORED).order_by("-created_at", "-pk").first()
    data = event.data if event is not None else {}
    return {
        "state": case.anchor_state,
        "wording": data.get("replacement", ""),
        "suggestion_matches": bool(data.get("suggestion_matches")),
    }


def _reattach(case: Case) -> dict[str, Any] | None:
    """The article's current text, for an editor to select the passage a case lost."""
    if not case.is_open:
        return None
    latest = case.article.latest_version()
    pinned_elsewhere = case.decided_version_id is not None and (
        latest is not None and latest.pk != case.version_id
    )
    if latest is None or (
        case.anchor_state not in AnchorState.unattached() and not pinned_elsewhere
    ):
        return None
    return {"paragraphs": passages.paragraphs_with_offsets(latest.text)}


def case_context(
    request: HttpRequest, case: Case, bound: dict[str, django_forms.Form] | None = None
) -> dict[str, Any]:
    reports = list(case.reports.order_by("created_at", "pk"))
    for report in reports:
        report.contact_until = retention.contact_expires_at(report, case)
    expired = [r for r in reports if r.contact_purge_reason == ContactPurge.RETENTION]
    others = cases.other_open_cases(case)
    suggestions = cases.suggestions(reports)
    context: dict[str, Any] = {
        "case": case,
        "site": case.site,
        "overdue": is_overdue(case),
        "paragraphs": passages.highlighted(case, others),
        "others": others,
        "reports": reports,
        "contacts_expired": len(expired),
        "suggestions": suggestions,
        "events": list(case.events.select_related("actor")),
        "replies": list(
            Reply.objects.for_site(case.site).filter(case=case).select_related("report")
        ),
        "corrections": list(Correction.objects.for_site(case.site).filter(case=case)),
        "webhooks": list(WebhookDelivery.objects.for_site(case.site).filter(correction__case=case)),
        "duplicates": list(case.duplicates.all()),
        "assign_form": forms.AssignForm(case=case),
        "note_form": forms.NoteForm(),
        "accept_form": _accept_form(case, suggestions),
        "decline_form": forms.DeclineForm(),
        "duplicate_form": forms.DuplicateForm(),
        "ready_fix": cases.fix_ready(case),
        "edit_fix": _edit_fix(case),
        "reattach": _reattach(case),
        "reattach_form": forms.ReattachForm(),
    }
    context.update(bound or {})
    return context


def render_case(
    request: HttpRequest,
    case: Case,
    *,
    bound: dict[str, django_forms.Form] | None = None,
    problem: Problem | None = None,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = case_context(request, case, bound)
    context.update(extra or {})
    context["problem"] = problem
    return render_desk(
        request, "errata/desk/case.html", context, status=problem.status if problem else status
    )

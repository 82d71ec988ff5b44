"""Every action on a case, one function each: the desk, the API and the CLI call these.

Each function checks that the actor may act on the case's site (`require_member`), locks
the case, refuses an action the case's state does not allow (Problem 409), writes its
CaseEvent (`CaseEvent.objects.record`, the only way a status changes) and queues what
follows (replies to readers, the CMS webhook) once the transaction has committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from errata import notices
from errata.errors import Problem, invalid
from errata.models import (
    AnchorState,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    Correction,
    CorrectionKind,
    DeclineReason,
    Report,
    ReportStatus,
    TemplatePurpose,
)
from errata.services import replies, retention, webhooks
from errata.services.corrections import HOSTED_SOURCES, publish_correction
from errata.services.permissions import membership, require_member
from errata.triage import consensus
from errata.triage.consensus import Suggestion

NOTE_MAX = 5000
PASSAGE_MAX = 5000
NOTICE_MAX = 2000


def _conflict(code: str, detail: str, field: str | None = None) -> Problem:
    return Problem(
        status=409,
        code=code,
        title="The case's state does not allow this",
        detail=detail,
        field=field,
    )


@contextmanager
def _acting(actor: Any, case: Case) -> Iterator[Case]:
    """Check the actor's membership, then hold the case locked for the action."""
    require_member(actor, case.site)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        case.status, case.closed_at = locked.status, locked.closed_at
        yield case


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise _conflict(
            "case-closed", f"status: the case is {case.status}; reopen it first.", "status"
        )


def _text(value: str, field: str, limit: int, *, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise invalid(field, "required", "must not be empty")
    if len(value) > limit:
        raise invalid(field, "too-long", f"at most {limit} characters")
    return value


def assign(actor: Any, case: Case, assignee: Any | None) -> CaseEvent:
    """Give the case to a member of its site (or to nobody); a new case is now in progress."""
    with _acting(actor, case):
        _require_open(case)
        if assignee is not None and membership(assignee, case.site) is None:
            raise invalid("assignee", "not-a-member", "is not a member of the case's site")
        previous = case.assignee
        case.assignee = assignee
        case.save(update_fields=["assignee"])
        return CaseEvent.objects.record(
            case,
            CaseEventKind.ASSIGNED,
            actor=actor,
            new_status=(
                CaseStatus.IN_PROGRESS
                if assignee is not None and case.status == CaseStatus.NEW
                else None
            ),
            data={
                "assignee": assignee.get_username() if assignee else None,
                "previous": previous.get_username() if previous else None,
            },
        )


def unassign(actor: Any, case: Case) -> CaseEvent:
    return assign(actor, case, None)


def add_note(actor: Any, case: Case, text: str) -> CaseEvent:
    """An internal note, for the desk only; allowed on closed cases too."""
    note = _text(text, "note", NOTE_MAX)
    with _acting(actor, case):
        return CaseEvent.objects.record(case, CaseEventKind.NOTE, actor=actor, note=note)


@dataclass(frozen=True)
class Draft:
    """A correction as it would be published: what the desk previews."""

    case: Case
    kind: CorrectionKind
    passage_before: str
    passage_after: str
    notice: str
    # The article's whole new text, for articles errata hosts; None otherwise.
    new_text: str | None
    old_text: str


def _kind(kind: str, case: Case) -> CorrectionKind:
    try:
        chosen = CorrectionKind(kind)
    except ValueError:
        raise invalid(
            "kind", "unknown-kind", f"must be one of {', '.join(CorrectionKind.values)}"
        ) from None
    if chosen is CorrectionKind.SILENT and not case.site.allow_silent_fixes:
        raise invalid("kind", "silent-fix-not-allowed", "this site does not allow silent fixes")
    return chosen


def draft_notice(case: Case, kind: CorrectionKind, before: str, after: str) -> str:
    """The notice in the article's language, from the site's template for `kind`."""
    if not kind.public:
        return ""
    language = case.article.language or case.site.language
    today = timezone.localdate()
    return notices.render(
        case.site,
        TemplatePurpose.NOTICE,
        kind.value,
        language,
        before=before,
        after=after,
        title=case.article.title,
        date=notices.long_date(today.year, today.month, today.day, language),
    ).body


def _passage(case: Case) -> tuple[str, int, int] | None:
    """The case's passage in the article's latest text, or None for a whole-article case."""
    if case.anchor_state == AnchorState.ARTICLE:
        return None
    if case.anchor_state != AnchorState.ANCHORED or case.anchor_start is None:
        raise _conflict("passage-not-anchored", "the passage is no longer found in the article")
    latest = case.article.latest_version()
    if latest is None or latest.pk != case.version_id:
        raise _conflict(
            "article-changed",
            "the article has a newer version than the one this case is anchored in",
        )
    assert case.anchor_end is not None
    return latest.text, case.anchor_start, case.anchor_end


def draft(
    actor: Any, case: Case, *, kind: str, passage_after: str, notice: str | None = None
) -> Draft:
    """What accepting would publish; writes nothing. Raises Problem like `accept`."""
    require_member(actor, case.site)
    _require_open(case)
    chosen = _kind(kind, case)
    after = passage_after.strip()
    if len(after) > PASSAGE_MAX:
        raise invalid("passage_after", "too-long", f"at most {PASSAGE_MAX} characters")
    found = _passage(case)
    before, new_text, old_text = "", None, ""
    if found is not None:
        old_text, start, end = found
        before = old_text[start:end]
        if after == before and chosen is not CorrectionKind.EDITORS_NOTE:
            raise invalid("passage_after", "unchanged", "is the same as the passage")
        if case.article.source in HOSTED_SOURCES:
            new_text = old_text[:start] + after + old_text[end:]
    elif after:
        raise invalid("passage_after", "no-passage", "the case is about the whole article")
    if notice is None:
        notice = draft_notice(case, chosen, before, after)
    notice = _text(notice, "notice", NOTICE_MAX, required=chosen.public)
    return Draft(case, chosen, before, after, notice if chosen.public else "", new_text, old_text)


def accept(
    actor: Any, case: Case, *, kind: str, passage_after: str, notice: str | None = None
) -> Correction:
    """Publish the correction (a new version for hosted articles), close the case as
    corrected, answer its readers and tell the publisher's CMS."""
    with _acting(actor, case):
        proposal = draft(actor, case, kind=kind, passage_after=passage_after, notice=notice)
        correction = publish_correction(
            article=case.article,
            kind=proposal.kind,
            notice=proposal.notice,
            passage_before=proposal.passage_before,
            passage_after=proposal.passage_after,
            new_text=proposal.new_text,
            case=case,
            actor=actor,
        )
        replies.answer(case, "corrected", notice=proposal.notice)
        webhooks.announce(correction)
        retention.schedule_case_purge(case)
        # The new text's version re-anchors the article's other open cases
        # (services.articles.upsert_article enqueues it).
    return correction


def suggestions(reports: Iterable[Report]) -> list[Suggestion]:
    """Readers' suggestions grouped and ranked by the one consensus rule (desk and API)."""
    return consensus.suggestions(reports)


def fix_ready(case: Case) -> Draft | None:
    """The correction spelling verification made ready, if it still applies as it stands.

    Triage confirmed the quoted word misspelled and readers' suggestion fixes it
    (`triage.consensus.ready_fix`); it applies while the case is open and anchored in the
    article's latest text, in the very version the fix was computed on.
    """
    fix = consensus.ready_fix(case)
    latest = case.article.latest_version()
    if (
        fix is None
        or not case.is_open
        or latest is None
        or case.anchor_state != AnchorState.ANCHORED
        or fix.version_id != case.version_id
        or case.version_id != latest.pk
        or case.anchor_start is None
        or case.anchor_end is None
        or not case.anchor_start <= fix.start <= fix.end <= case.anchor_end
    ):
        return None
    quote = case.version.text[case.anchor_start : case.anchor_end]
    start, end = fix.start - case.anchor_start, fix.end - case.anchor_start
    passage_after = quote[:start] + fix.replacement + quote[end:]
    kind = CorrectionKind.SILENT if case.site.allow_silent_fixes else CorrectionKind.CORRECTION
    return Draft(
        case=case,
        kind=kind,
        passage_before=quote,
        passage_after=passage_after,
        notice="",
        old_text=case.version.text,
        new_text=None,
    )


def apply_fix(actor: Any, case: Case) -> Correction:
    """Publish the verified typo fix in one click: silently where the site allows it."""
    ready = fix_ready(case)
    if ready is None:
        raise _conflict(
            "no-verified-fix",
            "case: no verified spelling fix applies to the article's current text.",
        )
    return accept(actor, case, kind=ready.kind, passage_after=ready.passage_after)


_CLOSING_NOTES = {
    AnchorState.FIXED_BY_EDIT: "Fixed by an edit of the article.",
    AnchorState.REMOVED: "Closed: the passage was removed from the article.",
    AnchorState.REWRITTEN: "Closed: the passage's sentence was rewritten.",
}


def close_fixed_by_edit(actor: Any, case: Case) -> CaseEvent:
    """Close a case the article's own edit already settled (flagged by re-anchoring):
    the passage was fixed by edit, removed with its sentence, or its sentence rewritten."""
    with _acting(actor, case):
        _require_open(case)
        note = _CLOSING_NOTES.get(AnchorState(case.anchor_state))
        if note is None:
            raise _conflict(
                "not-fixed-by-edit",
                "anchor_state: the passage was not changed by an edit of the article.",
                "anchor_state",
            )
        event = CaseEvent.objects.record(
            case,
            CaseEventKind.DECIDED,
            actor=actor,
            new_status=CaseStatus.CORRECTED,
            note=note,
            data={
                "fixed_by_edit": True,
                "anchor_state": case.anchor_state,
                "wording": case.version.text[case.anchor_start or 0 : case.anchor_end or 0],
            },
        )
        replies.answer(case, "corrected")
        retention.schedule_case_purge(case)
    return event


def reattach(actor: Any, case: Case, *, passage: str, start: int | None, reason: str) -> CaseEvent:
    """Attach a case that lost its passage to one an editor selected in the current text.

    `passage` is the selected text; `start` its offset in the article's latest text (code
    points), required when the passage occurs more than once. Re-attaching is a new
    placement by a person: it also lifts a decision's pin, so the case follows later
    versions again.
    """
    reason = _text(reason, "reason", NOTE_MAX)
    if not passage.strip():
        raise invalid("passage", "required", "must not be empty")
    if len(passage) > PASSAGE_MAX:
        raise invalid("passage", "too-long", f"at most {PASSAGE_MAX} characters")
    with _acting(actor, case):
        _require_open(case)
        latest = case.article.latest_version()
        pinned_elsewhere = case.decided_version_id is not None and (
            latest is None or case.version_id != latest.pk
        )
        if case.anchor_state not in AnchorState.unattached() and not pinned_elsewhere:
            raise _conflict(
                "passage-attached",
                "anchor_state: the case already has its passage in the article's text.",
                "anchor_state",
            )
        if latest is None:
            raise _conflict("article-has-no-text", "article: errata has no text for it.")
        text = latest.text
        if start is None:
            found = text.find(passage)
            if found >= 0 and text.find(passage, found + 1) >= 0:
                raise invalid("start", "ambiguous", "the passage occurs more than once: select it")
            start = found
        if start < 0 or text[start : start + len(passage)] != passage:
            raise invalid("passage", "not-in-text", "is not in the article's current text")
        data = {
            "from_version": case.version_id,
            "from": [case.anchor_start, case.anchor_end],
            "from_state": case.anchor_state,
            "to_version": latest.pk,
            "to": [start, start + len(passage)],
            "passage": passage,
        }
        case.version, case.anchor_state = latest, AnchorState.ANCHORED
        case.anchor_start, case.anchor_end = start, start + len(passage)
        case.decided_version = None
        case.save(
            update_fields=[
                "version", "anchor_state", "anchor_start", "anchor_end", "decided_version"
            ]
        )  # fmt: skip
        return CaseEvent.objects.record(
            case, CaseEventKind.REATTACHED, actor=actor, note=reason, data=data
        )


def decline(actor: Any, case: Case, reason: str, note: str = "") -> CaseEvent:
    """Close the case without a correction, for one of the reasons readers are told."""
    try:
        chosen = DeclineReason(reason)
    except ValueError:
        raise invalid(
            "reason", "unknown-reason", f"must be one of {', '.join(DeclineReason.values)}"
        ) from None
    note = _text(note, "note", NOTE_MAX, required=False)
    with _acting(actor, case):
        _require_open(case)
        case.decline_reason = chosen
        case.save(update_fields=["decline_reason"])
        event = CaseEvent.objects.record(
            case,
            CaseEventKind.DECIDED,
            actor=actor,
            new_status=CaseStatus.DECLINED,
            note=note,
            data={"reason": chosen.value},
        )
        replies.answer(case, "declined", reason=chosen)
        retention.schedule_case_purge(case)
    return event


def mark_duplicate(actor: Any, case: Case, of_reference: str) -> CaseEvent:
    """Close the case as a duplicate of another case of the same site.

    Its readers are answered when that other case is decided, or at once when it already
    was (corrected or declined).
    """
    with _acting(actor, case):
        _require_open(case)
        original = (
            Case.objects.for_site(case.site)
            .filter(reference=of_reference.strip())
            .exclude(pk=case.pk)
            .first()
        )
        if original is None:
            raise invalid("duplicate_of", "unknown-case", "no other case of this site has it")
        if original.status == CaseStatus.DUPLICATE and original.duplicate_of_id:
            original = original.duplicate_of
            assert original is not None
        if original.pk == case.pk:
            raise invalid("duplicate_of", "circular", "that case is a duplicate of this one")
        case.duplicate_of = original
        case.save(update_fields=["duplicate_of"])
        event = CaseEvent.objects.record(
            case,
            CaseEventKind.DECIDED,
            actor=actor,
            new_status=CaseStatus.DUPLICATE,
            data={"duplicate_of": original.reference},
        )
        replies.answer_late_duplicate(case, original)
        retention.schedule_case_purge(case)
        return event


def mark_spam(actor: Any, case: Case) -> CaseEvent:
    """Close the case as spam; its reports are held and nobody is answered."""
    with _acting(actor, case):
        _require_open(case)
        Report.objects.filter(case=case).update(status=ReportStatus.HELD)
        event = CaseEvent.objects.record(
            case, CaseEventKind.STATUS_CHANGED, actor=actor, new_status=CaseStatus.SPAM
        )
        retention.schedule_case_purge(case)
        return event


def mark_not_spam(actor: Any, case: Case) -> CaseEvent:
    """Release a case errata (or an editor) held as spam back into the queue."""
    with _acting(actor, case):
        if case.status != CaseStatus.SPAM:
            raise _conflict("not-spam", "status: the case is not marked as spam.", "status")
        Report.objects.filter(case=case).update(status=ReportStatus.RECEIVED)
        return CaseEvent.objects.record(
            case,
            CaseEventKind.STATUS_CHANGED,
            actor=actor,
            new_status=CaseStatus.NEW,
            note="Not spam",
        )


def reopen(actor: Any, case: Case) -> CaseEvent:
    """Reopen a declined, duplicate or corrected case (a published correction stays)."""
    with _acting(actor, case):
        if case.is_open:
            raise _conflict("case-open", "status: the case is already open.", "status")
        if case.status == CaseStatus.SPAM:
            raise _conflict("case-is-spam", "status: use “not spam” to release it.", "status")
        case.duplicate_of, case.decline_reason = None, ""
        case.save(update_fields=["duplicate_of", "decline_reason"])
        return CaseEvent.objects.record(
            case, CaseEventKind.STATUS_CHANGED, actor=actor, new_status=CaseStatus.IN_PROGRESS
        )


def assignable(case: Case) -> list[Any]:
    """The people the case may be assigned to: the members of its site."""
    return list(
        get_user_model()
        .objects.filter(memberships__site=case.site, is_active=True)
        .order_by("username")
    )


def other_open_cases(case: Case) -> list[Case]:
    """The article's other open cases anchored in the same version (marked on the page)."""
    return list(
        Case.objects.for_site(case.site)
        .open()
        .filter(article=case.article, version=case.version, anchor_state=AnchorState.ANCHORED)
        .exclude(pk=case.pk)
        .order_by("anchor_start")
    )

"""Following open cases into a new version of their article.

Whenever an article gets a new version (CMS push, import, a reader's snapshot, a published
correction), each of its open cases is re-anchored from the version it is anchored in:
it follows its passage, or is flagged *fixed by edit* when the passage was replaced while
its surroundings stayed (how a typo fix looks from outside) — noting whether the new
wording is what a reader suggested — *removed* when its sentence was deleted, *rewritten*
when another sentence took its place, or *orphaned* when the passage is gone otherwise.
It is never attached to another passage (docs/anchoring.md). Each outcome is a CaseEvent
written by the system. A case once decided is pinned to the version it was decided
against (`Case.decided_version`) and never re-anchored, even if reopened.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import transaction

from errata.anchoring import (
    Anchor,
    FixedByEdit,
    Removed,
    Rewritten,
    TextQuoteSelector,
    describe,
    reanchor,
)
from errata.models import AnchorState, ArticleVersion, Case, CaseEvent, CaseEventKind, Report
from errata.text import normalise_quote


class Outcome(StrEnum):
    FOLLOWED = "followed"
    FIXED_BY_EDIT = "fixed_by_edit"
    REMOVED = "removed"
    REWRITTEN = "rewritten"
    ORPHANED = "orphaned"


@dataclass(frozen=True)
class Reanchored:
    case: Case
    outcome: Outcome
    suggestion_matches: bool = False


def _suggestions(case: Case) -> set[str]:
    suggestions = Report.objects.filter(case=case).received().values_list("suggestion", flat=True)
    return {normalise_quote(s).strip() for s in suggestions if s.strip()}


def _selector(case: Case) -> TextQuoteSelector:
    assert case.anchor_start is not None
    assert case.anchor_end is not None
    described = describe(case.version.text, case.anchor_start, case.anchor_end)
    return TextQuoteSelector(
        exact=described.exact,
        prefix=described.prefix,
        suffix=described.suffix,
        start=case.anchor_start,
        end=case.anchor_end,
    )


def reanchor_case(case: Case, version: ArticleVersion) -> Reanchored | None:
    """Move one case to `version`; None when there is nothing to follow."""
    if (
        not case.is_open
        or case.decided_version_id is not None
        or case.version_id == version.pk
        or case.anchor_state not in (AnchorState.ANCHORED, AnchorState.ORPHANED)
        or case.anchor_start is None
    ):
        return None
    result = reanchor(_selector(case), case.version.text, version.text)
    data: dict[str, object] = {
        "from_version": case.version_id,
        "to_version": version.pk,
        "from": [case.anchor_start, case.anchor_end],
    }
    matches = False
    if isinstance(result, Anchor):
        outcome = Outcome.FOLLOWED
        case.anchor_state = AnchorState.ANCHORED
        case.version, case.anchor_start, case.anchor_end = version, result.start, result.end
        data |= {"to": [result.start, result.end], "score": round(result.score, 3)}
        note = ""
    elif isinstance(result, FixedByEdit):
        outcome = Outcome.FIXED_BY_EDIT
        replacement = normalise_quote(result.replacement).strip()
        matches = replacement in _suggestions(case)
        case.anchor_state = AnchorState.FIXED_BY_EDIT
        case.version, case.anchor_start, case.anchor_end = version, result.start, result.end
        data |= {
            "to": [result.start, result.end],
            "replacement": result.replacement,
            "suggestion_matches": matches,
        }
        note = (
            "The passage was changed by an edit of the article, as a reader suggested."
            if matches
            else "The passage was changed by an edit of the article."
        )
    elif isinstance(result, Removed | Rewritten):
        removed = isinstance(result, Removed)
        outcome = Outcome.REMOVED if removed else Outcome.REWRITTEN
        case.anchor_state = AnchorState.REMOVED if removed else AnchorState.REWRITTEN
        case.version, case.anchor_start, case.anchor_end = version, result.start, result.end
        data |= {"to": [result.start, result.end]}
        if removed:
            note = "The passage was deleted from the article, with its sentence."
        else:
            data["replacement"] = version.text[result.start : result.end]
            note = "The passage's sentence was replaced by another one."
    else:
        outcome = Outcome.ORPHANED
        case.anchor_state = AnchorState.ORPHANED
        data |= {"reason": str(result.reason), "best_score": result.best_score}
        note = f"The passage is no longer in the article ({result.detail or result.reason})."
    data["outcome"] = str(outcome)
    case.save(update_fields=["anchor_state", "version", "anchor_start", "anchor_end"])
    CaseEvent.objects.record(case, CaseEventKind.REANCHORED, note=note, data=data)
    return Reanchored(case, outcome, matches)


def reanchor_article(version: ArticleVersion) -> list[Reanchored]:
    """Re-anchor every open case of the version's article into it.

    Only into the article's latest version: when versions arrive faster than the tasks
    run, the older tasks find a newer version and leave the work to its own task.
    """
    latest = version.article.latest_version()
    if latest is None or latest.pk != version.pk:
        return []
    with transaction.atomic():
        cases = (
            Case.objects.for_site(version.site_id)
            .open()
            .filter(article_id=version.article_id)
            .select_related("version")
            .select_for_update(of=("self",))
        )
        outcomes = [reanchor_case(case, version) for case in cases]
    return [outcome for outcome in outcomes if outcome is not None]

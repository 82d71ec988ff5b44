"""What readers agree the passage should say: one rule for the desk and the API.

`suggestions(reports)` groups readers' suggestions that are the same wording once case
and spacing are ignored, counts them and ranks them (most readers first, the earliest
on a tie). Held reports (likely spam) do not count, so a bot cannot vote. The desk's
case page and the API's case detail both show this list; the largest group prefills the
editor's correction.

`ready_fix(case)` gives the desk's one-click "apply fix": the typo fix most readers sent
among those spelling verification confirmed with evidence of its own (a misspelled word,
or an agreement that errata's rule or Grammalecte decides) and whose replacement is made
of dictionary words of the article's language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from errata.triage import dictionaries
from errata.triage.words import tokens

if TYPE_CHECKING:
    from errata.models import Case, Report


@dataclass(frozen=True)
class Suggestion:
    text: str  # the first wording seen of the group
    count: int


def suggestions(reports: Iterable[Report]) -> list[Suggestion]:
    """Received reports' suggestions, identical ones (ignoring case and spacing) counted
    together, most frequent first; the first wording seen represents its group."""
    from errata.models import ReportStatus

    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for report in reports:
        text = " ".join(report.suggestion.split())
        if not text or report.status != ReportStatus.RECEIVED:
            continue
        key = text.casefold()
        counts[key] += 1
        first.setdefault(key, text)
    order = list(first)
    ranked = sorted(order, key=lambda k: (-counts[k], order.index(k)))
    return [Suggestion(first[k], counts[k]) for k in ranked]


@dataclass(frozen=True)
class ReadyFix:
    """A verified typo fix: replace [start, end) of `version_id`'s text with `replacement`."""

    version_id: int
    start: int
    end: int
    replacement: str
    readers: int  # how many received reports carry this same fix


def _offered(finding: dict[str, Any]) -> bool:
    """A confirmed spelling finding whose fix is real words of the article's language."""
    data = finding.get("data", {})
    fix = data.get("fix")
    if finding.get("check") != "spelling" or finding.get("verdict") != "confirmed":
        return False
    if not isinstance(fix, dict) or not data.get("suggestion_fixes"):
        return False
    if data.get("unknown_in_suggestion"):
        return False
    language = str(data.get("language", ""))
    if not language or dictionaries.dictionary(language) is None:
        return False
    return all(
        dictionaries.knows(language, token.text)
        for token in tokens(str(fix.get("replacement", "")), language)
    )


def ready_fix(case: Case) -> ReadyFix | None:
    """The fix spelling verification confirmed for the case, the one most readers sent.

    Offsets are in the text of the version the report was anchored in: the desk checks
    that this is still the article's latest text before applying it.
    """
    from errata.models import Report

    fixes: Counter[tuple[int, int, int, str]] = Counter()
    for version_id, findings in (
        Report.objects.for_site(case.site_id)
        .filter(case=case)
        .received()
        .order_by("created_at", "pk")
        .values_list("version_id", "findings")
    ):
        for finding in findings if isinstance(findings, list) else []:
            if _offered(finding):
                fix = finding["data"]["fix"]
                fixes[(version_id, fix["start"], fix["end"], fix["replacement"])] += 1
    if not fixes:
        return None
    (version_id, start, end, replacement), readers = fixes.most_common(1)[0]
    return ReadyFix(version_id, start, end, replacement, readers)

"""What readers agree the passage should say: their suggestions, grouped and counted.

Suggestions are compared after folding case, spaces, punctuation and typographic quotes
("1,3 milliard" and "1,3 Milliard." are one proposal). Long suggestions (a rewritten
sentence) whose similarity (rapidfuzz ratio) reaches `NEAR` are one proposal too; short
ones are not, because there one letter is the whole point ("déployés", "déployées"),
and neither are suggestions with different figures. Each group is shown with its most
frequent wording; the largest group (the earliest on a tie) prefills the editor's
correction (`top_suggestion`). `ready_fix` gives the desk's one-click "apply fix": the
typo fix spelling verification confirmed. Held reports (likely spam) are not counted,
so a bot cannot vote.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

if TYPE_CHECKING:
    from errata.models import Case

NEAR = 95.0
_DIGITS = re.compile(r"\d+")
LONG = 40  # characters from which near-identical suggestions are grouped
_FOLD = str.maketrans(
    {"’": "'", "«": '"', "»": '"', "“": '"', "”": '"', "\u00a0": " ", "\u202f": " "}
)


@dataclass(frozen=True)
class Proposal:
    wording: str  # the most frequent exact wording in the group
    count: int
    variants: tuple[str, ...]


def fold(suggestion: str) -> str:
    text = unicodedata.normalize("NFC", suggestion).translate(_FOLD).casefold()
    return re.sub(r"\s+", " ", text).strip(" .;,!?\"'")


def _bare(folded: str) -> str:
    return re.sub(r"[\W_]+", "", folded)


def group(suggestions: Iterable[str]) -> list[Proposal]:
    """Suggestions in the order given, grouped; the largest group first."""
    groups: list[tuple[str, list[str]]] = []  # (folded key of the first one, wordings)
    for suggestion in suggestions:
        if not suggestion.strip():
            continue
        key = fold(suggestion)
        for first, wordings in groups:
            if _bare(key) == _bare(first) or (
                min(len(key), len(first)) >= LONG
                and _DIGITS.findall(key) == _DIGITS.findall(first)
                and fuzz.ratio(key, first) >= NEAR
            ):
                wordings.append(suggestion.strip())
                break
        else:
            groups.append((key, [suggestion.strip()]))
    proposals = [
        Proposal(
            wording=Counter(wordings).most_common(1)[0][0],
            count=len(wordings),
            variants=tuple(dict.fromkeys(wordings)),
        )
        for _, wordings in groups
    ]
    # sorted() is stable: on equal counts the earliest proposal stays ahead.
    return sorted(proposals, key=lambda proposal: -proposal.count)


def proposals(case: Case) -> list[Proposal]:
    from errata.models import Report

    suggestions = (
        Report.objects.for_site(case.site_id)
        .filter(case=case)
        .received()
        .order_by("created_at", "pk")
        .values_list("suggestion", flat=True)
    )
    return group(suggestions)


def top_suggestion(case: Case) -> str | None:
    """The wording most readers proposed for the case's passage, or None."""
    found = proposals(case)
    return found[0].wording if found else None


@dataclass(frozen=True)
class ReadyFix:
    """A verified typo fix: replace [start, end) of `version_id`'s text with `replacement`."""

    version_id: int
    start: int
    end: int
    replacement: str
    readers: int  # how many received reports carry this same fix


def ready_fix(case: Case) -> ReadyFix | None:
    """The fix spelling verification confirmed for the case, the one most readers sent.

    Only `spelling: confirmed` findings whose suggestion fixes the word carry one
    (docs/triage.md). Offsets are in the text of the version the report was anchored in:
    the desk checks that this is still the article's latest text before applying it.
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
            fix = finding.get("data", {}).get("fix") if finding.get("check") == "spelling" else None
            if finding.get("verdict") == "confirmed" and isinstance(fix, dict):
                fixes[(version_id, fix["start"], fix["end"], fix["replacement"])] += 1
    if not fixes:
        return None
    (version_id, start, end, replacement), readers = fixes.most_common(1)[0]
    return ReadyFix(version_id, start, end, replacement, readers)

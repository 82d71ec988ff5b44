"""Is the quoted passage misspelled, and does the reader's suggestion fix it?

The quote is checked word by word against Hunspell plus the learned vocabulary
(`errata.triage.vocabulary`): a word neither knows is a confirmed misspelling. A
suggestion fixes it when it replaces every flagged word and brings no unknown word.

Real-word errors (a/à, their/there, a missing plural s) pass any dictionary. errata
looks at them only when the reader's suggestion swaps one known word for another
(`errata.triage.confusables`): number agreement with the nearest determiner and the
French a/à are confirmed where a simple rule decides; other homophones, inflections and
accent-only differences are "possible", for the editor to judge.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from errata.triage.confusables import CONFIRMED, NOT_CONFIRMED, POSSIBLE, real_word
from errata.triage.vocabulary import Vocabulary
from errata.triage.words import Token, tokens

__all__ = ["CONFIRMED", "NOT_CONFIRMED", "POSSIBLE", "Fix", "Spelling", "check"]


@dataclass(frozen=True)
class Fix:
    """Replace [start, end) of the quote with `replacement`."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Spelling:
    verdict: str  # confirmed, possible or not_confirmed
    kind: str = ""  # misspelling, agreement, homophone, accent
    flagged: tuple[str, ...] = ()
    suggestion_fixes: bool | None = None  # None: no suggestion to judge
    unknown_in_suggestion: tuple[str, ...] = ()
    fix: Fix | None = None


def _aligned(quote: list[Token], suggestion: list[Token]) -> list[tuple[str, int, int, int, int]]:
    """Word-level edits turning the quote into the suggestion."""
    matcher = SequenceMatcher(
        a=[t.text for t in quote], b=[t.text for t in suggestion], autojunk=False
    )
    return [op for op in matcher.get_opcodes() if op[0] != "equal"]


def _window(quote: list[Token], suggestion: list[Token]) -> tuple[int, int]:
    """Where in a longer quote a shorter suggestion (just the corrected words) belongs."""
    size = len(suggestion)
    wanted = " ".join(t.text for t in suggestion).lower()
    best, best_score = 0, -1.0
    for start in range(len(quote) - size + 1):
        score = fuzz.ratio(" ".join(t.text for t in quote[start : start + size]).lower(), wanted)
        if score > best_score:
            best, best_score = start, score
    return best, best + size


def _fix(
    quoted: list[Token],
    suggestion: str,
    suggested: list[Token],
    edits: list[tuple[str, int, int, int, int]],
) -> Fix | None:
    """The span of the quote the suggestion rewrites, and what it writes there."""
    if not quoted or not edits:
        return None
    first, last = min(e[1] for e in edits), max(e[2] for e in edits)
    new_first, new_last = min(e[3] for e in edits), max(e[4] for e in edits)
    if first == last or new_first == new_last:
        # A word only added or only removed: take the unchanged word next to it along, so
        # the space between them is rewritten too.
        if first > 0 and new_first > 0:
            first, new_first = first - 1, new_first - 1
        elif last < len(quoted) and new_last < len(suggested):
            last, new_last = last + 1, new_last + 1
        else:
            return None
    return Fix(
        quoted[first].start,
        quoted[last - 1].end,
        suggestion[suggested[new_first].start : suggested[new_last - 1].end],
    )


def check(quote: str, suggestion: str, vocabulary: Vocabulary, *, before: str = "") -> Spelling:
    """Verify `quote` (with `before`, the text preceding it, for agreement rules)."""
    language = vocabulary.language
    quoted = tokens(quote, language)
    flagged = [t for t in quoted if not vocabulary.knows(t.text)]
    suggested = tokens(suggestion, language) if suggestion.strip() else []
    if not suggested:
        return Spelling(
            CONFIRMED if flagged else NOT_CONFIRMED,
            "misspelling" if flagged else "",
            tuple(t.text for t in flagged),
        )
    unknown = tuple(t.text for t in suggested if not vocabulary.knows(t.text))
    edits = []
    if len(suggested) < len(quoted):
        # Just the corrected words? Unless they are already in the quote as they are: then
        # the reader removes words ("les les soldats" → "les soldats").
        start, end = _window(quoted, suggested)
        edits = [
            (tag, i1 + start, i2 + start, j1, j2)
            for tag, i1, i2, j1, j2 in _aligned(quoted[start:end], suggested)
        ]
    if not edits:
        edits = _aligned(quoted, suggested)
    changed = {i for _, i1, i2, _, _ in edits for i in range(i1, i2)}
    fix = _fix(quoted, suggestion, suggested, edits)
    if flagged:
        fixes = not unknown and all(quoted.index(t) in changed for t in flagged)
        return Spelling(
            CONFIRMED, "misspelling", tuple(t.text for t in flagged), fixes, unknown, fix
        )
    if len(edits) == 1 and edits[0][0] == "replace" and edits[0][2] - edits[0][1] == 1:
        _, i1, _, j1, j2 = edits[0]
        if j2 - j1 == 1:
            old, new = quoted[i1], suggested[j1]
            following = quoted[i1 + 1].text if i1 + 1 < len(quoted) else ""
            verdict, kind = real_word(
                old.text, new.text, before + quote[: old.start], language, following
            )
            if verdict != NOT_CONFIRMED:
                return Spelling(verdict, kind, (old.text,), not unknown, unknown, fix)
    return Spelling(NOT_CONFIRMED, "", (), False, unknown, fix)

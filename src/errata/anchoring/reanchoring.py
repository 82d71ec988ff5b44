"""``reanchor()``: follow a reported passage from one version of an article to the next.

Having both versions lets errata see *what happened* at the reported place instead of
guessing from the new text alone:

1. The quote with its 32 characters of context on each side still occurs: it moved at
   most; ``anchor()`` finds it.
2. Otherwise the old span is mapped into the new version through a diff (``diff.py``).
   If the quote is intact there, the score is the better of the usual one and the share
   of the selector's characters the diff kept in place (a word inserted between the quote
   and its context then costs nothing, as it should). If the quote was replaced and the
   text right around the change survived, the quote was **fixed by edit**: that is how a
   typo fix looks from outside, and what the Hypothesis annotator gets wrong when it moves
   the note to another "Robin".
3. Otherwise (context gone, paragraph moved) ``anchor()`` decides, with the mapped
   position as hint, under the same minimum score: moved passage or orphan. A place
   that already existed elsewhere in the old version is refused (``deleted``): a passage
   that moved is new text where it lands; text that was already there is another one.
"""

from __future__ import annotations

from dataclasses import replace

from errata.anchoring.diff import MappedSpan, map_span
from errata.anchoring.match import anchor
from errata.anchoring.outcome import (
    Anchor,
    AnchorMethod,
    FixedByEdit,
    Orphan,
    OrphanReason,
    TextQuoteSelector,
)
from errata.anchoring.quote import describe
from errata.anchoring.score import (
    CONTEXT_LENGTH,
    MIN_SCORE,
    prefix_agreement,
    score_candidate,
    suffix_agreement,
)

CONTEXT_SURVIVAL = 0.75
"""Similarity the text right around a replaced quote must keep (on each side, over the
nearest ``_NEAR`` characters) for the change to count as the quote's own correction."""

_NEAR = 16  # characters next to the change that must survive; enough to identify a place
_BOUNDARY_SLACK = 3  # how far the ends of a changed region may move to fit the context
_FIT_SIZES = (8, 16, CONTEXT_LENGTH)  # context lengths scored when fitting a region
_MAX_GROWTH = 3  # a "correction" longer than 3x the quote (+ context) is a rewrite


def reanchor(
    selector: TextQuoteSelector, old_text: str, new_text: str, *, min_score: float = MIN_SCORE
) -> Anchor | Orphan | FixedByEdit:
    """Where the passage ``selector`` designates in ``old_text`` is in ``new_text``."""
    located = anchor(selector, old_text, min_score=min_score)
    if not isinstance(located, Anchor):
        # Not even in the version it was anchored to: only the new text can tell.
        return anchor(selector, new_text, min_score=min_score)
    # The context the passage has in the version being replaced is the relevant one.
    current = describe(old_text, located.start, located.end)
    if current.prefix + current.exact + current.suffix in new_text:
        return anchor(current, new_text, min_score=min_score)
    mapped = map_span(old_text, new_text, located.start, located.end)
    hinted = replace(current, start=mapped.start, end=mapped.end)
    if new_text[mapped.start : mapped.end] == current.exact and mapped.kept_quote == 1.0:
        score = max(
            score_candidate(current, new_text, mapped.start, mapped.end).score,
            _kept_in_place(current, mapped),
        )
        if score >= min_score:
            repeated = new_text.count(current.exact) > 1
            method = AnchorMethod.CONTEXT if repeated else AnchorMethod.EXACT
            return Anchor(mapped.start, mapped.end, score, method)
        return _unless_elsewhere(
            anchor(hinted, new_text, min_score=min_score), old_text, new_text, located
        )
    searched = _unless_elsewhere(
        anchor(hinted, new_text, min_score=min_score), old_text, new_text, located
    )
    if isinstance(searched, Anchor) and searched.method != AnchorMethod.APPROXIMATE:
        return searched  # the quote itself is still there, elsewhere: it moved
    start, end = _fit_region(current, new_text, mapped)
    # The quote must really be gone from there: not still sitting a few characters off
    # (a moved paragraph whose old place looks like an empty "fix").
    reach = len(current.exact) - 1 + _NEAR // 2
    gone = current.exact not in new_text[max(0, start - reach) : end + reach]
    small = end - start <= _MAX_GROWTH * len(current.exact) + 2 * CONTEXT_LENGTH
    if gone and small and _surroundings_survive(current, new_text, start, end):
        return FixedByEdit(start, end, new_text[start:end])
    return searched


def _unless_elsewhere(
    found: Anchor | Orphan, old_text: str, new_text: str, located: Anchor
) -> Anchor | Orphan:
    """Refuse a place that was already in the old version, somewhere else.

    A passage that moved is new text where it lands. If the found place, with its
    neighbourhood, already existed in the old version away from the reported passage,
    it is another passage (the other "Robin", the other "25 minutes later"): the reported
    one is gone.
    """
    if not isinstance(found, Anchor):
        return found
    lo, hi = max(0, found.start - _NEAR), min(len(new_text), found.end + _NEAR)
    neighbourhood, offset = new_text[lo:hi], found.start - lo
    position = old_text.find(neighbourhood)
    if position < 0:
        return found
    while position >= 0:
        if position + offset == located.start:
            return found  # it is the reported passage, unchanged around it
        position = old_text.find(neighbourhood, position + 1)
    return Orphan(
        OrphanReason.DELETED,
        found.score,
        "the passage is gone; the closest match is another passage that was already there",
    )


def _kept_in_place(current: TextQuoteSelector, mapped: MappedSpan) -> float:
    """The diff's own evidence for an intact quote: the quote plus the better-kept side of
    its context, as a share of their length. One whole side kept in place next to the
    unchanged quote is the same passage (its other side was edited)."""
    quote = len(current.exact)
    sides = [
        (kept * len(context), len(context))
        for kept, context in (
            (mapped.kept_before, current.prefix),
            (mapped.kept_after, current.suffix),
        )
        if context  # a side the article does not have (quote at its edge) proves nothing
    ]
    return max(((quote + kept) / (quote + size) for kept, size in sides), default=1.0)


def _surroundings_survive(current: TextQuoteSelector, text: str, start: int, end: int) -> bool:
    """The nearest characters on each side of the change read as they did.

    A side the old text did not have (quote at the article's edge) has nothing to lose,
    but at least one side must vouch for the place.
    """
    before, after = current.prefix[-_NEAR:], current.suffix[:_NEAR]
    if not before and not after:
        return False
    # Context the new text lacks (change at its edge) is blended in at the neutral 0.6,
    # under the bar: a side that existed must still be there.
    agreements = (
        prefix_agreement(before, text, start)[0] if before else 1.0,
        suffix_agreement(after, text, end)[0] if after else 1.0,
    )
    return min(agreements) >= CONTEXT_SURVIVAL


def _fit_region(current: TextQuoteSelector, text: str, mapped: MappedSpan) -> tuple[int, int]:
    """Move the uncertain ends of the changed region to where the old context fits best.

    Alignments are ambiguous at the edges: deleting "d'euros " from "millions d'euros de"
    may be aligned as keeping the "d". An end the diff kept unchanged stays put; an
    uncertain one may move a few characters. The fit favours the nearest characters
    (8, 16 and all 32 of each side are scored); on ties the smaller change wins.
    """
    start, end = mapped.changed_start, mapped.changed_end
    starts = _around(start, len(text)) if mapped.start_moved else [start]
    ends = _around(end, len(text)) if mapped.end_moved else [end]
    best: tuple[float, int, int, int] | None = None
    for s in starts:
        before = sum(prefix_agreement(current.prefix[-n:], text, s)[0] for n in _FIT_SIZES)
        for e in (e for e in ends if e >= s):
            after = sum(suffix_agreement(current.suffix[:n], text, e)[0] for n in _FIT_SIZES)
            key = (-(before + after), e - s, abs(s - start) + abs(e - end), s)
            if best is None or key < best:
                best = key
    if best is None:
        return start, end
    return best[3], best[3] + best[1]


def _around(position: int, length: int) -> list[int]:
    return list(
        range(max(0, position - _BOUNDARY_SLACK), min(length, position + _BOUNDARY_SLACK) + 1)
    )

"""``reanchor()``: follow a reported passage from one version of an article to the next.

Having both versions lets errata see *what happened* at the reported place instead of
guessing from the new text alone:

1. The quote with its 32 characters of context on each side still occurs, as many times
   as in the old version: it moved at most. Copies keep their order, so the reported
   copy (the n-th in the old text) is the n-th in the new one. When the counts differ
   (one copy of a repeated paragraph was edited), the diff decides, as in step 2: taking
   "the first match anywhere" would move the report to the other copy.
2. Otherwise the old span is mapped into the new version through a diff (``diff.py``).
   If the quote is intact there, the score is the better of the usual one and the share
   of the selector's characters the diff kept in place (a word inserted between the quote
   and its context then costs nothing, as it should) — unless letters were added at the
   edge of a word the reader selected whole ("les" -> "less"): that word was corrected.
   If the quote was replaced and the text right around the change survived, the quote
   was **fixed by edit**: that is how a typo fix looks from outside, and what the
   Hypothesis annotator gets wrong when it moves the note to another "Robin".
3. Otherwise (context gone, paragraph moved) ``anchor()`` decides, with the mapped
   position as hint, under the same minimum score: moved passage or orphan. A place
   whose neighbourhood also stood anywhere but at the reported place in the old version
   is refused (``deleted``): a passage that moved is new text where it lands; text that
   was already there, even as one of several copies, is another passage.
4. A passage neither followed nor fixed in its sentence is told apart by what became of
   its sentence (``sentence.py``): **removed** (gone, nothing in its place) or
   **rewritten** (another sentence stands there).
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
    Removed,
    Rewritten,
    TextQuoteSelector,
)
from errata.anchoring.quote import describe, is_word, occurrences
from errata.anchoring.score import (
    CONTEXT_LENGTH,
    MIN_SCORE,
    prefix_agreement,
    score_candidate,
    suffix_agreement,
)
from errata.anchoring.sentence import fate

CONTEXT_SURVIVAL = 0.75
"""Similarity the text right around a replaced quote must keep (on each side, over the
nearest ``_NEAR`` characters) for the change to count as the quote's own correction."""

_NEAR = 16  # characters next to the change that must survive; enough to identify a place
_BOUNDARY_SLACK = 3  # how far the ends of a changed region may move to fit the context
_FIT_SIZES = (8, 16, CONTEXT_LENGTH)  # context lengths scored when fitting a region
_MAX_GROWTH = 3  # a "correction" longer than 3x the quote (+ context) is a rewrite


Reanchored = Anchor | Orphan | FixedByEdit | Removed | Rewritten


def reanchor(
    selector: TextQuoteSelector, old_text: str, new_text: str, *, min_score: float = MIN_SCORE
) -> Reanchored:
    """Where the passage ``selector`` designates in ``old_text`` is in ``new_text``."""
    located = anchor(selector, old_text, min_score=min_score)
    if not isinstance(located, Anchor):
        # Not even in the version it was anchored to: only the new text can tell.
        return anchor(selector, new_text, min_score=min_score)
    # The context the passage has in the version being replaced is the relevant one.
    current = describe(old_text, located.start, located.end)
    same = _same_copy(current, old_text, new_text)
    if same is not None:
        return same
    found = _follow(current, old_text, new_text, located, min_score)
    if isinstance(found, Anchor | Removed | Rewritten):
        return found
    return fate(old_text, new_text, located.start, located.end) or found


def _same_copy(current: TextQuoteSelector, old_text: str, new_text: str) -> Anchor | None:
    """The reported copy of the whole selector, when every copy is still there."""
    whole = current.prefix + current.exact + current.suffix
    found = new_text.find(whole)
    if found < 0:
        return None
    before = list(occurrences(old_text, whole))
    after = list(occurrences(new_text, whole))
    assert current.start is not None
    reported = current.start - len(current.prefix)
    if len(before) != len(after) or reported not in before:
        return None
    start = after[before.index(reported)] + len(current.prefix)
    repeated = new_text.find(current.exact, new_text.find(current.exact) + 1) >= 0
    method = AnchorMethod.CONTEXT if repeated else AnchorMethod.EXACT
    return Anchor(start, start + len(current.exact), 1.0, method)


def _follow(
    current: TextQuoteSelector, old_text: str, new_text: str, located: Anchor, min_score: float
) -> Reanchored:
    mapped = _exactly(
        current.exact, new_text, map_span(old_text, new_text, located.start, located.end)
    )
    hinted = replace(current, start=mapped.start, end=mapped.end)
    if new_text[mapped.start : mapped.end] == current.exact and mapped.kept_quote == 1.0:
        grown = _grown_word(current, new_text, mapped.start, mapped.end)
        if grown is not None:
            return FixedByEdit(grown[0], grown[1], new_text[grown[0] : grown[1]])
        usual = score_candidate(current, new_text, mapped.start, mapped.end).score
        score = max(usual, _kept_in_place(current, mapped))
        if score >= min_score > usual:
            # Only the diff vouches for the place: a rewritten sentence may end with the
            # same words ("... juillet prochain." -> "... le mois prochain.").
            gone = fate(old_text, new_text, located.start, located.end)
            if gone is not None:
                return gone
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
    lost = current.exact not in new_text[max(0, start - reach) : end + reach]
    small = end - start <= _MAX_GROWTH * len(current.exact) + 2 * CONTEXT_LENGTH
    if lost and small and _surroundings_survive(current, new_text, start, end):
        return FixedByEdit(start, end, new_text[start:end])
    return searched


def _exactly(quote: str, text: str, mapped: MappedSpan) -> MappedSpan:
    """Narrow a mapped span that kept every character of the quote to the quote itself.

    Equal-cost alignments may put an insertion inside the span: "million operations" ->
    "million officially operations" can align "o" with the "o" of "officially".
    """
    if mapped.kept_quote < 1.0 or text[mapped.start : mapped.end] == quote:
        return mapped
    found = text.find(quote, mapped.start, mapped.end)
    if found < 0 or text.find(quote, found + 1, mapped.end) >= 0:
        return mapped
    return mapped._replace(start=found, end=found + len(quote))


def _grown_word(
    current: TextQuoteSelector, text: str, start: int, end: int
) -> tuple[int, int] | None:
    """The span of a word the reader selected whole that an edit lengthened at its edge.

    "les" corrected to "less" keeps "les" intact at its place, with an "s" inserted right
    after it: the quote is still there character for character, but the word is not.
    A quote that began (ended) inside a word is left alone: the reader chose a part.
    """
    grown_start, grown_end = start, end
    if is_word(current.exact[0]) and not is_word(current.prefix[-1:]):
        while grown_start > 0 and is_word(text[grown_start - 1]):
            grown_start -= 1
    if is_word(current.exact[-1]) and not is_word(current.suffix[:1]):
        while grown_end < len(text) and is_word(text[grown_end]):
            grown_end += 1
    if (grown_start, grown_end) == (start, end):
        return None
    return grown_start, grown_end


def _unless_elsewhere(
    found: Anchor | Orphan, old_text: str, new_text: str, located: Anchor
) -> Anchor | Orphan:
    """Refuse a place that was already in the old version, somewhere else.

    A passage that moved is new text where it lands. If the found place, with its
    neighbourhood, already existed in the old version away from the reported passage,
    it is another passage (the other "Robin", the other "25 minutes later"): the reported
    one is gone. The neighbourhood must be *unique* to the reported place: when the old
    version held it twice (a repeated paragraph, "rendez-vous" here and there), finding
    it proves nothing about which copy this is.
    """
    if not isinstance(found, Anchor):
        return found
    lo, hi = max(0, found.start - _NEAR), min(len(new_text), found.end + _NEAR)
    neighbourhood, offset = new_text[lo:hi], found.start - lo
    positions = list(occurrences(old_text, neighbourhood))
    if positions == [located.start - offset]:
        return found  # the reported passage, unchanged around it
    if not positions and not _was_elsewhere(found, old_text, new_text, located):
        return found  # new text where it lands: the passage moved
    return Orphan(
        OrphanReason.DELETED,
        found.score,
        "the passage is gone; the closest match is another passage that was already there",
    )


def _was_elsewhere(found: Anchor, old_text: str, new_text: str, located: Anchor) -> bool:
    """The found passage stood, as such, at another place of the old version: the diff
    maps it back there. Its neighbourhood may be new only because a word was edited
    next to it (another copy of a repeated paragraph, edited too)."""
    back = map_span(new_text, old_text, found.start, found.end)
    quote = new_text[found.start : found.end]
    return (
        back.kept_quote == 1.0
        and old_text[back.start : back.end] == quote
        and back.start != located.start
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
    # Each end is scored once: the fit of one side does not depend on the other end.
    afters = {
        e: sum(suffix_agreement(current.suffix[:n], text, e)[0] for n in _FIT_SIZES) for e in ends
    }
    best: tuple[float, int, int, int] | None = None
    for s in starts:
        before = sum(prefix_agreement(current.prefix[-n:], text, s)[0] for n in _FIT_SIZES)
        for e in (e for e in ends if e >= s):
            key = (-(before + afters[e]), e - s, abs(s - start) + abs(e - end), s)
            if best is None or key < best:
                best = key
    if best is None:
        return start, end
    return best[3], best[3] + best[1]


def _around(position: int, length: int) -> list[int]:
    return list(
        range(max(0, position - _BOUNDARY_SLACK), min(length, position + _BOUNDARY_SLACK) + 1)
    )

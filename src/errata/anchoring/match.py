"""``anchor()``: where a reader's quote is in a version of the article, or why nowhere.

The order of evidence:

1. The quote with its whole context occurs exactly once: done (the common case, one
   ``str.find``).
2. Every exact occurrence of the quote is scored (``score.py``); when none is convincing,
   approximate places found through rapidfuzz (``approximate.py``) join the competition,
   so that a quote edited in place can beat an intact copy of it elsewhere.
3. The best candidate must reach the minimum score, else the report is orphaned. This is
   where errata parts with the Hypothesis matcher: an exact copy of "Robin" elsewhere in
   the article, with context that disagrees, is *not* the "Robin" a reader reported.
4. Candidates that the content cannot separate (within ``TIE_MARGIN``) are separated by
   the position hint; without a hint the result is an ``ambiguous`` orphan rather than a
   guess.
"""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from errata.anchoring.approximate import approximate_spans, max_errors
from errata.anchoring.outcome import Anchor, AnchorMethod, Orphan, OrphanReason, TextQuoteSelector
from errata.anchoring.quote import occurrences
from errata.anchoring.score import MIN_SCORE, TIE_MARGIN, Candidate, score_candidate

_MANY = 32  # exact occurrences scored in full; beyond this a cheap ranking comes first
_PROBE = 16  # characters of context on each side used by that cheap ranking

_CONVINCING = 0.9
"""An exact occurrence scoring at least this needs no approximate rivals: its context
agrees on ~90% of the characters, which an edited copy of the quote could not beat by
more than the tie margin anyway."""


def anchor(
    selector: TextQuoteSelector, text: str, *, min_score: float = MIN_SCORE
) -> Anchor | Orphan:
    """Anchor ``selector`` in ``text`` (normalised article text; code point offsets)."""
    quote = selector.exact
    if not quote:
        return Orphan(OrphanReason.EMPTY_QUOTE, None, "the selection is empty")
    whole = _whole_selector_once(selector, text)
    if whole is not None:
        return whole
    starts = list(occurrences(text, quote))
    exact_count = len(starts)
    if exact_count > _MANY:
        starts = _most_promising(selector, text, starts)
    candidates = [score_candidate(selector, text, s, s + len(quote)) for s in starts]
    if max((c.score for c in candidates), default=0.0) < _CONVINCING:
        for start, end in approximate_spans(selector, text):
            if not any(c.start == start and c.end == end for c in candidates):
                candidates.append(score_candidate(selector, text, start, end))
    if not candidates:
        return Orphan(
            OrphanReason.NOT_FOUND,
            None,
            f"no passage within {max_errors(quote)} edits of the quote",
        )
    return _decide(candidates, exact_count, selector.start, min_score)


def _most_promising(selector: TextQuoteSelector, text: str, starts: list[int]) -> list[int]:
    """Cut a very frequent quote's occurrences down before the precise scoring.

    A one-word quote can occur hundreds of times in a long article; a single rapidfuzz
    ``process.extract`` over the nearest context keeps the few worth scoring, plus the
    ones nearest the position hint (which decide when the context cannot).
    """
    size = len(selector.exact)
    probe = selector.prefix[-_PROBE:] + "\x00" + selector.suffix[:_PROBE]
    contexts = [
        text[max(0, s - _PROBE) : s] + "\x00" + text[s + size : s + size + _PROBE] for s in starts
    ]
    ranked = process.extract(
        probe, contexts, scorer=Levenshtein.normalized_similarity, limit=_MANY // 2
    )
    keep = {starts[index] for _, _, index in ranked}
    if selector.start is not None:
        hint = selector.start
        keep.update(sorted(starts, key=lambda s: abs(s - hint))[: _MANY // 2])
    return sorted(keep)


def _whole_selector_once(selector: TextQuoteSelector, text: str) -> Anchor | None:
    whole = selector.prefix + selector.exact + selector.suffix
    found = text.find(whole)
    if found < 0 or text.find(whole, found + 1) >= 0:
        return None
    start = found + len(selector.prefix)
    end = start + len(selector.exact)
    repeated = text.find(selector.exact, text.find(selector.exact) + 1) >= 0
    method = AnchorMethod.CONTEXT if repeated else AnchorMethod.EXACT
    # Quote and all of its context agree character for character: the score is 1.
    return Anchor(start, end, 1.0, method)


def _decide(
    candidates: list[Candidate], exact_count: int, hint: int | None, min_score: float
) -> Anchor | Orphan:
    best = max(candidates, key=lambda c: c.score)
    if best.score < min_score:
        return Orphan(
            OrphanReason.BELOW_MINIMUM_SCORE,
            best.score,
            f"the best place agrees with the quote and its context at {best.score:.0%}, "
            f"under the minimum of {min_score:.0%}",
        )
    contenders = [c for c in candidates if c.score >= max(min_score, best.score - TIE_MARGIN)]
    if len(contenders) == 1:
        if not best.exact:
            method = AnchorMethod.APPROXIMATE
        else:
            method = AnchorMethod.CONTEXT if exact_count > 1 else AnchorMethod.EXACT
        return Anchor(best.start, best.end, best.score, method)
    if hint is None:
        return Orphan(
            OrphanReason.AMBIGUOUS,
            best.score,
            f"{len(contenders)} places match equally well and there is no position to choose",
        )
    chosen = min(contenders, key=lambda c: (abs(c.start - hint), -c.score))
    method = AnchorMethod.EXACT if chosen.exact else AnchorMethod.APPROXIMATE
    return Anchor(chosen.start, chosen.end, chosen.score, method)

"""Finding a quote that is no longer in the text as such, within a bounded edit distance.

Two kinds of search windows, both scanned with rapidfuzz (no edit distance is computed
by hand here):

* the whole text, with ``fuzz.partial_ratio_alignment``; the best window is taken, the
  text is split around it and the pieces searched again, so that a few distinct places
  compete instead of only the first best one (a quote repeated in the article must not
  silently win at its first occurrence). Only for quotes of 8 characters or more: a
  2-character figure is one edit away from half the numbers in the article;
* windows suggested by the selector itself: around the position hint and right after
  (before) an exact occurrence of the expected prefix (suffix). They find the edited
  quote at its own place even when the text has better-looking decoys elsewhere.

Each window's rough alignment is then refined to the span with the least Levenshtein
distance to the quote. The bound is Hypothesis's: at most half the quote's length in
errors; the minimum *score* in ``score.py`` is the real gate.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from errata.anchoring.outcome import TextQuoteSelector
from errata.anchoring.quote import is_word

_GLOBAL_ROUNDS = 4  # distinct places taken from the whole-text search
_GLOBAL_MIN_LENGTH = 8  # shorter quotes have near-matches everywhere: only suggested windows
_ROUND_DROP = 15.0  # stop when a place is this many points worse than the best one
_CONTEXT_PROBE = 16  # characters of prefix/suffix looked up exactly to suggest windows
_PROBE_HITS = 4  # at most this many suggested windows per probe
_SNAP = 3  # characters a span may grow to reach the end of a word the reader selected whole


def max_errors(quote: str) -> int:
    """Most edits an approximate match may have (Hypothesis's bound, capped at 256)."""
    return min(256, len(quote) // 2)


def approximate_spans(selector: TextQuoteSelector, text: str) -> list[tuple[int, int]]:
    """Distinct spans of ``text`` within ``max_errors`` edits of the quote, best first."""
    quote = selector.exact
    bound = max_errors(quote)
    if bound == 0 or not text:
        return []
    # Indel ratio >= Levenshtein similarity, so this cutoff never drops a valid window.
    cutoff = 100.0 * (1 - bound / len(quote))
    rough = list(_suggested_windows(selector, text, cutoff))
    if len(quote) >= _GLOBAL_MIN_LENGTH:
        rough += list(_global_windows(quote, text, cutoff))
    found: list[tuple[int, int, int]] = []  # (distance, start, end)
    for window_start, window_end in rough:
        start, end = _refine(quote, text, window_start, window_end, bound)
        start, end = _snap_to_words(selector, text, start, end)
        distance = Levenshtein.distance(quote, text[start:end], score_cutoff=bound)
        if distance <= bound:
            found.append((distance, start, end))
    spans: list[tuple[int, int]] = []
    for _, start, end in sorted(found):  # the closest of overlapping spans wins
        if not any(_overlap(start, end, s, e) for s, e in spans):
            spans.append((start, end))
    return spans


def _global_windows(quote: str, text: str, cutoff: float) -> Iterator[tuple[int, int]]:
    pieces = [(0, len(text))]
    best_score: float | None = None
    cache: dict[tuple[int, int], tuple[float, int, int] | None] = {}
    for _ in range(_GLOBAL_ROUNDS):
        found: list[tuple[float, int, int, tuple[int, int]]] = []
        for piece in pieces:
            if piece not in cache:
                cache[piece] = _best_in(quote, text, piece, cutoff)
            hit = cache[piece]
            if hit is not None:
                found.append((hit[0], hit[1], hit[2], piece))
        if not found:
            return
        score, start, end, piece = max(found, key=lambda f: (f[0], -f[1]))
        if best_score is None:
            best_score = score
        elif score < best_score - _ROUND_DROP:
            return
        yield start, end
        pieces.remove(piece)
        pieces += [p for p in ((piece[0], start), (end, piece[1])) if p[1] - p[0] > 0]


def _best_in(
    quote: str, text: str, piece: tuple[int, int], cutoff: float
) -> tuple[float, int, int] | None:
    offset, stop = piece
    found = fuzz.partial_ratio_alignment(quote, text[offset:stop], score_cutoff=cutoff)
    if found is None:
        return None
    return found.score, offset + found.dest_start, offset + found.dest_end


def _suggested_windows(
    selector: TextQuoteSelector, text: str, cutoff: float
) -> Iterator[tuple[int, int]]:
    quote = selector.exact
    reach = len(quote) + len(quote) // 2 + 8
    if selector.start is not None and 0 <= selector.start < len(text):
        yield from _aligned(
            quote, text, selector.start - reach // 2, selector.start + reach, cutoff
        )
    probe = selector.prefix[-_CONTEXT_PROBE:]
    if len(probe) == _CONTEXT_PROBE:
        for hit in _find_some(text, probe):
            after = hit + len(probe)
            yield from _aligned(quote, text, after, after + reach, cutoff)
    probe = selector.suffix[:_CONTEXT_PROBE]
    if len(probe) == _CONTEXT_PROBE:
        for hit in _find_some(text, probe):
            yield from _aligned(quote, text, hit - reach, hit, cutoff)


def _aligned(
    quote: str, text: str, start: int, end: int, cutoff: float
) -> Iterator[tuple[int, int]]:
    hit = _best_in(quote, text, (max(0, start), min(len(text), end)), cutoff)
    if hit is not None:
        yield hit[1], hit[2]


def _find_some(text: str, needle: str) -> Iterator[int]:
    position = text.find(needle)
    for _ in range(_PROBE_HITS):
        if position < 0:
            return
        yield position
        position = text.find(needle, position + 1)


def _refine(quote: str, text: str, start: int, end: int, bound: int) -> tuple[int, int]:
    """Move the window's ends to where the quote aligns with the fewest edits.

    partial_ratio windows have the quote's length; a quote that gained or lost characters
    needs its ends moved. Ends move one at a time (end, then start), which finds the
    optimum for the usual case of edits inside the quote. Ties go to the span whose
    length is closest to the quote's.
    """
    slack = min(bound, max(3, len(quote) // 5))
    ends = range(max(start + 1, end - slack), min(len(text), end + slack) + 1)
    end = _closest(quote, [(start, e) for e in ends], text)[1]
    starts = range(max(0, start - slack), min(end - 1, start + slack) + 1)
    return _whole_characters(text, *_closest(quote, [(s, end) for s in starts], text))


def _closest(quote: str, spans: list[tuple[int, int]], text: str) -> tuple[int, int]:
    best, chosen = len(quote) + len(text), spans[0]
    for s, e in sorted(spans, key=lambda span: abs((span[1] - span[0]) - len(quote))):
        # score_cutoff lets rapidfuzz stop as soon as a span cannot beat the best so far.
        distance = Levenshtein.distance(quote, text[s:e], score_cutoff=best)
        if distance < best:
            best, chosen = distance, (s, e)
        if best == 0:
            break
    return chosen


def _snap_to_words(selector: TextQuoteSelector, text: str, start: int, end: int) -> tuple[int, int]:
    """Finish a word the reader selected whole: "Okafor" edited to "Okafro" is best
    aligned as "Okafr" by edit distance, but a reader who selected whole words means the
    whole word. Only a few characters are ever added, and only up to a word boundary."""
    quote = selector.exact
    if is_word(quote[0]) and not is_word(selector.prefix[-1:]):
        reach = start
        while reach > 0 and start - reach < _SNAP and is_word(text[reach - 1]):
            reach -= 1
        if reach == 0 or not is_word(text[reach - 1]):
            start = reach
    if is_word(quote[-1]) and not is_word(selector.suffix[:1]):
        reach = end
        while reach < len(text) and reach - end < _SNAP and is_word(text[reach]):
            reach += 1
        if reach == len(text) or not is_word(text[reach]):
            end = reach
    return start, end


def _whole_characters(text: str, start: int, end: int) -> tuple[int, int]:
    """Never split a base letter from its combining accents (U+0300 etc.)."""
    while start > 0 and unicodedata.combining(text[start]):
        start -= 1
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return start, end


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return min(a_end, b_end) > max(a_start, b_start)

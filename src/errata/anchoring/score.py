"""How well one place in the article agrees with a selector: the score behind every decision.

The score is the share of the selector's characters that agree with the text at the
candidate place, each part weighted by its length::

    score = (|exact| * q + |prefix| * p + |suffix| * s) / (|exact| + |prefix| + |suffix|)

where q, p and s are normalised Levenshtein similarities (rapidfuzz) of the quote, the
context before and the context after. Weighting by length is what makes a short quote
("Robin") depend on its 64 characters of context, while a long quote carries itself.
Context that the text cannot have (a candidate 5 characters from the start of the
article has only 5 characters of prefix) is credited 0.6, the agreement expected with
even odds between the right place (1.0) and a random one (0.2 on average, measured on
the bench corpus): it neither confirms nor refutes the place. Counting it as agreement
would let a candidate at the very start of the article escape half of the check;
counting it as disagreement would orphan quotes whose article lost its first lines.

The position hint is deliberately *not* part of the score: positions shift with every
edit above the quote, so they only break ties (see ``match.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from errata.anchoring.outcome import TextQuoteSelector

CONTEXT_LENGTH = 32
"""Characters (code points) of prefix and suffix a selector carries, per DESIGN.md."""

MIN_SCORE = 0.7
"""Under this score a quote is orphaned, never attached. Calibrated on bench/anchoring;
see docs/anchoring.md ("Calibration") for the curve and why this value."""

_UNKNOWN = 0.6  # (1 + 0.2) / 2: even odds between "right place" (1) and a random place (0.2)
_SHIFT = 4  # characters of insertion/deletion inside the context tolerated at full price

TIE_MARGIN = 0.02
"""Candidates within this margin of the best are indistinguishable by content; only the
position hint may choose between them, and without one the result is ambiguous."""


@dataclass(frozen=True)
class Candidate:
    """One place the quote could be, with its evidence."""

    start: int
    end: int
    quote: float  # similarity of text[start:end] to the selector's exact quote
    score: float  # the combined score described in the module docstring
    exact: bool  # text[start:end] == selector.exact


def similarity(expected: str, actual: str) -> float:
    """Normalised Levenshtein similarity, case-insensitive (used for context only)."""
    return Levenshtein.normalized_similarity(expected.lower(), actual.lower())


def prefix_agreement(prefix: str, text: str, start: int) -> tuple[float, int]:
    """Similarity of the expected prefix to the text just before ``start``, and its weight.

    The text side may be up to ``_SHIFT`` characters longer or shorter than the prefix:
    a word inserted into the context should cost its length, not twice its length as a
    same-length comparison (everything after the insertion shifted) would charge.
    """
    size = min(len(prefix), start)
    if size == 0:
        return (_UNKNOWN, len(prefix)) if prefix else (0.0, 0)
    expected = prefix[-size:].lower()
    before = text[max(0, start - size - _SHIFT) : start].lower()
    lengths = range(max(0, size - _SHIFT), len(before) + 1)
    found = _best_similarity(expected, (before[len(before) - n :] for n in lengths))
    return _with_unknown(found, size, len(prefix)), len(prefix)


def suffix_agreement(suffix: str, text: str, end: int) -> tuple[float, int]:
    """Similarity of the expected suffix to the text just after ``end``, and its weight."""
    size = min(len(suffix), len(text) - end)
    if size <= 0:
        return (_UNKNOWN, len(suffix)) if suffix else (0.0, 0)
    expected = suffix[:size].lower()
    after = text[end : end + size + _SHIFT].lower()
    lengths = range(max(0, size - _SHIFT), len(after) + 1)
    found = _best_similarity(expected, (after[:n] for n in lengths))
    return _with_unknown(found, size, len(suffix)), len(suffix)


def _with_unknown(found: float, compared: int, expected: int) -> float:
    """Blend in the characters the text cannot show (past its edge) at ``_UNKNOWN``."""
    return (found * compared + _UNKNOWN * (expected - compared)) / expected


def _best_similarity(expected: str, windows: Iterator[str]) -> float:
    best = len(expected)
    for window in windows:
        best = min(best, Levenshtein.distance(expected, window, score_cutoff=best))
    return 1.0 - best / len(expected)


def score_candidate(selector: TextQuoteSelector, text: str, start: int, end: int) -> Candidate:
    """Score the place ``text[start:end]`` for ``selector``."""
    found = text[start:end]
    is_exact = found == selector.exact
    # The quote itself is compared case-sensitively: a capital is often the correction.
    quote = 1.0 if is_exact else Levenshtein.normalized_similarity(selector.exact, found)
    before, before_weight = prefix_agreement(selector.prefix, text, start)
    after, after_weight = suffix_agreement(selector.suffix, text, end)
    quote_weight = len(selector.exact)
    total = quote_weight + before_weight + after_weight
    combined = (quote * quote_weight + before * before_weight + after * after_weight) / total
    return Candidate(start, end, quote, combined, is_exact)

"""A faithful Python port of the Hypothesis client's quote matcher, the reference rule.

Ported from hypothesis/client ``src/annotator/anchoring/match-quote.ts`` (BSD-2-Clause)
and robertknight/approx-string-match ``src/index.ts`` (MIT), which it calls:

* exact occurrences first (``indexOf`` loop, overlapping);
* otherwise every end position whose edit distance to the quote is the lowest in the text
  and at most ``min(256, len(quote) / 2)``, with the start chosen as Myers's library does
  (reverse search, longest match);
* each candidate scored ``(50 * quote + 20 * prefix + 20 * suffix + 2 * position) / 92``
  where prefix/suffix scores are ``1 - errors / len`` of the best approximate match of the
  context inside the same-length text next to the candidate;
* the best score wins, first one on ties (JavaScript's sort is stable); **no minimum**.

The approximate search is Myers's bit-parallel algorithm with Python integers as bit
vectors, as approx-string-match does with 32-bit words: rapidfuzz has no "all end
positions within k errors" search, and reproducing the reference exactly matters more here
than its speed. Offsets are code points (JavaScript counts UTF-16 units; the corpus has no
astral characters, so they agree).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    score: float


def match_quote(
    text: str,
    quote: str,
    prefix: str | None = None,
    suffix: str | None = None,
    hint: int | None = None,
) -> Match | None:
    """``matchQuote(text, quote, {prefix, suffix, hint})``; None when nothing matches."""
    if not quote:
        return None
    max_errors = min(256, len(quote) / 2)
    matches = search(text, quote, max_errors)
    if not matches:
        return None

    def score(start: int, end: int, errors: int) -> float:
        quote_score = 1 - errors / len(quote)
        prefix_score = (
            text_match_score(text[max(0, start - len(prefix)) : start], prefix) if prefix else 1.0
        )
        suffix_score = text_match_score(text[end : end + len(suffix)], suffix) if suffix else 1.0
        position_score = 1.0 if hint is None else 1.0 - abs(start - hint) / len(text)
        raw = 50 * quote_score + 20 * prefix_score + 20 * suffix_score + 2 * position_score
        return raw / 92

    scored = [Match(start, end, score(start, end, errors)) for start, end, errors in matches]
    return sorted(scored, key=lambda m: -m.score)[0]


def text_match_score(text: str, pattern: str) -> float:
    """``textMatchScore``: 1 - errors / len of the best match of ``pattern`` in ``text``."""
    if not pattern or not text:
        return 0.0
    return 1 - search(text, pattern, len(pattern))[0][2] / len(pattern)


def search(text: str, pattern: str, max_errors: float) -> list[tuple[int, int, int]]:
    """match-quote's ``search``: exact matches, else the best approximate ones."""
    exact = []
    position = text.find(pattern)
    while position >= 0:
        exact.append((position, position + len(pattern), 0))
        position = text.find(pattern, position + 1)
    if exact:
        return exact
    reversed_pattern = pattern[::-1]
    found = []
    for end, errors in match_ends(text, pattern, max_errors):
        # approx-string-match's findMatchStarts: search the reversed pattern backwards
        # from the end with the same error count; the longest match wins.
        window_start = max(0, end - len(pattern) - errors)
        window = text[window_start:end][::-1]
        start = end
        for reverse_end, _ in match_ends(window, reversed_pattern, errors):
            start = min(start, end - reverse_end)
        found.append((start, end, errors))
    return found


def match_ends(text: str, pattern: str, max_errors: float) -> list[tuple[int, int]]:
    """approx-string-match's ``findMatchEnds``: (end, errors) of the lowest-error matches.

    Myers (1999) bit-vector semi-global edit distance, one Python int per bit vector;
    the "ratchet" keeps only the matches with the lowest error count, as the library does.
    """
    if not pattern:
        return []
    max_errors = min(max_errors, len(pattern))
    peq: dict[str, int] = {}
    for index, character in enumerate(pattern):
        peq[character] = peq.get(character, 0) | (1 << index)
    mask = (1 << len(pattern)) - 1
    last = 1 << (len(pattern) - 1)
    positive, negative, score = mask, 0, len(pattern)
    matches: list[tuple[int, int]] = []
    for index, character in enumerate(text):
        equal = peq.get(character, 0)
        vertical = equal | negative
        horizontal = (((equal & positive) + positive) ^ positive) | equal
        h_positive = negative | (~(horizontal | positive) & mask)
        h_negative = positive & horizontal
        if h_positive & last:
            score += 1
        elif h_negative & last:
            score -= 1
        h_positive = (h_positive << 1) & mask
        h_negative = (h_negative << 1) & mask
        positive = h_negative | (~(vertical | h_positive) & mask)
        negative = h_positive & vertical
        if score <= max_errors:
            if score < max_errors:
                matches.clear()
            matches.append((index + 1, score))
            max_errors = score
    return matches

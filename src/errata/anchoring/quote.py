"""Cutting a selector out of a text, and finding where a quote occurs exactly.

``describe`` is the server-side twin of what the widget does when a reader selects a
passage: the quote plus exactly ``CONTEXT_LENGTH`` code points of context on each side
(fewer at the article's edges) and the position. It never shortens the context to the
minimum that is unique (as Apache Annotator's describer does): the context is what later
lets a moved or edited quote be told apart from another passage, so more is better.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from errata.anchoring.outcome import TextQuoteSelector
from errata.anchoring.score import CONTEXT_LENGTH


def describe(text: str, start: int, end: int, context: int = CONTEXT_LENGTH) -> TextQuoteSelector:
    """Selector for ``text[start:end]`` (code point offsets) with ``context`` each side."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}:{end} is outside a text of length {len(text)}")
    return TextQuoteSelector(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
        start=start,
        end=end,
    )


def occurrences(text: str, quote: str) -> Iterator[int]:
    """Start of every exact occurrence of a non-empty ``quote``, overlapping ones included."""
    position = text.find(quote)
    while position >= 0:
        yield position
        position = text.find(quote, position + 1)


def is_word(character: str) -> bool:
    """A letter, digit or combining accent: what a reader selecting "whole words" keeps."""
    return bool(character) and (character.isalnum() or unicodedata.combining(character) > 0)

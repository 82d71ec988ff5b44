"""What anchoring a quote can produce: the selector going in, the outcomes coming out.

Kept free of any logic so that the intake pipeline, the re-anchoring task and the tests
can all build and compare these values without importing the matching machinery.

Offsets everywhere are Python string indices into the normalised article text, i.e.
Unicode code points (an emoji such as U+1F600 counts 1, "e" + U+0301 counts 2), end
exclusive. Browsers count UTF-16 code units; the widget converts before sending.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AnchorMethod(StrEnum):
    """Which evidence placed the quote."""

    EXACT = "exact"  # found once, or found several times and the position hint decided
    CONTEXT = "context"  # found several times and the prefix/suffix decided
    APPROXIMATE = "approximate"  # not found as such; found within a bounded edit distance


class OrphanReason(StrEnum):
    """Why a quote was not attached anywhere (machine codes, stable)."""

    EMPTY_QUOTE = "empty_quote"
    NOT_FOUND = "not_found"
    BELOW_MINIMUM_SCORE = "below_minimum_score"
    AMBIGUOUS = "ambiguous"
    DELETED = "deleted"  # re-anchoring: gone, and the look-alikes were already elsewhere


@dataclass(frozen=True)
class TextQuoteSelector:
    """W3C TextQuoteSelector plus the TextPositionSelector offsets used as a hint."""

    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Anchor:
    """Where the quote is: ``text[start:end]``, with a confidence in 0..1."""

    start: int
    end: int
    score: float
    method: AnchorMethod


@dataclass(frozen=True)
class Span:
    """Where a report is anchored in a version's text, as stored: `text[start:end]`."""

    start: int
    end: int
    score: float
    method: str

    @classmethod
    def of(cls, found: Anchor) -> Span:
        return cls(found.start, found.end, found.score, str(found.method))

    def overlaps(self, start: int | None, end: int | None) -> bool:
        if start is None or end is None:
            return False
        return self.start < end and start < self.end


@dataclass(frozen=True)
class Orphan:
    """The quote is attached nowhere; ``best_score`` is the best rejected candidate's."""

    reason: OrphanReason
    best_score: float | None = None
    detail: str = ""


@dataclass(frozen=True)
class FixedByEdit:
    """The quote is gone from the new version but its context survives around a change.

    ``new_text[start:end] == replacement``; it is empty when the quote was simply deleted.
    """

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Removed:
    """Re-anchoring: the passage went with its whole sentence, and nothing took its place.

    ``start == end`` is where the sentence stood in the new version.
    """

    start: int
    end: int


@dataclass(frozen=True)
class Rewritten:
    """Re-anchoring: the passage's sentence was replaced by a different one.

    ``new_text[start:end] == replacement`` is that new sentence. Unlike ``FixedByEdit``
    (the same sentence with the passage corrected), little of the old sentence is left:
    whether the rewrite settles the report is the editor's call.
    """

    start: int
    end: int
    replacement: str

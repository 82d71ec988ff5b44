"""Anchoring: where a reader's quote is in a version of an article's text.

Pure Python (rapidfuzz for edit distances), no Django: it sits below the services and the
intake pipeline. Offsets are Python string indices into the *normalised* article text,
i.e. Unicode code points, end exclusive. See docs/anchoring.md.
"""

from errata.anchoring.match import anchor
from errata.anchoring.outcome import (
    Anchor,
    AnchorMethod,
    FixedByEdit,
    Orphan,
    OrphanReason,
    Removed,
    Rewritten,
    Span,
    TextQuoteSelector,
)
from errata.anchoring.quote import describe
from errata.anchoring.reanchoring import CONTEXT_SURVIVAL, Reanchored, reanchor
from errata.anchoring.score import CONTEXT_LENGTH, MIN_SCORE

__all__ = [
    "CONTEXT_LENGTH",
    "CONTEXT_SURVIVAL",
    "MIN_SCORE",
    "Anchor",
    "AnchorMethod",
    "FixedByEdit",
    "Orphan",
    "OrphanReason",
    "Reanchored",
    "Removed",
    "Rewritten",
    "Span",
    "TextQuoteSelector",
    "anchor",
    "describe",
    "reanchor",
]

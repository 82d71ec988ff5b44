"""The article text cut into marked segments, and word diffs: data the templates escape.

Nothing here builds HTML. A segment is (text, mark, reference); the template wraps a
segment in `<mark>` and Django's autoescaping escapes every piece of article or reader
text, so no string is ever marked safe.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from itertools import pairwise

from errata.models import Case

THIS, OTHER, PLAIN = "this", "other", ""


@dataclass(frozen=True)
class Segment:
    text: str
    mark: str = PLAIN
    reference: str = ""


def _label(
    position: int, this: tuple[int, int] | None, others: list[tuple[int, int, str]]
) -> tuple[str, str]:
    if this is not None and this[0] <= position < this[1]:
        return THIS, ""
    for start, end, reference in others:
        if start <= position < end:
            return OTHER, reference
    return PLAIN, ""


def highlighted(case: Case, others: list[Case]) -> list[list[Segment]]:
    """The case's version text as paragraphs of segments: this case's passage and the
    article's other open cases marked."""
    text = case.version.text
    this = (
        (case.anchor_start, case.anchor_end)
        if case.anchor_start is not None and case.anchor_end is not None
        else None
    )
    spans = [
        (o.anchor_start, o.anchor_end, o.reference)
        for o in others
        if o.anchor_start is not None and o.anchor_end is not None
    ]
    cuts = {0, len(text)}
    for start, end in [*([this] if this else []), *[(s, e) for s, e, _ in spans]]:
        cuts.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    cuts.update(m.start() for m in re.finditer("\n\n", text))
    cuts.update(m.end() for m in re.finditer("\n\n", text))
    points = sorted(cuts)
    paragraphs: list[list[Segment]] = [[]]
    for start, end in pairwise(points):
        piece = text[start:end]
        if piece == "\n\n":
            paragraphs.append([])
            continue
        mark, reference = _label(start, this, spans)
        paragraphs[-1].append(Segment(piece, mark, reference))
    return [p for p in paragraphs if p]


@dataclass(frozen=True)
class Change:
    text: str
    op: str  # "" (kept), "del" or "ins"


def word_diff(before: str, after: str) -> list[Change]:
    """A word-level diff of two texts (difflib), for the preview."""
    old = re.split(r"(\s+)", before)
    new = re.split(r"(\s+)", after)
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            changes.append(Change("".join(old[a1:a2]), ""))
            continue
        if tag in ("replace", "delete"):
            changes.append(Change("".join(old[a1:a2]), "del"))
        if tag in ("replace", "insert"):
            changes.append(Change("".join(new[b1:b2]), "ins"))
    return [c for c in changes if c.text]


def paragraph_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the paragraph(s) holding [start, end)."""
    left = text.rfind("\n\n", 0, start)
    right = text.find("\n\n", end)
    return (0 if left < 0 else left + 2), (len(text) if right < 0 else right)


@dataclass(frozen=True)
class Paragraph:
    text: str
    start: int  # offset of its first character in the whole text (code points)


def paragraphs_with_offsets(text: str) -> list[Paragraph]:
    """The text's paragraphs with their offsets, so that a selection inside one can be
    turned back into an offset in the whole text (desk/reattach.js)."""
    found, start = [], 0
    for piece in text.split("\n\n"):
        if piece:
            found.append(Paragraph(piece, start))
        start += len(piece) + 2
    return found

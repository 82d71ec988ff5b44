"""Mapping a span of one version of an article into the next, through a diff.

Two levels keep the cost proportional to what changed: paragraphs are aligned with
difflib (hashing whole paragraphs is cheap), then only the paragraphs around the span are
aligned character by character with rapidfuzz's Levenshtein opcodes.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

from errata.anchoring.score import CONTEXT_LENGTH

_LONG_BLOCK = 1000  # characters; the corpus's longest paragraph has 347
_SENTENCE_END = re.compile(r"[.!?…][»\"”’)]*\s+")
_Op = tuple[str, int, int, int, int]  # (tag, old start, old end, new start, new end)


class MappedSpan(NamedTuple):
    """An old span seen in the new text."""

    start: int  # where the span's first character went (or the change replacing it)
    end: int
    changed_start: int  # the whole changed block touching the span, in the new text
    changed_end: int
    start_moved: bool  # an edit touches the span's start: its exact place is uncertain
    end_moved: bool
    kept_quote: float  # share of the span's own characters the diff kept unchanged
    kept_before: float  # the same for the context (CONTEXT_LENGTH characters) before it
    kept_after: float  # and after it


def map_span(old_text: str, new_text: str, start: int, end: int) -> MappedSpan:
    """Where ``old_text[start:end]`` went in ``new_text``, as the diff aligns them."""
    window = (max(0, start - CONTEXT_LENGTH), min(len(old_text), end + CONTEXT_LENGTH))
    old_blocks, new_blocks, ops = paragraph_ops(old_text, new_text)
    first = _op_index(ops, old_blocks, window[0])
    last = _op_index(ops, old_blocks, max(window[0], window[1] - 1))
    old_from, old_to = _chars(old_blocks, ops[first][1], ops[last][2], len(old_text))
    new_from, new_to = _chars(new_blocks, ops[first][3], ops[last][4], len(new_text))
    segment = _segment_ops(old_text[old_from:old_to], new_text[new_from:new_to])
    at, to = start - old_from, end - old_from
    mapped_start = _map_start(segment, at)
    mapped_end = max(mapped_start, _map_end(segment, to))
    touching = [k for k, op in enumerate(segment) if _touches(op, at, to)]
    changed_start, changed_end = mapped_start, mapped_end
    if touching:
        # A change is one block of consecutive edits: "40,000" -> "14,000" aligns as
        # insert "1", keep "4", delete "0"; a replaced word may be replace + insert.
        low, high = min(touching), max(touching)
        while low > 0 and segment[low - 1][0] != "equal":
            low -= 1
        while high + 1 < len(segment) and segment[high + 1][0] != "equal":
            high += 1
        changed_start = min(mapped_start, segment[low][3])
        changed_end = max(mapped_end, segment[high][4])
    equal = [(op[1], op[2]) for op in segment if op[0] == "equal"]
    lo, hi, size = window[0] - old_from, window[1] - old_from, old_to - old_from
    return MappedSpan(
        new_from + mapped_start,
        new_from + mapped_end,
        new_from + changed_start,
        new_from + changed_end,
        not (_kept(equal, at - 1, at + 1, size) == 1.0 and not _inserted_at(segment, at)),
        not (_kept(equal, to - 1, to + 1, size) == 1.0 and not _inserted_at(segment, to)),
        _kept(equal, at, to, size),
        _kept(equal, lo, at, size),
        _kept(equal, to, hi, size),
    )


_Spans = list[tuple[int, int]]


@lru_cache(maxsize=4)
def paragraph_ops(old_text: str, new_text: str) -> tuple[_Spans, _Spans, list[_Op]]:
    """Both texts' paragraphs (spans) and difflib's alignment of them; cached because one
    re-anchoring asks for it more than once (the passage, then its sentence)."""
    old_blocks, new_blocks = _paragraphs(old_text), _paragraphs(new_text)
    ops = difflib.SequenceMatcher(
        None,
        [old_text[a:b] for a, b in old_blocks],
        [new_text[a:b] for a, b in new_blocks],
        autojunk=False,
    ).get_opcodes()
    return old_blocks, new_blocks, [(tag, i1, i2, j1, j2) for tag, i1, i2, j1, j2 in ops]


def paragraph_change(old_text: str, new_text: str, at: int) -> tuple[str, int, int, int, int]:
    """The paragraph-level change holding old position ``at``: (tag, old start, old end,
    new start, new end) in characters."""
    old_blocks, new_blocks, ops = paragraph_ops(old_text, new_text)
    tag, i1, i2, j1, j2 = ops[_op_index(ops, old_blocks, at)]
    old_from, old_to = _chars(old_blocks, i1, i2, len(old_text))
    new_from, new_to = _chars(new_blocks, j1, j2, len(new_text))
    return tag, old_from, old_to, new_from, new_to


@lru_cache(maxsize=16)
def _segment_ops(old: str, new: str) -> list[_Op]:
    """Character alignment of two segments; cached because re-anchoring maps both the
    passage and its sentence, which fall in the same segment (the costly part)."""
    # Text shared at both ends is aligned as equal without asking: the alignment's cost
    # grows with the product of the lengths, and one edit in a long paragraph (or in an
    # article without paragraph breaks) leaves most of it unchanged.
    head = _common_length(old, new, lambda n: old[:n] == new[:n])
    rest = min(len(old), len(new)) - head
    tail = _common_length(old, new, lambda n: old[len(old) - n :] == new[len(new) - n :], rest)
    middle = [
        (op.tag, op.src_start + head, op.src_end + head, op.dest_start + head, op.dest_end + head)
        for op in Levenshtein.opcodes(old[head : len(old) - tail], new[head : len(new) - tail])
    ]
    ops: list[_Op] = []
    if head:
        ops.append(("equal", 0, head, 0, head))
    ops += middle
    if tail:
        ops.append(("equal", len(old) - tail, len(old), len(new) - tail, len(new)))
    return ops


def _common_length(old: str, new: str, same: Callable[[int], bool], most: int = -1) -> int:
    """The largest n <= most (default: the shorter length) with same(n); binary search,
    each probe one C-level comparison."""
    low, high = 0, min(len(old), len(new)) if most < 0 else most
    while low < high:
        middle = (low + high + 1) // 2
        if same(middle):
            low = middle
        else:
            high = middle - 1
    return low


def _touches(op: _Op, at: int, to: int) -> bool:
    tag, i1, i2 = op[0], op[1], op[2]
    if tag == "insert":
        return at <= i1 <= to
    return tag != "equal" and i1 < to and i2 > at


def _inserted_at(ops: list[_Op], at: int) -> bool:
    return any(op[0] == "insert" and op[1] == at for op in ops)


def _kept(equal: list[tuple[int, int]], lo: int, hi: int, size: int) -> float:
    """Share of old characters [lo, hi) that the diff aligned as unchanged (1 if none)."""
    lo, hi = max(0, lo), min(size, hi)
    if hi <= lo:
        return 1.0
    return sum(max(0, min(i2, hi) - max(i1, lo)) for i1, i2 in equal) / (hi - lo)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of paragraphs, each with its trailing blank line; together they cover text.

    A paragraph longer than ``_LONG_BLOCK`` (an article without paragraph breaks) is cut
    at its sentence ends: character alignment costs the product of the blocks' lengths.
    The cuts depend on the text around them only, so unchanged text is cut the same way
    in both versions.
    """
    spans, start = [], 0
    while start < len(text):
        cut = text.find("\n\n", start)
        stop = len(text) if cut < 0 else cut + 2
        if stop - start <= _LONG_BLOCK:
            spans.append((start, stop))
        else:
            for found in _SENTENCE_END.finditer(text, start, stop):
                if found.end() < stop:
                    spans.append((start, found.end()))
                    start = found.end()
            spans.append((start, stop))
        start = stop
    return spans


def _op_index(ops: Sequence[_Op], blocks: list[tuple[int, int]], at: int) -> int:
    block = next(i for i, (a, b) in enumerate(blocks) if a <= at < b) if blocks else 0
    return next(k for k, op in enumerate(ops) if op[1] <= block < op[2] or op[1] == op[2] == block)


def _chars(blocks: list[tuple[int, int]], first: int, stop: int, length: int) -> tuple[int, int]:
    begin = blocks[first][0] if first < len(blocks) else length
    end = blocks[stop - 1][1] if stop > first else begin
    return begin, end


def _map_start(ops: list[_Op], at: int) -> int:
    for tag, i1, i2, j1, _ in ops:
        if tag != "insert" and i1 <= at < i2:
            return j1 + (at - i1) if tag == "equal" else j1
    return ops[-1][4] if ops else 0


def _map_end(ops: list[_Op], at: int) -> int:
    for tag, i1, i2, j1, j2 in ops:
        if tag != "insert" and i1 < at <= i2:
            return j1 + (at - i1) if tag == "equal" else j2
    return 0

"""Speed of errata and of the reference, per anchor, on articles of a given length.

Each case's texts are padded with other corpus articles (appended, so offsets and
position hints stay valid) to at least the requested length, then every matcher is timed
on the same inputs with ``time.perf_counter_ns``. One run, no warm-up tricks: the numbers
are what a worker process sees.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bench.anchoring.generate import Case, articles
from bench.anchoring.reference import match_quote
from errata.anchoring import anchor, describe, reanchor


@dataclass(frozen=True)
class Timing:
    mean: float  # µs
    p95: float
    worst: float
    p50: float = 0.0


def _pad(text: str, size: int, pool: Sequence[str]) -> str:
    for filler in pool:
        if len(text) >= size:
            break
        if filler not in text:
            text += "\n\n" + filler
    return text


def padded(cases: Sequence[Case], size: int) -> list[tuple[Case, str, str]]:
    """(case, old text, new text), both padded with the same filler to ``size``."""
    pool = [a.text for a in articles()]
    pool = pool * (size // sum(map(len, pool)) + 2)
    out = []
    for case in cases:
        new = _pad(case.new_text, size, pool)
        filler = new[len(case.new_text) :]
        out.append((case, case.old_text + filler, new))
    return out


def _time(
    inputs: Sequence[tuple[Case, str, str]], run: Callable[[Case, str, str], object]
) -> Timing:
    elapsed = []
    for case, old, new in inputs:
        began = time.perf_counter_ns()
        run(case, old, new)
        elapsed.append((time.perf_counter_ns() - began) / 1000)
    elapsed.sort()
    return Timing(
        statistics.fmean(elapsed),
        elapsed[int(0.95 * (len(elapsed) - 1))],
        elapsed[-1],
        elapsed[(len(elapsed) - 1) // 2],
    )


def errata_anchor(case: Case, old: str, new: str) -> object:
    return anchor(case.selector, new)


def errata_reanchor(case: Case, old: str, new: str) -> object:
    return reanchor(case.selector, old, new)


def reference(case: Case, old: str, new: str) -> object:
    s = case.selector
    return match_quote(new, s.exact, s.prefix, s.suffix, s.start)


def measure(cases: Sequence[Case], size: int) -> dict[str, Timing]:
    inputs = padded(cases, size)
    return {
        "anchor": _time(inputs, errata_anchor),
        "reanchor": _time(inputs, errata_reanchor),
        "reference": _time(inputs, reference),
    }


def by_size(cases: Sequence[Case], size: int, breaks: bool = True) -> dict[str, Timing]:
    """anchor() and reanchor() on texts cut or padded to ``size`` characters.

    Padding appends other articles; cutting keeps the first ``size`` characters when the
    quote lies within them (cases whose quote lies beyond are left out). Without
    ``breaks`` every paragraph break "\\n\\n" becomes two spaces: offsets are unchanged
    and the diff has a single block to align, the worst case for its cost.
    """
    inputs = []
    for case, old, new in padded(cases, size):
        end = case.selector.end or 0
        if end > size:
            continue
        old, new = old[:size], new[:size]
        selector = case.selector
        if not breaks:
            old, new = old.replace("\n\n", "  "), new.replace("\n\n", "  ")
            selector = describe(old, selector.start or 0, end)
        inputs.append((replace(case, selector=selector), old, new))
    return {"anchor": _time(inputs, errata_anchor), "reanchor": _time(inputs, errata_reanchor)}

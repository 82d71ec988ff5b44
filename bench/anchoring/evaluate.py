"""Run errata and the Hypothesis reference rule on the generated cases; print the tables.

    python -m bench.anchoring.evaluate              # accuracy + speed (markdown)
    python -m bench.anchoring.evaluate --calibrate  # accuracy against the minimum score
    python -m bench.anchoring.evaluate --failures   # every case errata does not get right
    python -m bench.anchoring.evaluate --seed 7     # the same on another (held-out) draw

Accuracy uses ``reanchor(selector, old_text, new_text)`` for errata and
``match_quote(new_text, ...)`` for the reference, which has no notion of a previous
version. Speed is per call on each case's texts padded to 5,000 / 10,000 / 50,000
characters (see ``timing.py``).
"""

from __future__ import annotations

import argparse
import os
import platform
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench.anchoring.generate import SEED, Case, articles, cases
from bench.anchoring.reference import match_quote
from bench.anchoring.timing import measure
from errata.anchoring import MIN_SCORE, Anchor, FixedByEdit, Orphan, OrphanReason, anchor, reanchor

Result = Anchor | Orphan | FixedByEdit


@dataclass(frozen=True)
class Span:
    """The reference's answer: an attachment (it cannot orphan or detect a fix)."""

    start: int
    end: int


def errata(case: Case, min_score: float = MIN_SCORE) -> Result:
    return reanchor(case.selector, case.old_text, case.new_text, min_score=min_score)


def errata_anchor_only(case: Case, min_score: float = MIN_SCORE) -> Result:
    return anchor(case.selector, case.new_text, min_score=min_score)


def reference(case: Case) -> Result | Span:
    s = case.selector
    found = match_quote(case.new_text, s.exact, s.prefix, s.suffix, s.start)
    return Orphan(OrphanReason.NOT_FOUND) if found is None else Span(found.start, found.end)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Intersection over union; two empty spans at the same place count as equal."""
    if a == b:
        return 1.0
    union = max(a[1], b[1]) - min(a[0], b[0])
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / union if union else 0.0


def classify(case: Case, result: Result | Span) -> str:
    """correct | wrong | orphaned | fixed | fixed_imprecise."""
    if isinstance(result, Orphan):
        return "correct" if case.expect == "orphan" else "orphaned"
    if case.expect == "orphan":
        return "wrong"
    if isinstance(result, FixedByEdit):
        if case.expect != "fixed_by_edit":
            return "wrong"  # a fix that did not happen could get a case closed wrongly
        same = result.replacement == case.new_text[case.start : case.end]
        near = abs(result.start - case.start) <= 1 and abs(result.end - case.end) <= 1
        if same and (near or not result.replacement):
            return "fixed"
        touching = min(result.end, case.end) >= max(result.start, case.start)
        return "fixed_imprecise" if touching else "wrong"
    # An attachment is right if it covers the expected span; for a fixed case, the edited
    # region (the reference at least points at the right place, without knowing why).
    return (
        "correct" if overlap((result.start, result.end), (case.start, case.end)) >= 0.5 else "wrong"
    )


def tally(generated: Sequence[Case], run: Callable[[Case], Result | Span]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for case in generated:
        result = run(case)
        counts[classify(case, result)] += 1
        counts["orphans"] += isinstance(result, Orphan)
    return counts


def correct(counts: Counter[str]) -> int:
    return counts["correct"] + counts["fixed"] + counts["fixed_imprecise"]


def report(generated: Sequence[Case]) -> None:
    total = len(generated)
    expected = Counter(c.expect for c in generated)
    speed = {size: measure(generated, size) for size in (5_000, 10_000, 50_000)}
    print(
        f"{total} cases over {len(articles())} articles: {expected['anchor']} moved or "
        f"unchanged, {expected['fixed_by_edit']} fixed by edit, {expected['orphan']} deleted.\n"
    )
    print(
        "| matcher | correct | wrong attachment | orphaned | fixed-by-edit detected "
        "| µs/anchor 5k | µs/anchor 50k |\n| --- | --- | --- | --- | --- | --- | --- |"
    )
    for name, run, key in (
        ("errata", errata, "anchor"),
        ("Hypothesis rule (reference.py)", reference, "reference"),
    ):
        counts = tally(generated, run)
        detected = counts["fixed"] + counts["fixed_imprecise"]
        print(
            f"| {name} | {correct(counts)} ({correct(counts) / total:.1%}) | {counts['wrong']} "
            f"| {counts['orphans']} | {detected} / {expected['fixed_by_edit']} "
            f"| {speed[5_000][key].mean:,.0f} | {speed[50_000][key].mean:,.0f} |"
        )
    print("\n| µs per call (mean / p95 / worst) | 5k | 10k | 50k |\n| --- | --- | --- | --- |")
    for key, label in (
        ("anchor", "errata anchor()"),
        ("reanchor", "errata reanchor()"),
        ("reference", "reference match_quote()"),
    ):
        cells = " | ".join(
            f"{t.mean:,.0f} / {t.p95:,.0f} / {t.worst:,.0f}"
            for t in (speed[size][key] for size in (5_000, 10_000, 50_000))
        )
        print(f"| {label} | {cells} |")
    only = tally(generated, errata_anchor_only)
    print(
        f"\nerrata anchor() alone (no previous version): {correct(only)} correct, "
        f"{only['wrong']} wrong, {only['orphans']} orphaned."
    )
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}.")


def calibrate(generated: Sequence[Case]) -> None:
    print(
        "| minimum score | correct | wrong attachment | orphaned | anchor() alone: "
        "correct / wrong |\n| --- | --- | --- | --- | --- |"
    )
    for step in range(30, 95, 5):
        threshold = step / 100
        full = tally(generated, lambda c, t=threshold: errata(c, t))  # type: ignore[misc]
        only = tally(generated, lambda c, t=threshold: errata_anchor_only(c, t))  # type: ignore[misc]
        mark = " (chosen)" if abs(threshold - MIN_SCORE) < 1e-9 else ""
        print(
            f"| {threshold:.2f}{mark} | {correct(full)} | {full['wrong']} | {full['orphans']} "
            f"| {correct(only)} / {only['wrong']} |"
        )


def failures(generated: Sequence[Case]) -> None:
    for case in generated:
        result = errata(case)
        verdict = classify(case, result)
        if verdict not in ("correct", "fixed"):
            wanted = case.new_text[case.start : case.end]
            print(f"{case.id} ({case.selector.exact!r}): expected {case.expect} {wanted!r}")
            print(f"    {verdict}: {result}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--failures", action="store_true")
    parser.add_argument("--seed", type=int, default=SEED, help="another seed = held-out cases")
    options = parser.parse_args()
    generated = cases(options.seed)
    if options.calibrate:
        calibrate(generated)
    elif options.failures:
        failures(generated)
    else:
        report(generated)


if __name__ == "__main__":
    main()

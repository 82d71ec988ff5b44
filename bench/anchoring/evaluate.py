"""Run errata and the Hypothesis reference rule on the generated cases; print the tables.

    python -m bench.anchoring.evaluate              # accuracy + speed (markdown)
    python -m bench.anchoring.evaluate --calibrate  # accuracy against the minimum score
    python -m bench.anchoring.evaluate --failures   # every case errata does not get right
    python -m bench.anchoring.evaluate --seed 7     # the same on another (held-out) draw
    python -m bench.anchoring.evaluate --by-kind    # per edit kind, main bench
    python -m bench.anchoring.evaluate --repeated   # per edit kind, repeated-text cases
    python -m bench.anchoring.evaluate --sizes      # anchor()/reanchor() time by text size

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

from bench.anchoring import repeated
from bench.anchoring.generate import SEED, Case, articles, cases
from bench.anchoring.reference import match_quote
from bench.anchoring.timing import by_size, measure
from errata.anchoring import (
    MIN_SCORE,
    FixedByEdit,
    Orphan,
    OrphanReason,
    Reanchored,
    Removed,
    Rewritten,
    anchor,
    reanchor,
)

Result = Reanchored


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
    """correct | wrong | orphaned | fixed | fixed_imprecise | removed | rewritten.

    Expectations: "anchor" (moved or unchanged), "fixed_by_edit", "orphan" and "removed"
    (the passage is gone; the main bench deletes sentences or paragraphs, so a ``Removed``
    answer is the precise one and an orphan the safe one), "rewritten" (its sentence was
    replaced: ``Rewritten`` is precise, an orphan safe, a fix at that place imprecise).
    Claiming a removal, a rewrite or a fix that did not happen is wrong: it would offer
    the editor a one-click ending the article does not justify.
    """
    gone = case.expect in ("orphan", "removed")
    if isinstance(result, Orphan):
        return "correct" if gone or case.expect == "rewritten" else "orphaned"
    if isinstance(result, Removed):
        return "removed" if gone else "wrong"
    if gone and isinstance(result, Rewritten):
        # Deleted, and an unrelated sentence inserted at that very place by another edit:
        # from the text alone, a rewrite. No attachment and no fix is claimed, but it is
        # not the right answer either.
        return "misread"
    if gone:
        return "wrong"
    if isinstance(result, Rewritten):
        if case.expect not in ("rewritten", "fixed_by_edit"):
            return "wrong"
        touching = min(result.end, case.end) > max(result.start, case.start)
        if not touching:
            return "wrong"
        return "rewritten" if case.expect == "rewritten" else "fixed_imprecise"
    if isinstance(result, FixedByEdit):
        if case.expect == "rewritten":
            touching = min(result.end, case.end) > max(result.start, case.start)
            return "fixed_imprecise" if touching else "wrong"
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
    return sum(counts[k] for k in ("correct", "fixed", "fixed_imprecise", "removed", "rewritten"))


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


def by_kind(generated: Sequence[Case]) -> None:
    """errata beside the Hypothesis rule, one row per edit kind."""
    print(
        "| edit | expected | cases | errata correct | errata wrong | errata other "
        "| Hypothesis correct | Hypothesis wrong |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    kinds = sorted({(c.edit, c.expect) for c in generated}, key=lambda k: (k[1], k[0]))
    totals: Counter[str] = Counter()
    for edit, expect in kinds:
        chosen = [c for c in generated if c.edit == edit]
        mine, theirs = tally(chosen, errata), tally(chosen, reference)
        other = len(chosen) - correct(mine) - mine["wrong"]
        totals.update(
            cases=len(chosen), ours=correct(mine), wrong=mine["wrong"], other=other,
            theirs=correct(theirs), their_wrong=theirs["wrong"],
        )  # fmt: skip
        print(
            f"| {edit} | {expect} | {len(chosen)} | {correct(mine)} | {mine['wrong']} | {other} "
            f"| {correct(theirs)} | {theirs['wrong']} |"
        )
    print(
        f"| **all** | | {totals['cases']} | {totals['ours']} | {totals['wrong']} "
        f"| {totals['other']} | {totals['theirs']} | {totals['their_wrong']} |"
    )


def sizes(generated: Sequence[Case]) -> None:
    """anchor() and reanchor() per call at 2k/10k/40k characters, with and without
    paragraph breaks (µs: p50 / p95 / max)."""
    print(
        "| text | paragraphs | anchor() p50 / p95 / max µs | reanchor() p50 / p95 / max µs |\n"
        "| --- | --- | --- | --- |"
    )
    for size in (2_000, 10_000, 40_000):
        for breaks in (True, False):
            found = by_size(generated, size, breaks)
            cells = [
                f"{t.p50:,.0f} / {t.p95:,.0f} / {t.worst:,.0f}"
                for t in (found["anchor"], found["reanchor"])
            ]
            label = "yes" if breaks else "no (one block)"
            print(f"| {size // 1000}k | {label} | {cells[0]} | {cells[1]} |")
    print(f"\nPython {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}.")


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
    parser.add_argument("--by-kind", action="store_true", help="per edit kind, main bench")
    parser.add_argument("--repeated", action="store_true", help="the repeated-text cases")
    parser.add_argument("--sizes", action="store_true", help="time by text size")
    parser.add_argument("--seed", type=int, default=None, help="another seed = held-out cases")
    options = parser.parse_args()
    if options.repeated:
        generated = repeated.cases(options.seed or repeated.SEED)
    else:
        generated = cases(options.seed or SEED)
    if options.sizes:
        sizes(cases(SEED) + repeated.cases())
    elif options.by_kind or options.repeated:
        by_kind(generated)
    elif options.calibrate:
        calibrate(generated)
    elif options.failures:
        failures(generated)
    else:
        report(generated)


if __name__ == "__main__":
    main()

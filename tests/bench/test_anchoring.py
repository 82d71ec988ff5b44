"""The anchoring bench keeps errata at zero wrong attachments (docs/anchoring.md).

Accuracy only: timings are measured by ``python -m bench.anchoring.evaluate``, never
asserted. The cases are generated deterministically, so a failure names the case.
"""

from __future__ import annotations

from bench.anchoring import generate, repeated
from bench.anchoring.evaluate import classify, errata, reference


def wrong(cases: list[generate.Case]) -> list[str]:
    return [case.id for case in cases if classify(case, errata(case)) == "wrong"]


def test_no_wrong_attachment_on_the_main_bench() -> None:
    cases = generate.cases()
    assert len(cases) == 550
    assert wrong(cases) == []


def test_no_wrong_attachment_on_repeated_text() -> None:
    cases = repeated.cases()
    assert len(cases) > 1000
    # Every unit, every edit kind, every target is represented.
    edits = {case.edit for case in cases}
    assert {e.split("/")[1] for e in edits} == set(repeated.TARGETS)
    assert {e.split("/")[0] for e in edits} == set(repeated.KINDS)
    assert {case.id.split("-")[-3] for case in cases} >= {"paragraph", "sentence", "phrase"}
    assert wrong(cases) == []


def test_the_repeated_cases_expect_every_outcome() -> None:
    expected = {case.expect for case in repeated.cases()}
    assert expected == {"anchor", "fixed_by_edit", "removed", "rewritten"}


def test_repeated_text_defeats_the_hypothesis_rule() -> None:
    """The generator makes cases that a rule ignoring history gets wrong: the cases
    test something (if it did not, errata's zero would prove nothing)."""
    cases = [c for c in repeated.cases() if c.edit == "word_corrected/reported"]
    assert sum(classify(c, reference(c)) == "wrong" for c in cases) > len(cases) // 2

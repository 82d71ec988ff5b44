"""The bench's reference rule (bench/anchoring/reference.py) is the Hypothesis matcher.

It must pass Hypothesis's own match-quote cases, and its Myers search must agree with the
textbook dynamic programme, or the evaluation's second row would compare against a
strawman.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from bench.anchoring.reference import match_ends, match_quote

from .conftest import load

HYPOTHESIS = load("hypothesis-match-quote.cases.json")


def _text(case: dict[str, Any]) -> str:
    text: str = case.get("text_literal", HYPOTHESIS["texts"].get(case.get("text", ""), ""))
    return text


def _run(case: dict[str, Any], quote: str, **context: Any) -> Any:
    return match_quote(
        _text(case),
        quote,
        prefix=context.get("prefix", case.get("prefix")),
        suffix=context.get("suffix", case.get("suffix")),
        hint=case.get("hint"),
    )


@pytest.mark.parametrize("case", HYPOTHESIS["cases"], ids=[c["id"] for c in HYPOTHESIS["cases"]])
def test_reference_passes_hypothesis_cases(case: dict[str, Any]) -> None:
    expect = case["expect"]
    if expect == "scores strictly decreasing":
        field = next(
            f
            for f in ("quote", "prefix", "suffix")
            if f"{f}es_descending" in case or f"{f}s_descending" in case
        )
        variants = case.get(f"{field}s_descending") or case[f"{field}es_descending"]
        if field == "quote":
            scores = [_run(case, v).score for v in variants]
        else:
            scores = [_run(case, case["quote"], **{field: v}).score for v in variants]
        assert scores == sorted(scores, reverse=True)
        assert len(set(scores)) == len(scores)
    elif expect is None:
        assert _run(case, case["quote"]) is None
    else:
        result = _run(case, case["quote"])
        assert result.start == expect["start"]
        assert result.end == expect.get("end", result.end)


def _dp_ends(text: str, pattern: str) -> list[int]:
    column = list(range(len(pattern) + 1))
    ends = []
    for character in text:
        previous, column[0] = column[0], 0
        for i in range(1, len(pattern) + 1):
            current = min(
                column[i] + 1,
                column[i - 1] + 1,
                previous + (pattern[i - 1] != character),
            )
            previous, column[i] = column[i], current
        ends.append(column[-1])
    return ends


@pytest.mark.parametrize("seed", range(40))
def test_myers_search_agrees_with_dynamic_programming(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice("abcd ") for _ in range(rng.randint(1, 60)))
    pattern = "".join(rng.choice("abcd") for _ in range(rng.randint(1, 70)))
    ends = _dp_ends(text, pattern)
    best = min(ends)
    expected = [(j + 1, best) for j, e in enumerate(ends) if e == best]
    assert match_ends(text, pattern, len(pattern)) == expected

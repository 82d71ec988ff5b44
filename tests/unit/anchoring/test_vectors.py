"""The shared vectors (tests/fixtures/anchoring/vectors.json), also read by the widget's tests."""

from __future__ import annotations

from typing import Any

import pytest

from errata.anchoring import anchor, describe, reanchor

from .conftest import load, outcome, selector

CASES = load("vectors.json")["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_vector(case: dict[str, Any]) -> None:
    if case["function"] == "anchor":
        assert outcome(anchor(selector(case["selector"]), case["text"])) == case["expect"]
    elif case["function"] == "reanchor":
        result = reanchor(selector(case["selector"]), case["old_text"], case["new_text"])
        assert outcome(result) == case["expect"]
    else:
        assert case["function"] == "describe"
        span = case["range"]
        assert describe(case["text"], span["start"], span["end"]) == selector(case["expect"])


def test_vector_ids_are_unique() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_expected_spans_hold_the_quote(case: dict[str, Any]) -> None:
    """Guard the vectors themselves: an expected anchor must hold an (approximate) quote."""
    expect = case["expect"]
    if case["function"] == "describe" or "start" not in expect:
        return
    text: str = case["new_text"] if case["function"] == "reanchor" else case["text"]
    assert 0 <= expect["start"] < expect["end"] <= len(text)
    if expect["method"] != "approximate":
        assert text[expect["start"] : expect["end"]] == case["selector"]["exact"]

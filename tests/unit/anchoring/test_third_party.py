"""Third-party cases: Hypothesis's match-quote tests and Apache Annotator's text selectors.

The JSON files are copied unchanged into tests/fixtures/anchoring/ (sources and licences
in its README.md). Where errata deliberately differs, the case is listed in a table below
(mirrored in docs/anchoring.md, "Where errata differs") and errata's own behaviour is
asserted instead.
"""

from __future__ import annotations

from typing import Any

import pytest

from errata.anchoring import (
    Anchor,
    Orphan,
    OrphanReason,
    TextQuoteSelector,
    anchor,
    describe,
)

from .conftest import load
from .dom import Document

HYPOTHESIS = load("hypothesis-match-quote.cases.json")
APACHE_MATCH = load("apache-annotator-text-quote-match-cases.json")["testCases"]
APACHE_POSITION = load("apache-annotator-text-position-match-cases.json")["testCases"]
APACHE_DESCRIBE = {
    f"{group}/{name}": case
    for group, cases in load("apache-annotator-text-quote-describe-cases.json").items()
    for name, case in cases.items()
}

# Apache returns every match; errata returns one place or refuses to guess.
APACHE_SEVERAL_MATCHES = {
    "two matches in one node",
    "matches in multiple nodes",
    "overlapping matches in one node",
    "overlapping matches stretching multiple nodes",
    "with prefix and suffix, two matches",
}
# Apache requires prefix/suffix to match exactly; errata scores context by similarity,
# so the quote's only occurrence is still found (with a lower score).
APACHE_STRICT_CONTEXT = {
    "with prefix, no matches",
    "with suffix, no matches",
    "with suffix, no matches due to whitespace",
}
# Apache matches an empty quote at every position; a report needs a passage.
APACHE_EMPTY_QUOTE = {name for name, case in APACHE_MATCH.items() if not case["selector"]["exact"]}

# Hypothesis picks the first of equally good places; errata orphans as ambiguous.
HYPOTHESIS_FIRST_OF_EQUALS = {"no_hint_first"}


def _text(case: dict[str, Any]) -> str:
    text: str = case.get("text_literal", HYPOTHESIS["texts"].get(case.get("text", ""), ""))
    return text


def _hypothesis(case: dict[str, Any], quote: str, prefix: Any = None, suffix: Any = None) -> Any:
    selector = TextQuoteSelector(
        quote,
        prefix if prefix is not None else case.get("prefix") or "",
        suffix if suffix is not None else case.get("suffix") or "",
        start=case.get("hint"),
    )
    return anchor(selector, _text(case))


def _score(result: Anchor | Orphan) -> float:
    score = result.score if isinstance(result, Anchor) else result.best_score
    assert score is not None
    return score


@pytest.mark.parametrize("case", HYPOTHESIS["cases"], ids=[c["id"] for c in HYPOTHESIS["cases"]])
def test_hypothesis_match_quote(case: dict[str, Any]) -> None:
    expect = case["expect"]
    if case["id"] in HYPOTHESIS_FIRST_OF_EQUALS:
        result = _hypothesis(case, case["quote"])
        assert isinstance(result, Orphan)
        assert result.reason == OrphanReason.AMBIGUOUS
    elif expect == "scores strictly decreasing":
        key, field = next(
            (key, field)
            for key, field in (("quotes", "quote"), ("prefixes", "prefix"), ("suffixes", "suffix"))
            if f"{key}_descending" in case
        )
        if field == "quote":
            results = [_hypothesis(case, v) for v in case[f"{key}_descending"]]
        else:
            results = [
                _hypothesis(case, case["quote"], **{field: v}) for v in case[f"{key}_descending"]
            ]
        scores = [_score(r) for r in results]
        assert scores == sorted(scores, reverse=True)
        assert len(set(scores)) == len(scores)
    elif expect is None:
        assert isinstance(_hypothesis(case, case["quote"]), Orphan)
    else:
        result = _hypothesis(case, case["quote"])
        assert isinstance(result, Anchor)
        assert result.start == expect["start"]
        if "end" in expect:
            assert result.end == expect["end"]
        if "score" in expect:
            assert result.score == pytest.approx(expect["score"])
        if "score_lt" in expect:
            assert expect["score_gt"] < result.score < expect["score_lt"]
        if "matched" in expect:
            assert _text(case)[result.start : result.end] == expect["matched"]


@pytest.mark.parametrize("name", list(APACHE_MATCH))
def test_apache_text_quote_match(name: str) -> None:
    case = APACHE_MATCH[name]
    document = Document(case["html"])
    spans = [document.span(e) for e in case["expected"]]
    data = case["selector"]
    selector = TextQuoteSelector(data["exact"], data.get("prefix", ""), data.get("suffix", ""))
    result = anchor(selector, document.content)
    if name in APACHE_EMPTY_QUOTE:
        assert result == Orphan(OrphanReason.EMPTY_QUOTE, None, result.detail)  # type: ignore[union-attr]
    elif name in APACHE_SEVERAL_MATCHES:
        assert isinstance(result, Orphan)
        assert result.reason == OrphanReason.AMBIGUOUS
        # Given the position of any one of them (as the widget always sends), errata finds it.
        for start, end in spans:
            hinted = anchor(
                TextQuoteSelector(**{**data_of(selector), "start": start}), document.content
            )
            assert isinstance(hinted, Anchor)
            assert (hinted.start, hinted.end) == (start, end)
    elif name in APACHE_STRICT_CONTEXT:
        assert spans == []
        only = document.content.index(selector.exact)
        assert isinstance(result, Anchor)
        assert (result.start, result.end) == (only, only + len(selector.exact))
        assert result.score < 1
    elif not spans:
        assert isinstance(result, Orphan)
    else:
        assert isinstance(result, Anchor)
        assert [(result.start, result.end)] == spans


def data_of(selector: TextQuoteSelector) -> dict[str, Any]:
    return {"exact": selector.exact, "prefix": selector.prefix, "suffix": selector.suffix}


@pytest.mark.parametrize("name", list(APACHE_POSITION))
def test_apache_text_position_offsets_are_code_points(name: str) -> None:
    """Apache's position selectors count code points, as errata's offsets do; the DOM
    ranges they map to count UTF-16 units (the emoji is 2 there, 1 here)."""
    case = APACHE_POSITION[name]
    document = Document(case["html"])
    start, end = case["selector"]["start"], case["selector"]["end"]
    assert [document.span(e) for e in case["expected"]] == [(start, end)]
    result = anchor(describe(document.content, start, end), document.content)
    if start == end:
        assert isinstance(result, Orphan)
        assert result.reason == OrphanReason.EMPTY_QUOTE
    else:
        assert isinstance(result, Anchor)
        assert (result.start, result.end) == (start, end)


@pytest.mark.parametrize("name", list(APACHE_DESCRIBE))
def test_apache_text_quote_describe(name: str) -> None:
    """errata always takes 32 code points of context; Apache takes the least that is unique
    (or pads a short quote). Each context must therefore extend the other, and both
    selectors must anchor back to the described range."""
    case = APACHE_DESCRIBE[name]
    document = Document(case["html"])
    start, end = document.span(case["range"])
    ours = describe(document.content, start, end)
    theirs = case["expected"]
    assert ours.exact == theirs["exact"]
    assert ours.prefix.endswith(theirs["prefix"]) or theirs["prefix"].endswith(ours.prefix)
    assert ours.suffix.startswith(theirs["suffix"]) or theirs["suffix"].startswith(ours.suffix)
    assert len(ours.prefix) == min(32, start)
    assert len(ours.suffix) == min(32, len(document.content) - end)
    for selector in (ours, TextQuoteSelector(theirs["exact"], theirs["prefix"], theirs["suffix"])):
        result = anchor(selector, document.content)
        if start == end:
            assert isinstance(result, Orphan)
        else:
            assert isinstance(result, Anchor)
            assert (result.start, result.end) == (start, end)

"""The score behind every decision (score.py) and the describer (quote.py)."""

from __future__ import annotations

import pytest

from errata.anchoring import CONTEXT_LENGTH, TextQuoteSelector, describe
from errata.anchoring.quote import occurrences
from errata.anchoring.score import prefix_agreement, score_candidate, suffix_agreement


def test_perfect_context_scores_one() -> None:
    text = "The mayor said the decision saved money."
    selector = describe(text, 10, 14)
    candidate = score_candidate(selector, text, 10, 14)
    assert (candidate.score, candidate.exact, candidate.quote) == (1.0, True, 1.0)


def test_a_word_inserted_in_the_context_costs_its_length_once() -> None:
    text = "said on Tuesday that the council"
    edited = "said on Tuesday now that the council"
    agreement, weight = prefix_agreement(text[:25], edited, 29)
    assert weight == 25
    assert agreement == pytest.approx(1 - 4 / 25)  # a same-length comparison says 1 - 8/25


def test_context_beyond_the_text_edge_is_neither_proof_nor_disproof() -> None:
    assert prefix_agreement("twelve chars", "abc", 0) == (0.6, 12)
    assert suffix_agreement("", "abc", 3) == (0.0, 0)
    agreement, weight = suffix_agreement("de plus", "abcde ", 3)
    assert weight == 7
    assert agreement == pytest.approx((1.0 * 3 + 0.6 * 4) / 7)


def test_describe_takes_32_code_points_each_side() -> None:
    text = "x" * 40 + "🎉quote🎉" + "y" * 40
    selector = describe(text, 41, 46)
    assert selector == TextQuoteSelector(
        "quote", "x" * 31 + "🎉", "🎉" + "y" * 31, start=41, end=46
    )
    assert len(selector.prefix) == len(selector.suffix) == CONTEXT_LENGTH


def test_describe_rejects_a_span_outside_the_text() -> None:
    with pytest.raises(ValueError, match="outside"):
        describe("short", 2, 9)


def test_occurrences_include_overlapping_ones() -> None:
    assert list(occurrences("bananas", "ana")) == [1, 3]

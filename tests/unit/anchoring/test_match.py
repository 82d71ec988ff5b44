"""anchor(): exact, context, position, approximate, and the minimum score."""

from __future__ import annotations

import pytest

from errata.anchoring import (
    MIN_SCORE,
    Anchor,
    AnchorMethod,
    Orphan,
    OrphanReason,
    TextQuoteSelector,
    anchor,
    describe,
)

TEXT = (
    "The city council voted on Tuesday to close the Riverside library by March. "
    "Mayor Robin Ellis said the decision saved 1.2 million dollars a year.\n\n"
    "Opponents, led by councillor Dana Okafor, said the library served 40,000 readers. "
    "Robin Hood Park, next door, will stay open, the council said."
)


def at(text: str, needle: str, nth: int = 0) -> int:
    position = -1
    for _ in range(nth + 1):
        position = text.index(needle, position + 1)
    return position


def test_unique_quote_is_exact_with_full_score() -> None:
    start = at(TEXT, "Dana Okafor")
    result = anchor(describe(TEXT, start, start + 11), TEXT)
    assert result == Anchor(start, start + 11, 1.0, AnchorMethod.EXACT)


def test_repeated_quote_is_placed_by_its_context() -> None:
    start = at(TEXT, "Robin", 1)
    selector = describe(TEXT, start, start + 5)
    result = anchor(TextQuoteSelector(selector.exact, selector.prefix, selector.suffix), TEXT)
    assert result == Anchor(start, start + 5, 1.0, AnchorMethod.CONTEXT)


def test_position_decides_when_the_context_cannot() -> None:
    text = "Read more.\n\nThe vote.\n\nRead more.\n\nThe end."
    second = at(text, "Read more.", 1)
    result = anchor(TextQuoteSelector("Read more.", start=second - 3), text)
    assert isinstance(result, Anchor)
    assert (result.start, result.method) == (second, AnchorMethod.EXACT)


def test_without_position_equal_places_are_ambiguous() -> None:
    result = anchor(TextQuoteSelector("Read more."), "Read more. The vote. Read more.")
    assert isinstance(result, Orphan)
    assert result.reason == OrphanReason.AMBIGUOUS
    assert result.detail


def test_empty_quote_is_an_orphan() -> None:
    assert anchor(TextQuoteSelector(""), TEXT).reason == OrphanReason.EMPTY_QUOTE  # type: ignore[union-attr]


def test_quote_far_from_anything_is_not_found() -> None:
    result = anchor(TextQuoteSelector("quantum chromodynamics"), TEXT)
    assert result == Orphan(OrphanReason.NOT_FOUND, None, result.detail)  # type: ignore[union-attr]


def test_a_typo_in_the_text_is_found_approximately() -> None:
    start = at(TEXT, "1.2 million dollars")
    selector = describe(TEXT, start, start + 19)
    edited = TEXT.replace("1.2 million", "1.2 milion")
    result = anchor(selector, edited)
    assert isinstance(result, Anchor)
    assert (result.start, result.end, result.method) == (start, start + 18, "approximate")
    assert MIN_SCORE < result.score < 1


def test_the_robin_case_orphans_instead_of_jumping_to_another_robin() -> None:
    """Hypothesis's known bug: after "Robin" -> "Elisa", the note moved to Robin Hood Park."""
    start = at(TEXT, "Robin")
    selector = describe(TEXT, start, start + 5)
    fixed = TEXT.replace("Mayor Robin", "Mayor Elisa")
    result = anchor(selector, fixed)
    assert isinstance(result, Orphan)
    assert result.reason == OrphanReason.BELOW_MINIMUM_SCORE
    assert result.best_score is not None
    assert result.best_score < MIN_SCORE
    # The minimum score is what stops it: without it, the other Robin would be taken.
    loose = anchor(selector, fixed, min_score=0.0)
    assert isinstance(loose, Anchor)
    assert loose.start == at(fixed, "Robin Hood")


def test_a_quote_edited_in_place_beats_an_intact_copy_elsewhere() -> None:
    text = "Paris won 3-1. " + "x" * 200 + " In Lyon, the mayor said 3-1 was fair."
    selector = TextQuoteSelector("3-1", prefix="Paris won ", suffix=". ", start=10, end=13)
    result = anchor(selector, text.replace("Paris won 3-1.", "Paris won 2-1."))
    assert isinstance(result, Anchor)
    assert (result.start, result.end, result.method) == (10, 13, AnchorMethod.APPROXIMATE)


def test_moved_paragraph_is_followed_even_with_a_stale_position() -> None:
    first, second = TEXT.split("\n\n")
    moved = second + "\n\n" + first
    start = at(TEXT, "the decision saved")
    selector = describe(TEXT, start, start + 18)
    result = anchor(selector, moved)
    assert isinstance(result, Anchor)
    assert result.start == at(moved, "the decision saved")


def test_a_very_frequent_quote_is_still_placed_by_context() -> None:
    filler = " ".join(f"the item {n} of the list" for n in range(200))
    text = filler + " and finally the decisive word of the article. " + filler
    start = at(text, "the decisive") + 4
    selector = describe(text, start, start + 8)  # "decisive" is rare; take "the" instead
    selector = describe(text, start - 4, start - 1)
    result = anchor(selector, text)
    assert isinstance(result, Anchor)
    assert result.start == start - 4


@pytest.mark.parametrize("typo", ["Okafr", "Okkafor", "Okafro"])
def test_approximate_spans_cover_the_edited_word(typo: str) -> None:
    start = at(TEXT, "Dana Okafor")
    selector = describe(TEXT, start, start + 11)
    edited = TEXT.replace("Okafor", typo)
    result = anchor(selector, edited)
    assert isinstance(result, Anchor)
    assert edited[result.start : result.end] == "Dana " + typo


def test_combining_accents_are_never_split() -> None:
    text = "Le pre\u0301fet a de\u0301cide\u0301 mardi."
    result = anchor(TextQuoteSelector("a decide", prefix="Le pre\u0301fet "), text)
    assert isinstance(result, Anchor)
    assert text[result.start : result.end] == "a de\u0301cide\u0301"

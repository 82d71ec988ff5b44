"""reanchor(): moved, fixed by edit, or orphaned — never attached to another passage."""

from __future__ import annotations

from errata.anchoring import (
    MIN_SCORE,
    Anchor,
    AnchorMethod,
    FixedByEdit,
    Orphan,
    Removed,
    Rewritten,
    TextQuoteSelector,
    anchor,
    describe,
    reanchor,
)
from errata.anchoring.diff import map_span

OLD = (
    "The coach, Robin Martin, said the team would appeal the decision on Monday.\n\n"
    "The club was fined 40,000 euros, and fans were told to stay away from "
    "Robin Hood Park for the next home game.\n\n"
    "The league said it would publish its reasons within a week."
)


def quote(text: str, needle: str, nth: int = 0) -> TextQuoteSelector:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return describe(text, start, start + len(needle))


def test_the_robin_case_is_fixed_by_edit_not_moved() -> None:
    new = OLD.replace("Robin Martin", "Elisa Martin")
    result = reanchor(quote(OLD, "Robin"), OLD, new)
    assert result == FixedByEdit(11, 16, "Elisa")
    assert isinstance(anchor(quote(OLD, "Robin"), new), Orphan)


def test_a_longer_replacement_is_taken_whole() -> None:
    new = OLD.replace("Robin Martin", "Elisabeth Martin")
    assert reanchor(quote(OLD, "Robin"), OLD, new) == FixedByEdit(11, 20, "Elisabeth")


def test_a_changed_figure_is_replaced_whole() -> None:
    new = OLD.replace("40,000", "14,000")
    result = reanchor(quote(OLD, "40,000"), OLD, new)
    assert isinstance(result, FixedByEdit)
    assert result.replacement == "14,000"
    assert new[result.start : result.end] == "14,000"


def test_a_deleted_word_leaves_an_empty_replacement_at_its_place() -> None:
    old = "près de 400 millions d'euros de primes indûment versées en 2023, selon le ministère."
    new = old.replace("d'euros ", "")
    result = reanchor(quote(old, "d'euros"), old, new)
    assert result == FixedByEdit(21, 21, "")
    assert new[:21].endswith("millions ")


def test_a_word_inserted_next_to_the_quote_does_not_lose_it() -> None:
    old = "La liste arrive en tête dans le secteur ouest de Besançon, avec 34,8 % des suffrages."
    new = old.replace("avec 34,8", "avec officiellement 34,8")
    result = reanchor(quote(old, "34,8"), old, new)
    assert isinstance(result, Anchor)
    assert new[result.start : result.end] == "34,8"
    assert result.score >= MIN_SCORE


def test_text_inserted_above_moves_the_anchor() -> None:
    new = "UPDATED. " + OLD
    result = reanchor(quote(OLD, "Robin", 1), OLD, new)
    assert isinstance(result, Anchor)
    assert (result.start, result.method) == (OLD.index("Robin Hood") + 9, AnchorMethod.CONTEXT)


def test_a_moved_paragraph_is_followed() -> None:
    first, second, third = OLD.split("\n\n")
    new = "\n\n".join([third, first, second])
    result = reanchor(quote(OLD, "reasons within a week"), OLD, new)
    assert isinstance(result, Anchor)
    assert result.start == new.index("reasons within a week")


def test_a_deleted_paragraph_is_removed_not_fixed() -> None:
    first, _, third = OLD.split("\n\n")
    new = first + "\n\n" + third
    result = reanchor(quote(OLD, "fined 40,000 euros"), OLD, new)
    assert result == Removed(len(first) + 2, len(first) + 2)


def test_a_look_alike_that_was_already_there_is_refused() -> None:
    old = (
        "Les lycéens se couchent en moyenne 40 minutes plus tard qu'en 2013. "
        "Les collégiens se couchent en moyenne 25 minutes plus tard qu'en 2013, selon l'étude."
    )
    new = old[old.index("Les collégiens") :]
    selector = quote(old, "minutes")
    assert isinstance(anchor(selector, new), Anchor)  # without history it looks right...
    result = reanchor(selector, old, new)  # ...but that sentence was already there
    assert result == Removed(0, 0)


def test_unchanged_text_keeps_the_anchor() -> None:
    selector = quote(OLD, "the team would appeal")
    assert reanchor(selector, OLD, OLD) == anchor(selector, OLD)


def test_a_selector_lost_in_the_old_text_is_anchored_in_the_new_one() -> None:
    selector = TextQuoteSelector("publish its reasons", start=5)
    new = OLD.replace("The league said", "The league confirmed")
    result = reanchor(selector, "an unrelated older text", new)
    assert isinstance(result, Anchor)
    assert new[result.start : result.end] == "publish its reasons"


def test_map_span_reports_what_the_diff_kept() -> None:
    new = OLD.replace("said the team", "said that the team")
    start = OLD.index("would appeal")
    mapped = map_span(OLD, new, start, start + 12)
    assert new[mapped.start : mapped.end] == "would appeal"
    assert (mapped.start_moved, mapped.end_moved, mapped.kept_quote) == (False, False, 1.0)
    # "that " was inserted into the prefix: no old character was lost.
    assert mapped.kept_before == mapped.kept_after == 1.0
    shorter = OLD.replace("The coach, Robin", "Robin")
    mapped = map_span(OLD, shorter, start, start + 12)
    assert 0.6 < mapped.kept_before < 1.0


def test_letters_added_at_the_edge_of_a_whole_word_are_a_fix() -> None:
    old = "Il a rappelé que les enfants de moins de six ans voyagent gratuitement."
    new = old.replace("que les", "que less")  # a silly edit, but an edit of the word
    result = reanchor(quote(old, "les"), old, new)
    assert result == FixedByEdit(old.index("les"), old.index("les") + 4, "less")
    plural = old.replace("rappelé que", "rappelé ques")
    at = old.index("que")
    assert reanchor(quote(old, "que"), old, plural) == FixedByEdit(at, at + 4, "ques")


def test_a_quote_that_was_part_of_a_word_does_not_grow() -> None:
    old = "Le préfet a signé un arrêté de fermeture administrative, a-t-on appris."
    new = old.replace("arrêté de", "arrêtés de")
    # The reader selected "arrêt" inside "arrêté": the word around it is not theirs.
    start = old.index("arrêt")
    result = reanchor(describe(old, start, start + 5), old, new)
    assert isinstance(result, Anchor)
    assert (result.start, result.end) == (start, start + 5)


def test_a_sentence_replaced_by_an_unrelated_one_is_rewritten() -> None:
    replacement = "The club has not said whether it will contest the sanction in court."
    old_sentence = (
        "The club was fined 40,000 euros, and fans were told to stay away from "
        "Robin Hood Park for the next home game."
    )
    new = OLD.replace(old_sentence, replacement)
    result = reanchor(quote(OLD, "fined 40,000 euros"), OLD, new)
    start = new.index(replacement)
    assert result == Rewritten(start, start + len(replacement), replacement)


def test_a_deleted_sentence_is_removed_and_a_deleted_word_is_fixed() -> None:
    old = (
        "Le maire a présenté le budget lundi. Il prévoit 12 millions d'euros de travaux "
        "dans les écoles. Les élus de l'opposition ont voté contre."
    )
    new = old.replace(" Il prévoit 12 millions d'euros de travaux dans les écoles.", "")
    result = reanchor(quote(old, "12 millions"), old, new)
    assert isinstance(result, Removed)
    assert new[result.start :].startswith("Les élus")
    fixed = old.replace("12 millions d'euros de travaux", "12 millions de travaux")
    at = fixed.index("de travaux")
    assert reanchor(quote(old, "d'euros"), old, fixed) == FixedByEdit(at, at, "")

"""Words the dictionary lacks, judged by class: what each one's verdict rests on."""

from __future__ import annotations

import pytest

from errata.triage import spelling
from errata.triage.vocabulary import Vocabulary


def _judged(quote: str, before: str = "", after: str = "", **vocabulary: str) -> spelling.Spelling:
    return spelling.check(quote, "", Vocabulary("fr", **vocabulary), before=before, after=after)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("quote", "before", "after"),
    [
        ("er", "le 1", " novembre"),  # the quote starts inside « 1er »
        ("ème", "au 9", " étage"),
        ("e", "le XX", " siècle"),
        ("XIXe", "au ", " siècle"),
        ("km", "à 10", " de là"),
        ("example", "voir www.", ".fr"),
    ],
)
def test_pieces_of_numbers_and_addresses_are_not_words(quote: str, before: str, after: str) -> None:
    assert _judged(quote, before, after).verdict == spelling.NOT_CONFIRMED


@pytest.mark.parametrize(
    ("quote", "before", "after", "basis"),
    [
        ("euse", "les chercheur·", "·s", "inclusive"),
        ("tou", "merci à ", "·te·s", "inclusive"),
        ("rice", "les acteur·", "·s", "inclusive"),
        ("tou", "merci à ", ".te.s", "inclusive"),
        ("board", "le ", " a voté", "foreign"),
        ("the", "selon ", " Guardian", "foreign"),
        ("spinax", "On trouve l'Etmopterus ", " ici", "foreign"),  # next to a name not learned
        ("Rutte", "selon Mark ", "", "name"),
        ("UNRWA", "l'", "", "name"),
        ("sontLe", "ils ", " maire", "glued"),
        ("lapolice", "selon ", " nationale", "glued"),
        ("drouaise", "une association ", "", "unknown"),
        ("apperçu", "un ", "", "near"),
    ],
)
def test_unknown_words_without_evidence_of_their_own_are_only_possible(
    quote: str, before: str, after: str, basis: str
) -> None:
    result = _judged(quote, before, after)
    assert (result.verdict, result.basis) == (spelling.POSSIBLE, (basis,))


@pytest.mark.parametrize(
    ("quote", "basis"),
    [("hopital", "near"), ("Trés", "accent"), ("Georgiens", "accent"), ("réflection", "near")],
)
def test_an_accent_wrong_inside_a_capitalised_word_stands_alone_near_misses_do_not(
    quote: str, basis: str
) -> None:
    alone = _judged(quote, "Il a vu les ")
    assert alone.basis == (basis,)
    assert alone.verdict == (spelling.CONFIRMED if basis == "accent" else spelling.POSSIBLE)


@pytest.mark.parametrize(
    ("quote", "suggestion"), [("la réflection", "la réflexion"), ("un hopital", "un hôpital")]
)
def test_a_near_miss_the_readers_fix_corrects_is_confirmed(quote: str, suggestion: str) -> None:
    result = spelling.check(quote, suggestion, Vocabulary("fr"))
    assert (result.verdict, result.basis, result.suggestion_fixes) == (
        spelling.CONFIRMED,
        ("misspelling",),
        True,
    )


def test_a_fix_far_from_the_word_does_not_corroborate_it() -> None:
    result = spelling.check("la réflection", "la pensée", Vocabulary("fr"))
    assert (result.verdict, result.basis) == (spelling.POSSIBLE, ("near",))


@pytest.mark.parametrize(
    "quote", ["choeur", "oeuvre", "connaitre", "règlementaire", "aigüe", "weekend"]
)
def test_ligatures_and_1990_reform_spellings_are_accepted_by_default(quote: str) -> None:
    assert _judged(quote, "le ").verdict == spelling.NOT_CONFIRMED


@pytest.mark.parametrize("quote", ["connaitre", "règlementaire", "entrainement"])
def test_a_site_of_classic_spelling_sees_reform_spellings_as_possible(quote: str) -> None:
    result = _judged(quote, "le ", variants="classic")
    assert (result.verdict, result.basis) == (spelling.POSSIBLE, ("reform_1990",))
    assert _judged("choeur", "le ", variants="classic").verdict == spelling.NOT_CONFIRMED

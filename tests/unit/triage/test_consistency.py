"""Does the article agree with itself about the passage's figures, dates and people?"""

from __future__ import annotations

from datetime import date

import pytest

from errata.triage import consistency


def test_every_other_mention_of_the_same_noun_is_listed(koursk: str) -> None:
    start = koursk.index("8 000 soldats")
    [(figure, others)] = consistency.other_figures(koursk, start, start + len("8 000 soldats"))

    assert (figure.value, figure.noun) == ("8 000", "soldat")
    assert [other.text for other in others] == ["10 000 soldats"]
    assert koursk[others[0].start : others[0].end] == "10 000 soldats"


def test_figures_with_scales_and_percentages() -> None:
    found = consistency.figures(
        "dont 45 millions pour les écoles, une hausse de 8 % des dépenses, 12 % of the votes, "
        "300 millions d'euros, une prime de 30 000 euros, 5 %."
    )
    assert [(f.value, f.noun) for f in found] == [
        ("45 millions", "million"),
        ("8 %", "dépense"),
        ("12 %", "vote"),
        ("300 millions", "million"),
        ("30 000", "euro"),
        ("5 %", "%"),
    ]


def test_a_person_given_two_titles(koursk: str) -> None:
    text = koursk.replace(
        "Le secrétaire général de l'OTAN, Mark Rutte", "Le président Antony Blinken"
    )
    conflicts = consistency.title_conflicts(text, "Antony Blinken a rapporté")

    assert [m.title for m in conflicts["Blinken"]] == ["secrétaire d'état américain", "président"]


def test_one_title_per_person_is_no_conflict(koursk: str) -> None:
    assert consistency.title_conflicts(koursk, "le secrétaire d'État Antony Blinken") == {}


def test_a_name_spelled_two_ways(koursk: str) -> None:
    text = koursk.replace("Blinken a souligné", "Blinkin a souligné")
    assert consistency.name_variants(text, "Blinkin a souligné", "fr") == {"Blinkin": ["Blinken"]}


PUBLISHED = date(2024, 11, 2)


@pytest.mark.parametrize(
    ("passage", "language", "expected"),
    [
        ("Le mardi 31 novembre 2024, il a été vu.", "fr", "no_such_day"),
        ("Le lundi 1er novembre 2024, il a parlé.", "fr", "wrong_weekday"),
        ("Le ministre a annoncé le 12 décembre un plan.", "fr", "after_publication"),
        ("On Monday, November 5, 2024, the mayor spoke.", "en", "wrong_weekday"),
        ("The council met on 30 February.", "en", "no_such_day"),
    ],
)
def test_impossible_and_misplaced_dates(passage: str, language: str, expected: str) -> None:
    [problem] = consistency.date_problems(passage, language, PUBLISHED)
    assert (problem.code, problem.verdict) == (expected, "impossible")


def test_a_weekday_without_year_nor_publication_date_is_unknown_not_wrong() -> None:
    [problem] = consistency.date_problems("Le mardi 24 septembre, il a parlé.", "fr", None)
    assert (problem.code, problem.verdict) == ("weekday_unknown", "unknown")
    # With the publication's year, the same date is checked: 24 September 2024 was a Tuesday.
    assert consistency.date_problems("Le mardi 24 septembre, il a parlé.", "fr", PUBLISHED) == []


def test_dates_and_years_are_not_figures() -> None:
    text = "Le 6 décembre, 300 élus ; le 12 décembre 2024, 250 élus. En 2019, 40 élus."
    assert [(f.value, f.noun) for f in consistency.figures(text)] == [
        ("300", "élu"),
        ("250", "élu"),
        ("40", "élu"),
    ]


def test_figures_conflict_only_about_the_same_thing() -> None:
    text = (
        "Environ 8 000 soldats nord-coréens sont en Russie. 10 000 soldats nord-coréens "
        "selon Kyiv. 200 000 soldats ukrainiens défendent le front."
    )
    start = text.index("8 000")
    [(figure, others)] = consistency.other_figures(text, start, start + len("8 000 soldats"))
    same = [o.text for o in others if consistency.same_thing(figure, o)]
    assert same == ["10 000 soldats"]
    assert [o.text for o in others] == ["10 000 soldats", "200 000 soldats"]


@pytest.mark.parametrize(
    ("passage", "language"),
    [
        ("Le vendredi 1er novembre 2024, Antony Blinken a rapporté.", "fr"),
        ("Le ministre annoncera le 12 décembre un plan.", "fr"),
        ("Le vote est prévu le 12 décembre.", "fr"),
        ("The vote will take place on December 12.", "en"),
        ("Le 29 février 2024 tombait un jeudi.", "fr"),
    ],
)
def test_possible_dates_pass(passage: str, language: str) -> None:
    assert consistency.date_problems(passage, language, PUBLISHED) == []

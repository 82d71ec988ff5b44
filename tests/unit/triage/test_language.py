"""Which language a report and an article are written in, offline."""

from __future__ import annotations

import pytest

from errata.triage import language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le montant est faux, il faut écrire 1,3 milliard.", "fr"),
        ("il manque un accent", "fr"),  # py3langid alone says Spanish
        ("The figure is wrong, it should be 1.3 billion.", "en"),
        ("Der Betrag ist falsch, bitte korrigieren.", "de"),
    ],
)
def test_the_language_of_a_report(text: str, expected: str) -> None:
    assert language.detect(text) == expected


@pytest.mark.parametrize("text", ["typo", "8 000", "Koursk", "asdkj qwpoe zxmcn dfdf"])
def test_too_little_language_is_unknown_rather_than_a_guess(text: str) -> None:
    assert language.detect(text) == ""


def test_the_article_language(koursk: str) -> None:
    assert language.detect(koursk) == "fr"


def test_the_reader_language_comes_from_the_comment_first() -> None:
    assert language.report_language("Wrong figure, see the council report.", "1,3 milliard") == "en"
    assert language.report_language("", "il faut écrire déploiement") == "fr"


def test_languages_are_named_for_the_desk() -> None:
    assert language.name("de") == "German"
    assert language.name("xx") == "xx"

"""Hunspell through pyenchant: which dictionaries errata asks, and what it says when one is missing."""

from __future__ import annotations

import logging

import pytest

from errata.triage import dictionaries


def test_hunspell_is_asked_not_aspell() -> None:
    for language in ("fr", "en"):
        assert [d.provider.name for d in dictionaries.dictionaries(language)] == ["hunspell"] * len(
            dictionaries.TAGS[language]
        )


@pytest.mark.parametrize(
    ("word", "known"),
    [("colour", True), ("color", True), ("councillors", True), ("recieve", False)],
)
def test_english_accepts_american_and_british_spelling(word: str, known: bool) -> None:
    assert dictionaries.knows("en", word) is known


def test_a_capitalised_word_is_known_by_its_lower_case() -> None:
    assert dictionaries.knows("fr", "Déploiement")
    assert dictionaries.knows("fr", "DÉPLOIEMENT")
    assert not dictionaries.knows("fr", "Deploiement")


def test_typos_are_one_edit_from_a_known_word_jargon_is_not() -> None:
    assert dictionaries.one_edit_from_known("fr", "deploiement")
    assert dictionaries.one_edit_from_known("fr", "soldts")
    assert not dictionaries.one_edit_from_known("fr", "salary")


def test_a_missing_dictionary_is_said_not_silent(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(dictionaries.TAGS, "xx", ("xx_XX",))
    dictionaries.dictionaries.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="errata.triage.dictionaries"):
            assert dictionaries.dictionary("xx") is None
        assert "No Hunspell dictionary for 'xx'" in caplog.text
        assert dictionaries.knows("xx", "anything")  # nothing to verify against
    finally:
        dictionaries.dictionaries.cache_clear()

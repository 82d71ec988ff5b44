"""French typography: spaces before « : ; ! ? », guillemets; nothing in English."""

from __future__ import annotations

import pytest

from errata.triage.typography import issues, only_typography


@pytest.mark.parametrize(
    ("passage", "rules"),
    [
        ("une inexactitude ?", ["space-before-punctuation"]),
        ("Quoi? Vraiment!", ["missing-space-before-punctuation"] * 2),
        ('il a dit "non" hier', ["straight-quotes"]),
        ("« un budget »", ["space-after-guillemet", "space-before-punctuation"]),
    ],
)
def test_french_typography_issues(passage: str, rules: list[str]) -> None:
    assert [issue.rule for issue in issues(passage, "fr")] == rules


@pytest.mark.parametrize(
    "passage",
    [
        "une inexactitude\u00a0?",
        "il a dit\u202f: «\u00a0non\u00a0».",
        "à 10:30, voir https://exemple.fr",
        "8 000 soldats",
    ],
)
def test_correct_french_typography_passes(passage: str) -> None:
    assert issues(passage, "fr") == []


def test_english_is_not_checked() -> None:
    assert issues('He said "no" ?', "en") == []


def test_a_suggestion_that_only_changes_spaces_or_quotes() -> None:
    assert only_typography("erreur ?", "erreur\u00a0?")
    assert only_typography('dit "non"', "dit «\u00a0non\u00a0»")
    assert not only_typography("erreur ?", "erreurs ?")
    assert not only_typography("erreur ?", "")

"""Grammalecte, the optional French grammar checker: used when installed, absent otherwise."""

from __future__ import annotations

import pytest

from errata.triage import grammar


def test_without_grammalecte_there_is_nothing_to_say(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(grammar, "_checker", lambda: None)
    grammar.errors.cache_clear()
    assert not grammar.available()
    assert grammar.errors("Les soldats ont été déployé.") == ()
    grammar.errors.cache_clear()


def test_the_sentence_around_a_passage() -> None:
    text = "Première phrase. Les soldats ont été déployé dans la région. Fin."
    start = text.index("déployé")
    left, right = grammar.sentence_around(text, start, start + 7)
    assert text[left:right] == "Les soldats ont été déployé dans la région."


needs_grammalecte = pytest.mark.skipif(
    not grammar.available(), reason="Grammalecte is an optional extra (make grammalecte)"
)


@needs_grammalecte
@pytest.mark.parametrize(
    ("sentence", "wrong", "right"),
    [
        ("Les soldats nord-coréens ont été déployé dans la région.", "déployé", "déployés"),
        ("Les élections prévu en mars ont été reportées.", "prévu", "prévues"),
        ("Il a été a Kyiv le 21 octobre.", "a", "à"),
    ],
)
def test_agreement_and_confusions_are_found(sentence: str, wrong: str, right: str) -> None:
    [error] = grammar.errors(sentence)
    assert sentence[error.start : error.end] == wrong
    assert right in error.suggestions


@needs_grammalecte
def test_typography_is_left_to_its_own_check() -> None:
    assert grammar.errors("Blinken a indiqué qu'environ 10 000 soldats sont là !") == ()

"""Texts the triage tests share: the article errata grew from, and a vocabulary for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from errata.text import normalise
from errata.triage.vocabulary import Vocabulary, forget, learn_article

FIXTURES = Path(__file__).parents[2] / "fixtures" / "triage"


@pytest.fixture(scope="session")
def koursk() -> str:
    """The seed article (seeds/000_c25c54cb5abeab04.txt): Koursk, Blinken, Rutte, l'OTAN."""
    return normalise((FIXTURES / "koursk.fr.txt").read_text(encoding="utf-8"))


@pytest.fixture
def koursk_vocabulary(koursk: str) -> Vocabulary:
    return Vocabulary("fr", article=learn_article(koursk, "fr"))


@pytest.fixture(autouse=True)
def _forget_vocabulary() -> None:
    # The learned vocabulary is cached per process by version id; ids repeat across tests.
    forget()

"""Accepted spellings Debian's classic French Hunspell dictionary does not list.

Two classes of correct spelling that a dictionary of classic French flags:

- **ligatures written as two letters**: « choeur », « oeuvre », « soeur », « ex aequo »'s
  « ae »: the same word as « chœur », typed on a keyboard without œ. Always accepted.
- **the 1990 spelling reform** (rectifications orthographiques), which French schools
  teach and many publishers follow: no circumflex on i and u (« connaitre », « flute »),
  è before a mute syllable (« évènement », « règlementaire »), ü moved to the u
  (« aigüe »), welded compounds (« weekend », « portemonnaie »). hunspell-fr ships both
  spellings in separate dictionaries; Debian installs the classic one only, so errata
  derives the classic form by these rules and asks the dictionary about it.

A site chooses (`Site.spelling_variants`): accept both spellings (the default), or the
classic one only, when reform spellings are shown as "possible", never "confirmed".
"""

from __future__ import annotations

from functools import lru_cache

from errata.triage import dictionaries

LIGATURE, REFORM_1990 = "ligature", "reform_1990"
_CIRCUMFLEX = {"i": "î", "u": "û"}


def _ligatures(word: str) -> list[str]:
    forms = []
    for plain, tied in (("oe", "œ"), ("ae", "æ"), ("Oe", "Œ"), ("OE", "Œ")):
        if plain in word:
            forms.append(word.replace(plain, tied))
    return forms


def _reform(word: str) -> list[str]:
    """The classic spellings a 1990-reform spelling of `word` may stand for."""
    forms = []
    for i, letter in enumerate(word):
        if letter in _CIRCUMFLEX:
            forms.append(word[:i] + _CIRCUMFLEX[letter] + word[i + 1 :])
        elif letter == "è":
            forms.append(word[:i] + "é" + word[i + 1 :])
    if "güe" in word or "güi" in word:
        forms.append(word.replace("güe", "guë").replace("güi", "guï"))
    if "-" not in word and len(word) >= 6:
        forms.extend(word[:i] + "-" + word[i:] for i in range(3, len(word) - 2))
    return forms


@lru_cache(maxsize=20_000)
def variant_of(language: str, word: str) -> tuple[str, str] | None:
    """(class, the dictionary's form) when `word` is an accepted variant of a known word."""
    if dictionaries.base_language(language) != "fr" or len(word) < 3:
        return None
    for form in _ligatures(word):
        if dictionaries.knows(language, form):
            return LIGATURE, form
    for form in _reform(word):
        if dictionaries.knows(language, form):
            return REFORM_1990, form
    return None

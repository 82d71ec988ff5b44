"""Is a reader's text made of words at all? Keyboard mashing and pasted junk.

Two signals, both cheap: almost no word known to any dictionary errata has (a report
in German is not garbage: py3langid then recognises a language), and a character mix
no language writes (long runs of consonants or of one character, mostly symbols).
"""

from __future__ import annotations

import re

from errata.triage import dictionaries
from errata.triage.language import detect
from errata.triage.words import words

MIN_LETTERS = 8
_REPEAT = re.compile(r"(.)\1{5,}")
_CONSONANTS = re.compile(r"[bcdfghjklmnpqrstvwxz]{6,}", re.IGNORECASE)


def reasons(text: str) -> list[str]:
    """Why `text` looks like garbage, as codes (symbols, repeated, no_language,
    unpronounceable; rendered by errata.presenters.triage); empty when it reads like
    language."""
    text = text.strip()
    letters = sum(character.isalpha() for character in text)
    if not text:
        return []
    found = []
    if len(text) >= MIN_LETTERS and letters / len(text) < 0.4:
        found.append("symbols")
    if _REPEAT.search(text):
        found.append("repeated")
    if letters < MIN_LETTERS:
        return found
    known = {
        language: sum(dictionaries.knows(language, word) for word in words(text, language))
        for language in dictionaries.available()
    }
    if len(words(text, "en")) > 1 and not any(known.values()) and not detect(text):
        found.append("no_language")
    if _CONSONANTS.search(text) and max(known.values(), default=0) <= 1:
        found.append("unpronounceable")
    return found

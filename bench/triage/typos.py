"""Realistic typos injected into correct text, the way they slip into articles.

Six kinds: a dropped accent, a doubled letter, a dropped letter, two letters swapped,
a number-agreement error (the plural s lost after a plural determiner) and a homophone
(a for à, their for there). The first four usually make a word no dictionary has; the
last two always make a real word, so a dictionary alone cannot see them.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from errata.triage.confusables import HOMOPHONES, PLURAL_DETERMINERS  # the lists the checker knows

KINDS = ("accent", "double", "drop", "swap", "agreement", "homophone")
_VOWELS = set("aeiouy")


@dataclass(frozen=True)
class Typo:
    kind: str
    right: str
    wrong: str


def _strip_accent(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _homophone(word: str, language: str, rng: random.Random) -> str:
    for group in HOMOPHONES[language]:
        if word.lower() in group and "'" not in word:
            choices = sorted(other for other in group - {word.lower()} if "'" not in other)
            if choices:
                return rng.choice(choices)
    return ""


def inject(word: str, previous: str, kind: str, language: str, rng: random.Random) -> str:
    """`word` with one typo of `kind`, or "" when that kind cannot apply to it."""
    inner = range(1, len(word) - 1)
    if kind == "accent":
        stripped = _strip_accent(word)
        accented = (
            [i for i, c in enumerate(word) if c != stripped[i]]
            if len(stripped) == len(word)
            else []
        )
        if not accented:
            return ""
        i = rng.choice(accented)  # one accent dropped, as a hurried keyboard does
        return word[:i] + stripped[i] + word[i + 1 :]
    if len(word) < 4 or not word.isalpha():
        return ""
    if kind == "double":
        i = rng.choice(list(inner))
        return word[: i + 1] + word[i] + word[i + 1 :]
    if kind == "drop":
        i = rng.choice(list(inner))
        return word[:i] + word[i + 1 :]
    if kind == "swap":
        pairs = [i for i in inner if word[i] != word[i + 1]]
        if not pairs:
            return ""
        i = rng.choice(pairs)
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "agreement":
        if (
            previous.lower() in PLURAL_DETERMINERS[language]
            and word.endswith("s")
            and word.islower()
        ):
            return word[:-1]
        return ""
    if kind == "homophone":
        return _homophone(word, language, rng)
    raise ValueError(kind)

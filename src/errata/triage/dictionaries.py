"""Hunspell dictionaries through pyenchant, opened once per process.

errata asks Hunspell (Debian's hunspell-fr, hunspell-en-us, hunspell-en-gb) rather than
whatever provider enchant would pick first: aspell's English list differs from
Hunspell's, and the evaluation in docs/triage.md was measured on Hunspell. English is
checked against American and British spelling together: a word either accepts is right
("color", "colour"), since errata verifies typos, not a house style. A language errata
has no dictionary for is simply not checked (`dictionary()` returns None).
"""

from __future__ import annotations

import logging
import threading
from functools import cache, lru_cache

import enchant  # type: ignore[import-untyped]  # pyenchant ships no type hints

# The dictionary tags for each language errata verifies; a word any of them knows is known.
TAGS = {"fr": ("fr",), "en": ("en_US", "en_GB")}


logger = logging.getLogger(__name__)

# Enchant is not thread-safe: concurrent calls on one Dict crashed threaded gunicorn
# workers (malloc_consolidate aborts, docs/performance.md). Every call goes through this.
_ENCHANT = threading.RLock()


@cache
def _broker() -> enchant.Broker:
    broker = enchant.Broker()
    # Debian's enchant.ordering puts aspell first for en_*; a per-tag order overrides it.
    for tags in TAGS.values():
        for tag in tags:
            broker.set_ordering(tag, "hunspell")
    return broker


def base_language(tag: str) -> str:
    """`fr-CA` → `fr`; errata verifies by base language."""
    return tag.replace("_", "-").split("-")[0].lower()


@cache
def dictionaries(language: str) -> tuple[enchant.Dict, ...]:
    """The language's Hunspell dictionaries installed on this machine."""
    with _ENCHANT:
        return _open_dictionaries(language)


def _open_dictionaries(language: str) -> tuple[enchant.Dict, ...]:
    found = []
    for tag in TAGS.get(base_language(language), ()):
        if _broker().dict_exists(tag):
            checker = _broker().request_dict(tag)
            if checker.provider.name == "hunspell":
                found.append(checker)
    if not found and base_language(language) in TAGS:
        # Not silent: a server without the dictionaries verifies nothing (docs/triage.md).
        logger.warning(
            "No Hunspell dictionary for %r: spelling is not verified in this language. "
            "Install Debian's hunspell-fr, hunspell-en-us and hunspell-en-gb.",
            language,
        )
    return tuple(found)


def dictionary(language: str) -> enchant.Dict | None:
    """The language's main dictionary, or None when errata cannot check it here."""
    found = dictionaries(language)
    return found[0] if found else None


def available() -> list[str]:
    """The languages errata can verify on this machine."""
    return [language for language in TAGS if dictionary(language) is not None]


# Articles repeat their words; asking Hunspell once per word and process halves the cost.
@lru_cache(maxsize=200_000)
def knows(language: str, word: str) -> bool:
    """Whether Hunspell accepts `word` (or, when capitalised, its lower-case form)."""
    checkers = dictionaries(language)
    if not checkers:
        return True
    word = word.replace("’", "'")
    forms = [word]
    if word[:1].isupper():  # "Déploiement" opening a sentence; a headline in capitals
        forms.append(word.lower())
        if word.isupper():
            forms.append(word.capitalize())
    with _ENCHANT:
        return any(checker.check(form) for checker in checkers for form in forms)


_LETTERS = {
    "fr": "abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæ",
    "en": "abcdefghijklmnopqrstuvwxyz",
}


def one_edit_from_known(language: str, word: str) -> bool:
    """Whether a known word is one edit away: a letter dropped, doubled, swapped, changed.

    That is what a typo looks like; an unknown word with no known neighbour is more
    likely jargon or a loan word ("dreusois", "salary"). Norvig's neighbourhood, checked
    word by word against Hunspell (about 15 ms for an 8-letter word, once per word).
    """
    letters = _LETTERS.get(base_language(language), _LETTERS["en"])
    word = word.lower()
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    candidates = (
        [left + right[1:] for left, right in splits if right]
        + [left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1]
        + [left + c + right[1:] for left, right in splits if right for c in letters]
        + [left + c + right for left, right in splits for c in letters]
    )
    return any(
        candidate != word and knows(language, candidate) for candidate in dict.fromkeys(candidates)
    )

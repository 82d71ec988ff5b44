"""Which language a report (comment and suggestion) and an article are written in.

py3langid identifies the language offline from its bundled model (loaded once per
process, about 2 s). It is unreliable on a few words ("il manque un accent" comes out
Spanish), so for short texts errata also counts how many words each Hunspell dictionary
knows and prefers a dictionary that knows nearly all of them. Too little text to tell
gives "" (unknown), never a guess.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf.locale import LANG_INFO

from errata.triage import dictionaries
from errata.triage.words import words

MIN_LETTERS = 12  # below this, no identifier is right often enough to show its answer
CONFIDENT = 0.9  # py3langid's normalised probability above which it is trusted alone
DICTIONARY_SHARE = 0.8  # share of known words that makes a dictionary's language win
NO_LANGUAGE = "zxx"  # py3langid's answer for keyboard mashing
# An article's text overrides its declared language only on this much evidence.
ARTICLE_LETTERS = 200
ARTICLE_CONFIDENT = 0.99


@cache
def _identifier() -> Any:
    from py3langid.langid import (  # type: ignore[import-untyped]  # no type hints
        MODEL_FILE,
        LanguageIdentifier,
    )

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def warm() -> None:
    """Load the model now (e.g. when a worker starts) rather than on the first report."""
    _identifier()


def _by_dictionary(text: str) -> str:
    best, best_share = "", 0.0
    for language in dictionaries.available():
        found = words(text, language)
        if len(found) < 2:
            return ""
        share = sum(dictionaries.knows(language, word) for word in found) / len(found)
        if share > best_share:
            best, best_share = language, share
    return best if best_share >= DICTIONARY_SHARE else ""


def detect(text: str) -> str:
    """The text's base language code (`fr`, `en`, `de` …), or "" when it cannot tell."""
    letters = sum(character.isalpha() for character in text)
    if letters < MIN_LETTERS:
        return ""
    language, probability = _identifier().classify(text)
    if language == NO_LANGUAGE:
        return ""
    if probability >= CONFIDENT or letters > 200:
        return str(language)
    return _by_dictionary(text) or (str(language) if probability >= 0.5 else "")


def article_language(declared: str, text: str, fallback: str = "") -> str:
    """The language an article is written in: the text wins over the page's declaration.

    The detected language replaces the declared one only when the identifier is confident
    on enough text (ARTICLE_LETTERS letters, ARTICLE_CONFIDENT probability): a page's
    `lang` attribute is often a CMS's default, but a misfire on a short or mixed text would
    check an article against the wrong dictionary. A declared tag of the detected language
    is kept as it is (fr-CA stays fr-CA). Otherwise: the declared language, else `fallback`
    (the site's).
    """
    detected = _confident(text)
    if detected and detected != declared.split("-")[0].lower():
        return detected
    return declared or fallback


def _confident(text: str) -> str:
    letters = sum(character.isalpha() for character in text)
    if letters < ARTICLE_LETTERS:
        return ""
    language, probability = _identifier().classify(text)
    if language == NO_LANGUAGE or probability < ARTICLE_CONFIDENT:
        return ""
    return str(language)


def name(code: str) -> str:
    """`de` → "German"; the code itself for a language Django does not name."""
    return str(LANG_INFO.get(code, {}).get("name", code))


def report_language(comment: str, suggestion: str) -> str:
    """The reader's language, from what they wrote themselves (comment first)."""
    return detect(comment) or detect(f"{comment} {suggestion}")

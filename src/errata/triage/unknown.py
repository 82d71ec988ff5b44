"""What a word the dictionary and the site's vocabulary lack may be, and what that proves.

A word nobody knows is not by itself a misspelling: on real French news, most such words
are names not learned yet, English or Latin words, pieces of numbers (« er » of 1er),
inclusive writing (« euse » of chercheur·euse·s) or words glued by the page's markup.
Each unknown word gets a **basis**, the class of evidence its verdict rests on:

| basis | what it means | verdict |
| --- | --- | --- |
| `accent` | a capitalised word with an accent wrong inside it (« Trés », « Georgiens »): a typo no name makes | confirmed |
| `misspelling` | a `near` word the reader's fix replaces with that dictionary word | confirmed |
| `near` | a lower-case word one edit (an accent, a letter dropped, doubled, swapped, changed) from a dictionary word: a typo, or a rare word, a transliteration or an accepted variant that looks like one | possible |
| `name` | capitalised: a name or acronym errata has not learned | possible |
| `foreign` | … or next to a name errata has not learned (« Etmopterus spinax ») | possible |
| `foreign` | a word another language's dictionary knows (« the », « board »), or inside a run of such words (a Latin or English phrase) | possible |
| `inclusive` | a fragment of inclusive writing (« tou·te·s », « élu(e)s », « ami.e.s ») | possible |
| `glued` | two words without a space (« articleLe », « lapolice »): a typo or the markup | possible |
| `reform_1990` | a 1990-reform spelling, on a site that chose the classic one | possible |
| `unknown` | no dictionary word is near it: jargon, a loan word, a rare word | possible |

Pieces of numbers, codes and addresses (« 9ème », « 1er », « H2O », « www.x.fr ») are not
words: they are never flagged. The classes are decided from the word's surroundings in
the article (what touches it without a space, its neighbours), never from lists of words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from errata.triage import dictionaries, variants
from errata.triage.words import Token

MISSPELLING, ACCENT, NEAR = "misspelling", "accent", "near"
NAME, FOREIGN, INCLUSIVE, GLUED, REFORM, UNKNOWN = (
    "name",
    "foreign",
    "inclusive",
    "glued",
    variants.REFORM_1990,
    "unknown",
)
STANDALONE = frozenset({MISSPELLING, ACCENT})  # evidence enough for "confirmed"
NOT_A_WORD = ""  # numbers, codes, addresses: not flagged at all

# Variant policies a site may choose (Site.spelling_variants).
BOTH, CLASSIC = "both", "classic"

_EDGE = "«»\"“”‘’'()[]{},;:!?…–—"
_INCLUSIVE = re.compile(r"[·•∙⋅]|[^\W\d_]\((?:[^\W\d_]{1,5})\)|[a-zà-ÿ]{2}\.[a-zà-ÿ]{1,5}\b")
_CAMEL = re.compile(r"[a-zà-ÿ][-]?[A-ZÀ-Ý]")
_ROMAN_ORDINAL = re.compile(r"^[IVXLCDM]+(?:e|er|re|ème|eme|è|nd|nde)s?$")
_ACCENTS = {
    "a": "àâä",
    "e": "éèêë",
    "i": "îï",
    "o": "ôö",
    "u": "ùûü",
    "c": "ç",
}
_BARE = {accented: plain for plain, group in _ACCENTS.items() for accented in group}


def surface_of(text: str, start: int, end: int) -> str:
    """The run of non-space characters around text[start:end], quotes and commas stripped."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end].strip(_EDGE).rstrip(".")


def _bare(word: str) -> str:
    return "".join(_BARE.get(c, c) for c in word)


def same_letters(word: str, other: str) -> bool:
    """Whether two different words differ only by accents (« camera », « caméra »)."""
    return word.lower() != other.lower() and _bare(word.lower()) == _bare(other.lower())


def _accent_inside(language: str, word: str, first: int = 1) -> bool:
    """Whether changing one accent (from the `first` letter on) makes a dictionary word."""
    lower = word.lower()
    for i in range(first, len(lower)):
        plain = _BARE.get(lower[i], lower[i])
        for other in (plain, *_ACCENTS.get(plain, "")):
            if other != lower[i] and dictionaries.knows(
                language, lower[:i] + other + lower[i + 1 :]
            ):
                return True
    return False


@lru_cache(maxsize=20_000)
def near_known(language: str, word: str) -> bool:
    """One edit from a dictionary word: what a typo looks like (cached per word)."""
    return dictionaries.one_edit_from_known(language, word)


def _foreign(language: str, word: str) -> bool:
    """Whether another language errata has a dictionary for knows `word`."""
    base = dictionaries.base_language(language)
    return any(
        other != base and dictionaries.dictionary(other) is not None and _known_in(other, word)
        for other in dictionaries.TAGS
    )


def _known_in(language: str, word: str) -> bool:
    return dictionaries.knows(language, word)


def _glued(language: str, word: str) -> bool:
    lower = word.lower()
    return any(
        dictionaries.knows(language, lower[:i]) and dictionaries.knows(language, lower[i:])
        for i in range(2, len(lower) - 1)
    )


def basis(
    token: Token,
    surface: str,
    language: str,
    *,
    neighbour_unknown: bool = False,
    variant_policy: str = BOTH,
) -> str:
    """The class of an unknown word (see the module's table); NOT_A_WORD when it is none."""
    word = token.text
    if any(c.isdigit() for c in surface) or "@" in surface or "://" in surface:
        return NOT_A_WORD
    if "www." in surface.lower() or _ROMAN_ORDINAL.match(surface):
        return NOT_A_WORD
    if _INCLUSIVE.search(surface):
        return INCLUSIVE
    found = variants.variant_of(language, word)
    if found is not None:
        kind, _form = found
        if kind == variants.LIGATURE or variant_policy == BOTH:
            return NOT_A_WORD
        return REFORM
    if not token.capitalised and _CAMEL.search(word):
        return GLUED
    if token.capitalised:
        # « Etat » for « État » is French typography (capitals may drop accents); an
        # accent wrong inside the word (« Trés ») is a typo no name makes.
        if (
            not word.isupper()
            and len(word) > 2
            and not _foreign(language, word)  # « The » is not « Thé »
            and _accent_inside(language, word)
        ):
            return ACCENT
        return NAME
    if _foreign(language, word) or neighbour_unknown:
        return FOREIGN
    # A lower-case word one accent (or one letter) from a dictionary word is a typo only
    # when the reader's fix says so: on real text, rare words, transliterations and
    # accepted variants look the same (« agapè », « embryogénèse »; docs/triage.md).
    if near_known(language, word):
        return NEAR
    if _glued(language, word):
        return GLUED
    return UNKNOWN

"""Words as the spelling checks see them: tokens with offsets, elisions split off.

French elides articles and pronouns into the next word (l'OTAN, d'Austin, qu'il); the
dictionary is asked about the word after the apostrophe, so a name learned as "OTAN" is
also known in "l'OTAN". Typographic and straight apostrophes are the same letter here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Letters (any script), inner hyphens and apostrophes: "nord-coréennes", "aujourd'hui".
_WORD = re.compile(r"(?<![\d\w])[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)
_ELISION = re.compile(
    r"^(?P<head>(?:[lLdDjJmMnNsStTcC]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu|[qQ]uoiqu)['’])"
    r"(?P<rest>.+)$"
)
_SENTENCE_END = re.compile(r"[.!?…:]\s*[«»\"“”(]?\s*$|^\s*$|\n\s*$")
_NUMBER = re.compile(r"\d")


@dataclass(frozen=True)
class Token:
    """One word of a text: `text` as written, at [start, end) in code points."""

    text: str
    start: int
    end: int
    sentence_start: bool

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def apostrophes(text: str) -> str:
    return text.replace("’", "'")


def tokens(text: str, language: str = "fr") -> list[Token]:
    """The words of `text`; in French, an elided head (l', qu') is dropped from the word."""
    found: list[Token] = []
    for match in _WORD.finditer(text):
        word, start = match.group(), match.start()
        if language == "fr":
            elided = _ELISION.match(word)
            if elided:
                start += len(elided.group("head"))
                word = elided.group("rest")
        elif word.endswith(("'s", "’s")):
            word = word[:-2]
        before = text[max(0, match.start() - 4) : match.start()]
        found.append(
            Token(
                text=word.strip("'’-"),
                start=start,
                end=start + len(word),
                sentence_start=bool(_SENTENCE_END.search(before)) or match.start() == 0,
            )
        )
    return [token for token in found if token.text]


def words(text: str, language: str = "fr") -> list[str]:
    return [token.text for token in tokens(text, language)]


def has_digit(text: str) -> bool:
    return bool(_NUMBER.search(text))

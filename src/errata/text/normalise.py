"""Plain-text normalisation: NFC, invisible characters removed, whitespace folded.

Offsets into the result count Unicode code points (Python `str` indices). The rule:

1. Unicode NFC, so "e" + U+0301 and "é" are the same text.
2. Soft hyphens (U+00AD), zero-width spaces/joiners (U+200B–U+200D, U+2060) and the BOM
   (U+FEFF) are removed: CMSs insert them invisibly and readers never select them on purpose.
3. CR LF and CR become LF.
4. A line made only of whitespace ends a paragraph; paragraphs are separated by exactly one
   blank line ("\n\n"); a single LF inside a paragraph is a line break and stays.
5. Inside a line, runs of collapsible white space (space, tab, form feed, vertical tab)
   become one space; lines are trimmed. No-break spaces (U+00A0, U+202F) and other Unicode
   spaces are NOT collapsed: French typography puts them before « : ; ! ? » on purpose.
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_COLLAPSIBLE = re.compile(r"[ \t\f\v]+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\f\v]*\n\s*")


def normalise(text: str) -> str:
    """Normalise an article's plain text (see the module docstring for the rule)."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for block in _PARAGRAPH_BREAK.split(text):
        lines = (_COLLAPSIBLE.sub(" ", line).strip(" ") for line in block.split("\n"))
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def normalise_quote(text: str) -> str:
    """Normalise a selection or its context the same way, keeping edge spaces.

    A prefix often ends with a space and a suffix starts with one; trimming them would
    make the context disagree with the article text it was cut from.
    """
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _PARAGRAPH_BREAK.sub("\n\n", text)
    return _COLLAPSIBLE.sub(" ", text)

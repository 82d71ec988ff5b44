"""Plain-text normalisation: NFC, invisible characters removed, white space folded.

Offsets into the result count Unicode code points (Python `str` indices). The rule, also
written in docs/text-normalisation.md and implemented for the browser in
`errata/widget/src/text.js`:

1. Unicode NFC, so "e" + U+0301 and "é" are the same text.
2. Soft hyphens (U+00AD), zero-width spaces (U+200B), word joiners (U+2060) and the BOM
   (U+FEFF) are removed: CMSs insert them invisibly and readers never select them on purpose.
   Zero-width (non-)joiners (U+200C, U+200D) stay: they build emoji such as 👩🏽‍🔬 and
   are spelling in Persian or Hindi.
3. CR LF and CR become LF; tab, vertical tab and form feed become a space.
4. The text is cut into lines at LF. In each line, runs of spaces become one space and the
   line is trimmed of spaces. No-break spaces (U+00A0, U+202F) and the other Unicode spaces
   are kept as they are: French typography puts them before « : ; ! ? » on purpose.
5. A line made only of white space (spaces, no-break spaces included) is blank. Consecutive
   non-blank lines form a paragraph, joined by "\\n"; paragraphs are separated by exactly
   one blank line ("\\n\\n"); blank lines at either end disappear.
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))
_TO_SPACE = str.maketrans("\t\v\f", "   ")
_SPACES = re.compile(" +")
# Python's str.isspace() also counts control characters U+001C–U+001F and U+0085, which
# JavaScript's \s does not; the class is spelled out so both sides agree.
_BLANK = re.compile("[ \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\f\v]*\n[ \t\f\v\n]*")


def _prepare(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_TO_SPACE)


def normalise(text: str) -> str:
    """Normalise an article's plain text (see the module docstring for the rule)."""
    paragraphs: list[str] = []
    lines: list[str] = []
    for raw_line in _prepare(text).split("\n"):
        line = _SPACES.sub(" ", raw_line).strip(" ")
        if _BLANK.fullmatch(line):
            if lines:
                paragraphs.append("\n".join(lines))
                lines = []
        else:
            lines.append(line)
    if lines:
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def normalise_quote(text: str) -> str:
    """Normalise a selection or its context the same way, keeping edge spaces.

    A prefix often ends with a space and a suffix starts with one; trimming them would
    make the context disagree with the article text it was cut from.
    """
    text = _PARAGRAPH_BREAK.sub("\n\n", _prepare(text))
    return _SPACES.sub(" ", text)

"""French typography in a quoted passage: a separate, lower-severity finding.

French puts a no-break space (U+00A0, or the narrow U+202F) before « : ; ! ? » and
inside guillemets, and uses « » rather than straight quotes. A passage that breaks
these rules is worth a silent fix, never a correction notice. English has no such
rules errata checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NO_BREAK = "\u00a0\u202f"
_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "space-before-punctuation",
        re.compile(r"(?<=[^\s\d]) (?=[:;!?»])"),
        "ordinary space before « {char} » (French uses a no-break space)",
    ),
    (
        "missing-space-before-punctuation",
        re.compile(r"(?<=[^\W\d_])(?=[;!?])"),
        "no space before « {char} » (French puts a no-break space there)",
    ),
    (
        "space-after-guillemet",
        re.compile(r"(?<=«) (?=\S)"),
        "ordinary space after « « » (French uses a no-break space)",
    ),
    (
        "straight-quotes",
        re.compile(r"\"(?=[^\"\n]{1,300}\")"),
        "straight quotes where French uses guillemets « »",
    ),
)


@dataclass(frozen=True)
class Issue:
    rule: str
    at: int  # offset in the passage
    message: str
    char: str = ""  # the punctuation the rule is about


def issues(passage: str, language: str) -> list[Issue]:
    """French typographic issues in `passage`; none for other languages."""
    if language != "fr":
        return []
    found: list[Issue] = []
    for rule, pattern, message in _RULES:
        for match in pattern.finditer(passage):
            char = passage[match.end() : match.end() + 1]
            found.append(Issue(rule, match.start(), message.format(char=char), char))
    return sorted(found, key=lambda issue: issue.at)


def only_typography(quote: str, suggestion: str) -> bool:
    """Whether the suggestion differs from the quote only by spaces and quote marks."""

    def bare(text: str) -> str:
        return re.sub(rf"[\s{_NO_BREAK}\"«»“”]", "", text)

    return bool(suggestion.strip()) and quote != suggestion and bare(quote) == bare(suggestion)

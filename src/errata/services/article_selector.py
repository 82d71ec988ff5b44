"""The check of a site's article selector: a CSS selector the widget passes to
`document.querySelector` and `errata check-page` to the article finder.

No CSS selector parser is among errata's dependencies, so the check is a conservative
grammar of its own: the selectors a newsroom writes for an article's container (types,
classes, ids, attributes with or without a quoted value, pseudo-classes, combinators,
comma-separated lists) pass; anything else is refused with the place it goes wrong, rather
than stored and found broken in the readers' browsers. The browser remains the judge of
what matches; `errata check-page` shows it on a real page.
"""

from __future__ import annotations

import re

from errata.errors import invalid
from errata.models.site import ARTICLE_SELECTOR_MAX

_IDENT = r"-?(?:[A-Za-z_]|[^\x00-\x7f])(?:[-\w]|[^\x00-\x7f])*"
_STRING = r"\"[^\"\\\n]*\"|'[^'\\\n]*'"
_SIMPLE = re.compile(
    rf"""
    (?P<type>{_IDENT}|\*)
    | \#(?P<id>-?(?:[-\w]|[^\x00-\x7f])+)
    | \.(?P<class>{_IDENT})
    | \[\s*(?P<attribute>{_IDENT})\s*(?:[~|^$*]?=\s*(?:{_IDENT}|{_STRING})\s*(?:[iIsS]\s*)?)?\]
    | ::?(?P<pseudo>{_IDENT})(?P<arguments>\((?:[^()]|\([^()]*\))*\))?
    """,
    re.VERBOSE,
)
_COMBINATOR = re.compile(r"\s*[>+~]\s*|\s+")
# Pseudo-classes whose argument is itself a selector list, checked the same way.
_SELECTOR_ARGUMENT = {"not", "is", "where", "has"}


def _compound(text: str, at: int) -> int:
    """Where the compound selector starting at `at` ends; -1 when there is none."""
    start = at
    while at < len(text):
        match = _SIMPLE.match(text, at)
        # A type selector only at the start of a compound: `div.a`, not `.adiv`.
        if match is None or (match.group("type") and at != start):
            break
        if match.group("pseudo") and match.group("arguments"):
            inner = match.group("arguments")[1:-1].strip()
            pseudo = match.group("pseudo").lower()
            if pseudo in _SELECTOR_ARGUMENT and _problem(inner, relative=pseudo == "has"):
                return -1
        at = match.end()
    return at if at > start else -1


def _top_level_parts(selector: str) -> list[str]:
    """The selector list split at its commas, not at those inside () or quotes."""
    parts, depth, quote, current = [], 0, "", []
    for character in selector:
        if quote:
            quote = "" if character == quote else quote
        elif character in "\"'":
            quote = character
        elif character == "(":
            depth += 1
        elif character == ")":
            depth -= 1
        elif character == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(character)
    parts.append("".join(current))
    return parts


def _problem(selector: str, relative: bool = False) -> str:
    """What is wrong with a selector list, "" when nothing. `relative`: each selector may
    start with a combinator, as in `:has(> img)`."""
    if not selector.strip():
        return "an empty selector"
    for part in _top_level_parts(selector):
        part = part.strip()
        if not part:
            return "an empty selector between commas"
        lead = _COMBINATOR.match(part) if relative else None
        at = _compound(part, lead.end() if lead else 0)
        while at != -1 and at < len(part):
            combinator = _COMBINATOR.match(part, at)
            if combinator is None or combinator.end() == len(part):
                break
            at = _compound(part, combinator.end())
        if at != len(part):
            place = part[max(at, 0) :][:20] if at > 0 else part[:20]
            return f"not a CSS selector the widget can use, near {place!r}"
    return ""


def checked(selector: str) -> str:
    """The selector, stripped, or a 422 Problem naming `article_selector`; "" is allowed
    and means the widget decides by itself."""
    selector = selector.strip()
    if not selector:
        return ""
    if len(selector) > ARTICLE_SELECTOR_MAX:
        raise invalid("article_selector", "too-long", f"at most {ARTICLE_SELECTOR_MAX} characters")
    if any(ord(character) < 32 or character in "{};\\<@`" for character in selector):
        raise invalid(
            "article_selector",
            "invalid-selector",
            "a CSS selector such as div.article-body, without { } ; \\ < @ or control characters",
        )
    problem = _problem(selector)
    if problem:
        raise invalid("article_selector", "invalid-selector", problem)
    return selector

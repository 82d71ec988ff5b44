"""Finding errata's corrected passage in a page's rich text and replacing it.

errata sends the passage before and after, with a W3C TextQuoteSelector (`exact`, up to 32
characters of `prefix` and `suffix`) taken from the article's visible text. The rich text
is Wagtail's stored HTML, cut here into tags and text runs. The passage must lie inside
one run (a passage across a link or an emphasis is refused: rewriting markup on the
editor's behalf would guess); among its occurrences the one whose surroundings agree best
with the prefix and suffix is replaced, and a tie is refused too. Only that run is
rewritten: every other byte of the HTML, entities included, stays as the editor left it.
Comparisons fold runs of white space, as errata's text normalisation and the browser do.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

# A tag (its attribute values may hold ">"), a comment, or a run of text between them.
_TOKEN = re.compile(r"<!--.*?-->|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>|[^<]+|<", re.DOTALL)
# An entity reference or one character of raw text.
_ATOM = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?|.", re.DOTALL)
_BLOCK = re.compile(
    r"</?(?:p|h[1-6]|li|ul|ol|blockquote|div|figure|figcaption|pre|hr|br|table|tr|td|th)\b",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))


class PassageError(Exception):
    """The passage cannot be replaced safely; the message says why, for the desk."""


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass
class _Run:
    chunk: int  # which HTML fragment (a StreamField has one per rich-text block)
    token: int  # which token of that fragment
    raw: str
    text: str  # unescaped
    starts: list[int]  # raw offset of each character of `text`, and len(raw) at the end
    offset: int  # where `text` starts in the whole visible text


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return _SPACE.sub(" ", text)


def _unescape(raw: str) -> tuple[str, list[int]]:
    text: list[str] = []
    starts: list[int] = []
    for atom in _ATOM.finditer(raw):
        piece = html.unescape(atom.group())
        text.append(piece)
        starts.extend([atom.start()] * len(piece))
    starts.append(len(raw))
    return "".join(text), starts


def _pattern(passage: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in _fold(passage).strip().split(" ")]
    return re.compile(r"\s+".join(words))


def _common_prefix(a: str, b: str) -> int:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return size


def _score(before: str, after: str, quote: Quote) -> int:
    prefix, suffix = _fold(quote.prefix), _fold(quote.suffix)
    before_part, after_part = _fold(before)[-len(prefix) - 1 :], _fold(after)[: len(suffix) + 1]
    return _common_prefix(before_part[::-1], prefix[::-1]) + _common_prefix(after_part, suffix)


def replace(fragments: list[str], old: str, new: str, quote: Quote) -> tuple[int, str]:
    """Replace the occurrence of `old` that `quote` designates, in one of `fragments`
    (HTML); which fragment changed and its new HTML. Raises PassageError."""
    if not _fold(old).strip():
        raise PassageError("The correction has no passage to replace.")
    tokens = [_TOKEN.findall(fragment) for fragment in fragments]
    runs: list[_Run] = []
    visible: list[str] = []
    length = 0
    for chunk, chunk_tokens in enumerate(tokens):
        if chunk:
            visible.append("\n")
            length += 1
        for index, token in enumerate(chunk_tokens):
            if token.startswith("<") and len(token) > 1:
                if _BLOCK.match(token):
                    visible.append("\n")
                    length += 1
                continue
            text, starts = _unescape(token)
            runs.append(_Run(chunk, index, token, text, starts, length))
            visible.append(text)
            length += len(text)
    whole = "".join(visible)
    pattern = _pattern(old)
    candidates = [
        (_score(whole[: run.offset + m.start()], whole[run.offset + m.end() :], quote), run, m)
        for run in runs
        for m in pattern.finditer(unicodedata.normalize("NFC", run.text))
        if len(unicodedata.normalize("NFC", run.text)) == len(run.text)
    ]
    if not candidates:
        if pattern.search(_fold(whole)):
            raise PassageError(
                "The passage spans formatting (a link, emphasis or paragraph break): "
                "it must be corrected by hand."
            )
        raise PassageError("The passage is no longer in the page's text.")
    best = max(score for score, _, _ in candidates)
    chosen = [(run, m) for score, run, m in candidates if score == best]
    if len(chosen) > 1:
        raise PassageError(
            f"The passage occurs {len(chosen)} times and its context does not tell which "
            "one errata means."
        )
    run, match = chosen[0]
    start, end = run.starts[match.start()], run.starts[match.end()]
    escaped = html.escape(new, quote=False)
    chunk_tokens = tokens[run.chunk]
    chunk_tokens[run.token] = run.raw[:start] + escaped + run.raw[end:]
    return run.chunk, "".join(chunk_tokens)

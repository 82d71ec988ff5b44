"""Text content of an HTML document as Apache Annotator sees it, for its test cases.

Apache Annotator matches on the concatenation of the document's text nodes (head
included) and states expectations as (XPath of a text node, offset in UTF-16 units).
errata matches on a plain string with code point offsets, so the third-party tests
convert those expectations with this helper (stdlib ``html.parser`` only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_XPATH = re.compile(r"^//(\w+)/text\(\)(?:\[(\d+)\])?$")


@dataclass
class _Element:
    tag: str
    texts: list[tuple[int, str]] = field(default_factory=list)  # (code point start, data)


class Document(HTMLParser):
    """Parsed document: ``content`` plus a way to resolve Apache's range endpoints."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.content = ""
        self._elements: list[_Element] = []
        self._open: list[_Element] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(tag)
        self._elements.append(element)
        self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1].texts.append((len(self.content), data))
        self.content += data

    def point(self, xpath: str, utf16_offset: int) -> int:
        """Code point offset into ``content`` of (text node ``xpath``, UTF-16 offset in it)."""
        match = _XPATH.match(xpath)
        if match is None:
            raise ValueError(f"unsupported XPath {xpath!r}")
        element = next(e for e in self._elements if e.tag == match.group(1))
        start, data = element.texts[int(match.group(2) or 1) - 1]
        return start + code_points(data, utf16_offset)

    def span(self, expected: dict[str, object]) -> tuple[int, int]:
        """A (start, end) code point span from Apache's {start,end}Container/Offset."""
        return (
            self.point(str(expected["startContainerXPath"]), int(str(expected["startOffset"]))),
            self.point(str(expected["endContainerXPath"]), int(str(expected["endOffset"]))),
        )


def code_points(data: str, utf16_offset: int) -> int:
    """How many code points of ``data`` the first ``utf16_offset`` UTF-16 units hold."""
    units = 0
    for index, character in enumerate(data):
        if units >= utf16_offset:
            return index
        units += 2 if ord(character) > 0xFFFF else 1
    return len(data)

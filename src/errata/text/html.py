"""HTML to article text by the same rule the widget applies to the live DOM.

Block elements end a paragraph, `<br>` breaks a line, and what a reader cannot see
(scripts, styles, templates, `hidden`, `aria-hidden="true"`, inline `display:none`) or
errata's own interface (`data-errata-ui`) contributes nothing.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from errata.text.normalise import normalise

BLOCK_ELEMENTS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
SKIPPED_ELEMENTS = frozenset(
    ["script", "style", "template", "noscript", "head", "title", "svg", "math", "iframe"]
)
VOID_ELEMENTS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.IGNORECASE)


def _hides(tag: str, attrs: dict[str, str | None]) -> bool:
    return (
        tag in SKIPPED_ELEMENTS
        or "hidden" in attrs
        or attrs.get("aria-hidden") == "true"
        or "data-errata-ui" in attrs
        or bool(_DISPLAY_NONE.search(attrs.get("style") or ""))
    )


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden)

    @property
    def hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        hidden = self.hidden or _hides(tag, dict(attrs))
        if tag == "br":
            if not hidden:
                self.parts.append("\n")
            return
        if tag in BLOCK_ELEMENTS and not hidden:
            self.parts.append("\n\n")
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self.hidden:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        # Pop back to the matching start tag; stray end tags are ignored, as browsers do.
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        if tag in BLOCK_ELEMENTS and not self.hidden:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            # Source newlines are white space in HTML, not line breaks.
            self.parts.append(data.replace("\r", " ").replace("\n", " "))


def html_to_text(html: str) -> str:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return normalise("".join(collector.parts))

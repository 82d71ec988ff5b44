"""HTML to article text by the same rule the widget applies to the live DOM.

Block elements end a paragraph, `<br>` breaks a line, and what a reader cannot see or is
not prose (scripts, styles, templates, media fallbacks, form controls, `hidden`,
`aria-hidden="true"`, inline `display:none`) or errata's own interface (`data-errata-ui`)
contributes nothing. The widget decides from the same attributes, never from computed
styles, so that a CMS's HTML and the reader's page give the same text.
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
    [
        "audio",
        "button",
        "canvas",
        "head",
        "iframe",
        "math",
        "noscript",
        "object",
        "script",
        "select",
        "style",
        "svg",
        "template",
        "textarea",
        "title",
        "video",
    ]
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
# What an HTML5 parser closes implicitly, so that `<p hidden>a<div>b` hides only "a" here
# as in the browser: a block start tag closes an open <p> ("p in button scope"), an <li>
# closes the open <li> of its list. The search stops at the elements that bound a scope.
CLOSES_PARAGRAPH = BLOCK_ELEMENTS - {"body", "caption", "tbody", "td", "tfoot", "th", "thead", "tr"}
SCOPE_BOUNDARIES = frozenset(
    ["applet", "button", "caption", "html", "marquee", "object", "table", "td", "template", "th"]
)
# Around an article but not of it: navigation, asides, forms (login, paywall, newsletter)
# and footers; and what a class or id names as comments, "read also" lists, share bars or
# promotions, in a whole word between spaces, hyphens or underscores. Not <body> nor
# <main>: their classes describe the page ("paywall", "has-comments", "js-social-anchor"),
# not a block of it; nor what schema.org marks as the article's body, whatever its names.
LEFT_OUT_ELEMENTS = frozenset(["aside", "footer", "form", "nav"])
LEFT_OUT_NAMES = re.compile(
    r"(?:^|[\s_-])(?:comments?|related|share|social|promo|newsletter|lire-?aussi)(?:[\s_-]|$)",
    re.IGNORECASE,
)
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_HTML_SPACE = str.maketrans("\t\n\f\r", "    ")


def hides(tag: str, attrs: dict[str, str | None], *, forms: bool = True) -> bool:
    """Whether an element and its content are left out of the text (`forms`: whether a
    <form> is; finding the article counts a page wrapped in one form as a page)."""
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return (
        tag in SKIPPED_ELEMENTS
        or (tag in LEFT_OUT_ELEMENTS and (forms or tag != "form"))
        or "hidden" in attrs
        or (attrs.get("aria-hidden") or "").lower() == "true"
        or "data-errata-ui" in attrs
        or bool(_DISPLAY_NONE.search(attrs.get("style") or ""))
        or (
            tag not in ("body", "main")
            and "articleBody" not in (attrs.get("itemprop") or "").split()
            and bool(LEFT_OUT_NAMES.search(names))
        )
    )


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden)

    @property
    def hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def _close(self, tag: str) -> None:
        # Pop back to the matching start tag; stray end tags are ignored, as browsers do.
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                # A hidden block contributes nothing, not even the break after it.
                hidden = self.stack[index][1]
                del self.stack[index:]
                if tag in BLOCK_ELEMENTS and not hidden:
                    self.parts.append("\n\n")
                return

    def _in_scope(self, tag: str, boundaries: frozenset[str]) -> bool:
        for name, _ in reversed(self.stack):
            if name == tag:
                return True
            if name in boundaries:
                return False
        return False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in CLOSES_PARAGRAPH and self._in_scope("p", SCOPE_BOUNDARIES):
            self._close("p")
        if tag == "li" and self._in_scope("li", SCOPE_BOUNDARIES | {"ol", "ul"}):
            self._close("li")
        hidden = self.hidden or hides(tag, dict(attrs))
        if tag == "br":
            if not hidden:
                self.parts.append("\n")
            return
        if tag in BLOCK_ELEMENTS and not hidden:
            self.parts.append("\n\n")
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # XHTML-style `<br/>`; on other elements the slash means nothing in HTML.
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            # A stray `</br>` is a line break in browsers; other void end tags are ignored.
            if tag == "br" and not self.hidden:
                self.parts.append("\n")
            return
        self._close(tag)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            # Source newlines and tabs are white space in HTML, not line breaks.
            self.parts.append(data.translate(_HTML_SPACE))


def html_to_text(html: str) -> str:
    """The normalised text of an HTML fragment or document (docs/text-normalisation.md)."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return normalise("".join(collector.parts))

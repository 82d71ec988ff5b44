"""Which part of a page is the article: the rule the widget applies to the live DOM.

The widget (src/errata/widget/src/article.js) and this module decide alike; both run
`tests/fixtures/text/article-vectors.json`. The order of evidence, strongest first:

1. `[data-errata-article]`, the publisher's explicit marker;
2. the site's article selector (`article_selector` in the widget's configuration);
3. schema.org `[itemprop~=articleBody]`;
4. a score of candidate containers in the spirit of Readability: each paragraph's
   characters outside links count for its parent, and half for its grandparent; the
   container's link density counts against; the best container then becomes the common
   parent of its sibling blocks while what they add is mostly prose (paragraphs and list
   items), besides a few headings and labels, never above `<main>`;
5. the whole page (`<body>`), when nothing holds a paragraph of prose.

Found by 3 or 4, the container widens to the nearest ancestor holding the page's headline
(`<h1>`) when that adds little text: the headline and the standfirst are reportable too.
The text is the shared rule's (errata/text/html.py), which leaves out navigation, asides,
forms, footers, comment threads, "read also" blocks, share bars and errata's own UI: what
class and id names as such never counts, neither for the text nor for the score.
docs/widget.md ("Finding the article") explains the choices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

import lxml.html
from cssselect import SelectorError
from lxml.etree import ParserError, _Element

from errata.text.html import BLOCK_ELEMENTS, hides, html_to_text

EVIDENCE = ("marker", "selector", "articleBody", "score", "page")
PARAGRAPHS = frozenset(["p", "pre", "td"])
MIN_PARAGRAPH = 25  # non-space characters: shorter lines are labels, not prose
# What joining sibling blocks may add besides prose: a step's or a section's heading, a
# "Read more" link, a slideshow's counter (non-space characters, all levels together).
LABELS = 100
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class ArticleFound:
    """The article errata found on a page, and why that element."""

    text: str  # the normalised reportable text, as the widget sends it
    evidence: str  # one of EVIDENCE
    reason: str  # a sentence for a human: why this element
    description: str  # a CSS-like path of the element, e.g. "body > div#main > article"
    language: str = ""  # the nearest `lang` on the element or above it, as the widget reads it


def find(html: str, *, selector: str = "") -> ArticleFound | None:
    """The article of the HTML document `html`, or None when it has no body to read."""
    try:
        document = lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return None
    body = document.find("body")
    if body is None:
        return None
    page = _Page(document)
    root, evidence, reason = page.choose(selector.strip())
    if evidence in ("articleBody", "score"):
        root, widened = page.widen(root)
        if widened:
            reason += " Widened to include the headline."
    return ArticleFound(
        text=html_to_text(_inner_html(root)),
        evidence=evidence,
        reason=reason,
        description=describe(root),
        language=_declared_language(root),
    )


def _declared_language(element: _Element) -> str:
    """The widget's `root.closest("[lang]")?.lang`: the article's declared language."""
    for node in (element, *element.iterancestors()):
        if node.get("lang") is not None:
            return (node.get("lang") or "").strip()
    return ""


class _Page:
    def __init__(self, document: _Element) -> None:
        self.document = document
        self.body = document.find("body")
        self.chars: dict[_Element, int] = {}  # visible non-space characters
        self.linked: dict[_Element, int] = {}  # of which inside links
        self.visible: list[_Element] = []  # in document order
        self._measure(self.document, False)

    def _measure(self, element: _Element, in_link: bool) -> tuple[int, int]:
        chars = linked = 0
        self.visible.append(element)
        in_link = in_link or element.tag == "a"
        if element.text:
            chars += _count(element.text)
        for child in element:
            if isinstance(child.tag, str) and not hides(child.tag, dict(child.attrib), forms=False):
                c, a = self._measure(child, in_link)
                chars, linked = chars + c, linked + a
            if child.tail:
                chars += _count(child.tail)
        if in_link:
            linked = chars
        self.chars[element], self.linked[element] = chars, linked
        return chars, linked

    def choose(self, selector: str) -> tuple[_Element, str, str]:
        marked = self._first("[data-errata-article]")
        if marked is not None:
            return marked, "marker", "The page marks its article with data-errata-article."
        if selector:
            chosen = self._first(selector)
            if chosen is not None:
                return chosen, "selector", f"The site's article selector {selector} matches."
        marked = self._first("[itemprop~=articleBody]")
        if marked is not None:
            return marked, "articleBody", "schema.org itemprop=articleBody marks the text."
        return self._score()

    def _first(self, selector: str) -> _Element | None:
        try:
            found = self.document.cssselect(selector)
        except (SelectorError, SyntaxError):
            return None
        return next((e for e in found if e in self.chars), None)

    def _score(self) -> tuple[_Element, str, str]:
        scores: dict[_Element, float] = {}
        prose: dict[_Element, int] = {}  # of paragraphs and list items, outside links, within
        for element in self.visible:
            if self.chars[element] < MIN_PARAGRAPH or not (
                _is_paragraph(element) or (element.tag == "li" and _is_leaf(element))
            ):
                continue
            points = self.chars[element] - self.linked[element]
            for above in element.iterancestors():
                prose[above] = prose.get(above, 0) + points
            if element.tag == "li":
                continue  # prose for joining blocks, but no score: menus are lists too
            parent = element.getparent()
            for share in (1, 0.5):  # the parent's, half for the grandparent
                if parent is None or parent.tag == "html":
                    break
                scores[parent] = scores.get(parent, 0) + points * share
                parent = parent.getparent()
        final = {e: score * (1 - self.linked[e] / self.chars[e]) for e, score in scores.items()}
        best = max(final, key=final.__getitem__, default=None)  # the first of equals
        if best is None:
            return self.body, "page", "No container holds paragraphs of prose: the whole page."
        top = final[best]
        chosen, joined = best, False
        # An article split in sibling blocks (sections, steps, a slideshow, blocks between
        # ads): their common parent, up to the highest ancestor that adds prose while what
        # it adds is at least half prose, besides LABELS; not above <main>, the page's own
        # word for where its content ends. The text rule leaves out the siblings that are
        # navigation, asides, comments, related or share blocks.
        element, parent = best, best.getparent()
        while element.tag != "main" and parent is not None and parent.tag not in ("body", "html"):
            added = self.chars[parent] - self.chars[best]
            if 2 * (prose[parent] - prose[best]) + LABELS < added:
                break
            if prose[parent] > prose[chosen]:
                chosen, joined = parent, True
            element, parent = parent, parent.getparent()
        return (
            chosen,
            "score",
            (
                f"The best of {len(scores)} candidate containers (score {top:.1f}, "
                f"{self.chars[best]} characters, {self.linked[best] / self.chars[best]:.0%} in links)"
                + (", with its sibling blocks." if joined else ".")
            ),
        )

    def widen(self, root: _Element) -> tuple[_Element, bool]:
        """The nearest ancestor holding the headline, when that adds little text."""
        if any(h in self.chars for h in root.iter("h1")):
            return root, False
        headline = None
        for element in self.visible:
            if element is root:
                break
            if element.tag == "h1":
                headline = element
        if headline is None:
            return root, False
        ancestors = set(root.iterancestors())
        common = next(a for a in headline.iterancestors() if a in ancestors)
        added = self.chars[common] - self.chars[root]
        if added > max(600, self.chars[root] // 4):
            return root, False
        return common, True


def _count(text: str) -> int:
    return len(text) - len(_SPACE.findall(text))


def _is_paragraph(element: _Element) -> bool:
    return element.tag in PARAGRAPHS or (element.tag == "div" and _is_leaf(element))


def _is_leaf(element: _Element) -> bool:
    return not any(isinstance(c.tag, str) and c.tag in BLOCK_ELEMENTS for c in element)


def _inner_html(root: _Element) -> str:
    parts = [escape(root.text or "")]
    parts += [lxml.html.tostring(c, encoding="unicode", with_tail=True) for c in root]
    return f"<div>{''.join(parts)}</div>"


def describe(element: _Element) -> str:
    """A CSS-like path of `element` from <body>, e.g. "body > div#main > article.post"."""
    steps = []
    for e in [element, *element.iterancestors()]:
        if e.tag == "html":
            break
        step = str(e.tag)
        if e.get("id"):
            step += "#" + str(e.get("id")).strip()
        elif (e.get("class") or "").split():
            step += "." + str(e.get("class")).split()[0]
        steps.append(step)
    return " > ".join(reversed(steps))

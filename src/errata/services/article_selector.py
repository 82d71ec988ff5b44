"""The check of a site's article selector: a CSS selector the widget passes to
`document.querySelector` and the article finder (`errata.text.article`) to lxml.

It must parse, and translate, with cssselect, the library the finder applies it with, so
that `errata check-page` sees what the widget sees; a selector only a browser understands
(`:hover`, `:has()`) would silently do nothing on the server's side. Braces, semicolons,
backslashes and `<` are refused too: they have no place in the selector of an article's
container, and refusing them keeps the value harmless wherever it is shown.
"""

from __future__ import annotations

from cssselect import GenericTranslator, SelectorError

from errata.errors import invalid
from errata.models.site import ARTICLE_SELECTOR_MAX

FIELD = "article_selector"
_FORBIDDEN = frozenset("{};\\<@`")


def checked(selector: str) -> str:
    """The selector, stripped, or a 422 Problem naming `article_selector`; "" is allowed
    and means the widget decides by itself."""
    selector = selector.strip()
    if not selector:
        return ""
    if len(selector) > ARTICLE_SELECTOR_MAX:
        raise invalid(FIELD, "too-long", f"at most {ARTICLE_SELECTOR_MAX} characters")
    if any(ord(character) < 32 or character in _FORBIDDEN for character in selector):
        raise invalid(
            FIELD,
            "invalid-selector",
            "a CSS selector such as div.article-body, without { } ; \\ < @ ` or control characters",
        )
    try:
        GenericTranslator().css_to_xpath(selector)
    except SelectorError as error:
        raise invalid(
            FIELD, "invalid-selector", f"not a CSS selector errata can apply ({error})"
        ) from None
    return selector

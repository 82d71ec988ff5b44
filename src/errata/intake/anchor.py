"""Step 8: where exactly the quoted passage is in the article's text.

A quote that cannot be found (or only weakly, under the anchoring minimum score) is
refused: attaching a report to the wrong passage is worse than asking again.
"""

from __future__ import annotations

from errata.anchoring import Orphan, Span, TextQuoteSelector, anchor
from errata.errors import invalid
from errata.intake.submission import QuoteSelection
from errata.text import normalise_quote


def selector_of(selection: QuoteSelection, *, with_position: bool = True) -> TextQuoteSelector:
    """The reader's selection under the same text rule as the article it is anchored in."""
    return TextQuoteSelector(
        exact=normalise_quote(selection.exact).strip(),
        prefix=normalise_quote(selection.prefix),
        suffix=normalise_quote(selection.suffix),
        start=selection.start if with_position else None,
        end=selection.end if with_position else None,
    )


def locate(selection: QuoteSelection, text: str) -> Span | None:
    """The passage's span in `text`; None for a report about the whole article."""
    selector = selector_of(selection)
    if not selector.exact:
        return None
    result = anchor(selector, text)
    if isinstance(result, Orphan):
        raise invalid(
            "selector.exact",
            "quote-not-found",
            "the quoted passage is not in the article's text"
            + (f" ({result.detail})" if result.detail else ""),
        )
    return Span.of(result)

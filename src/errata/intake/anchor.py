"""Step 5: where exactly the quoted passage is in the article's text.

A quote that cannot be found (or only weakly, under the anchoring minimum score) is
refused: attaching a report to the wrong passage is worse than asking again.
"""

from __future__ import annotations

from errata.anchoring import Orphan, TextQuoteSelector, anchor
from errata.errors import invalid
from errata.intake.submission import Intake, QuoteSelection, Span
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


def locate(intake: Intake) -> None:
    selector = selector_of(intake.submission.selection)
    if not selector.exact:
        intake.span = None  # a report about the whole article
        return
    assert intake.version is not None
    result = anchor(selector, intake.version.text)
    if isinstance(result, Orphan):
        raise invalid(
            "selector.exact",
            "quote-not-found",
            "the quoted passage is not in the article's text"
            + (f" ({result.detail})" if result.detail else ""),
        )
    intake.span = Span(result.start, result.end, result.score, str(result.method))

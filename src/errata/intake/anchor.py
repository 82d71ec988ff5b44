"""Step 5: where exactly the quoted passage is in the article's text.

A quote that cannot be found (or only weakly, under the anchoring minimum score) is
refused: attaching a report to the wrong passage is worse than asking again.
"""

from __future__ import annotations

from errata.anchoring import Orphan, TextQuoteSelector, anchor
from errata.errors import invalid
from errata.intake.submission import Intake, Span
from errata.text import normalise_quote


def locate(intake: Intake) -> None:
    selection = intake.submission.selection
    exact = normalise_quote(selection.exact).strip()
    if not exact:
        intake.span = None  # a report about the whole article
        return
    assert intake.version is not None
    result = anchor(
        TextQuoteSelector(
            exact=exact,
            prefix=normalise_quote(selection.prefix),
            suffix=normalise_quote(selection.suffix),
            start=selection.start,
            end=selection.end,
        ),
        intake.version.text,
    )
    if isinstance(result, Orphan):
        raise invalid(
            "selector.exact",
            "quote-not-found",
            "the quoted passage is not in the article's text"
            + (f" ({result.detail})" if result.detail else ""),
        )
    intake.span = Span(result.start, result.end, result.score, str(result.method))

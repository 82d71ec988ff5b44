"""The passage a report is about, as the article's text has it, with what checks need.

Built from the anchored span in the version's text (or the reader's quote when the report
is about the whole article), the text before it (for agreement rules), the article's
language (detected from its text when unknown) and its publication date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from errata.anchoring import Span
from errata.triage.dictionaries import base_language
from errata.triage.language import detect

BEFORE = 64  # characters before the passage the agreement rules may look at


@dataclass(frozen=True)
class Passage:
    text: str
    start: int
    end: int
    before: str
    article_text: str
    language: str
    published: date | None  # None when the article's publication date is not known


def passage_in(
    article_text: str,
    span: Span | None,
    *,
    quote: str,
    prefix: str,
    article_language: str,
    site_language: str,
    published_at: datetime | None,
) -> Passage:
    """The passage at `span` in `article_text`; the reader's `quote` when there is no span."""
    language = base_language(article_language) if article_language else ""
    if not language:
        language = detect(article_text[:2000]) or (
            base_language(site_language) if site_language else ""
        )
    # Only the publisher's date: when errata first saw the article says nothing of when it
    # was written, and today's date would make « mardi 24 septembre » of an older article
    # an impossible date.
    published = timezone.localdate(published_at) if published_at else None
    if span is not None:
        start, end = span.start, span.end
        return Passage(
            text=article_text[start:end],
            start=start,
            end=end,
            before=article_text[max(0, start - BEFORE) : start],
            article_text=article_text,
            language=language,
            published=published,
        )
    return Passage(quote, 0, len(quote), prefix, article_text, language, published)

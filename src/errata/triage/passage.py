"""The passage a report is about, as the article's text has it, with what checks need.

Built from the intake after the `anchor` step: the anchored span in the version's text
(or the reader's quote when the report could not be anchored), the text before it (for
agreement rules), the article's language (detected from its text when unknown) and its
publication date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from errata.intake.submission import Intake
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


def passage_of(intake: Intake) -> Passage:
    version, article, span = intake.version, intake.article, intake.span
    article_text = version.text if version is not None else ""
    language = base_language(article.language) if article is not None and article.language else ""
    if not language:
        language = detect(article_text[:2000]) or (
            base_language(intake.site.language) if intake.site else ""
        )
    published = None
    if article is not None:
        # Only the publisher's date: when errata first saw the article says nothing of
        # when it was written, and today's date would make « mardi 24 septembre » of an
        # older article an impossible date.
        when = article.published_at
        published = timezone.localdate(when) if when else None
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
    quote = intake.submission.selection.exact
    return Passage(
        quote, 0, len(quote), intake.submission.selection.prefix, article_text, language, published
    )

"""`POST /api/v1/reports`: what the widget sends and what it gets back."""

from __future__ import annotations

from ninja import Schema
from pydantic import ConfigDict, Field

from errata.intake import limits, proof
from errata.models import Category


class SelectorIn(Schema):
    """W3C TextQuoteSelector (exact, prefix, suffix) with TextPositionSelector offsets.

    Offsets count Unicode code points in the article text (docs/text-normalisation.md).
    Leave `exact` empty to report about the whole article.
    """

    model_config = ConfigDict(extra="forbid")

    exact: str = Field("", max_length=limits.QUOTE_MAX)
    prefix: str = Field("", max_length=limits.CONTEXT_MAX)
    suffix: str = Field("", max_length=limits.CONTEXT_MAX)
    start: int | None = Field(None, ge=0, le=limits.OFFSET_MAX)
    end: int | None = Field(None, ge=0, le=limits.OFFSET_MAX)


class ArticleIn(Schema):
    """The article as the reader saw it. `text` is required when errata does not know it."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(..., min_length=1, max_length=limits.URL_MAX)
    title: str = Field("", max_length=limits.TITLE_MAX)
    lang: str = Field("", max_length=limits.LANGUAGE_MAX)
    text: str = Field("", max_length=limits.ARTICLE_TEXT_MAX)


class ReportIn(Schema):
    model_config = ConfigDict(extra="forbid")

    site: str = Field(..., min_length=1, max_length=limits.SITE_KEY_MAX, description="Public key")
    article: ArticleIn
    selector: SelectorIn = Field(default_factory=lambda: SelectorIn.model_validate({}))
    category: Category
    comment: str = Field("", max_length=limits.COMMENT_MAX, description="What is wrong")
    suggestion: str = Field("", max_length=limits.SUGGESTION_MAX, description="What it should say")
    email: str = Field("", max_length=limits.EMAIL_MAX, description="Optional, for an answer")
    language: str = Field("", max_length=limits.LANGUAGE_MAX, description="Reader's language")
    website: str = Field("", max_length=limits.HONEYPOT_MAX, description="Leave empty")
    fill_time_ms: int | None = Field(
        None, ge=0, le=limits.FILL_TIME_MAX_MS, description="Time spent in the form"
    )
    altcha: str = Field(
        "",
        max_length=proof.PAYLOAD_MAX,
        description="The widget's solved proof-of-work challenge (base64 JSON, altcha v1)",
    )


class ReportReceiptOut(Schema):
    reference: str = Field(
        description=(
            "The reference to quote in any correspondence: reserved for this report, it "
            "becomes its case's reference when the report opens one"
        )
    )
    status: str = Field(description="The report's status: received")
    message: str = Field(description="A message for the reader, in the article's language")
    language: str

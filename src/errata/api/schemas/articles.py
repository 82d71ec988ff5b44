"""`PUT /api/v1/articles`: what a publisher's CMS sends and what it gets back."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import AwareDatetime, ConfigDict, Field

from errata.intake import limits

# A CMS sends whole articles: far longer than a reader's snapshot, still bounded. The
# request body must also fit in DATA_UPLOAD_MAX_MEMORY_SIZE (1 MiB by default).
CMS_TEXT_MAX = 1_000_000


class ArticlePushIn(Schema):
    """One article as the publisher's CMS has it. Give exactly one of `text` or `html`."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(..., min_length=1, max_length=limits.URL_MAX, description="Canonical URL")
    title: str = Field(..., min_length=1, max_length=limits.TITLE_MAX)
    lang: str = Field(
        ...,
        max_length=limits.LANGUAGE_MAX,
        pattern=limits.LANGUAGE_PATTERN,
        description="BCP 47 language tag, e.g. fr or en-GB",
    )
    published_at: AwareDatetime | None = Field(None, description="ISO 8601 with a time zone")
    cms_id: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        pattern=r"^[\x21-\x7e]+$",
        description="The CMS's own id for the article (a post or page ID); webhooks carry it",
    )
    text: str | None = Field(
        None,
        max_length=CMS_TEXT_MAX,
        description="Plain text; paragraphs separated by a blank line",
    )
    html: str | None = Field(
        None, max_length=CMS_TEXT_MAX, description="The article body's HTML (scripts ignored)"
    )


class PushedArticleOut(Schema):
    url: str
    title: str
    lang: str
    source: str = Field(description="Who vouches for the text: cms after a push")
    cms_id: str = Field(description="The CMS's id for the article, as last pushed; may be empty")


class PushedVersionOut(Schema):
    id: int
    text_hash: str = Field(description="SHA-256 of the normalised text")
    created: bool = Field(description="False when the normalised text was already the latest")
    created_at: datetime


class ArticlePushOut(Schema):
    article: PushedArticleOut
    version: PushedVersionOut
    changed: bool = Field(description="True when this push created a new version")

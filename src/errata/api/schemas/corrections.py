"""`GET /api/v1/corrections`: the question (site, article URL) and the published answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field

from errata.intake import limits
from errata.models import CmsState, CorrectionKind


class CorrectionsQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    site: str = Field(..., min_length=1, max_length=limits.SITE_KEY_MAX, description="Public key")
    url: str = Field(..., min_length=1, max_length=limits.URL_MAX, description="Article URL")


class CorrectedArticleOut(Schema):
    url: str = Field(description="The canonical URL (no fragment, lower-case host)")
    title: str
    lang: str


class PublishedCorrectionOut(Schema):
    id: str = Field(description="Stable public identifier (UUID)")
    kind: CorrectionKind
    label: str = Field(description="The kind in the response's language")
    notice: str = Field(description="The correction notice, plain text")
    passage_before: str
    passage_after: str
    published_at: datetime


class ArticleCorrectionsOut(Schema):
    article: CorrectedArticleOut | None = Field(description="null when errata does not know it")
    language: str = Field(description="Language of the labels: the article's, fr or en")
    corrections: list[PublishedCorrectionOut] = Field(description="Newest first")
    jsonld: dict[str, Any] | None = Field(
        description="schema.org NewsArticle with its CorrectionComments, ready to embed"
    )


class CmsStateIn(Schema):
    """What the publisher's CMS did with a correction errata sent it by webhook."""

    model_config = ConfigDict(extra="forbid")

    state: CmsState = Field(
        description="applied, or needs_manual_edit when the CMS could not apply it"
    )
    detail: str = Field("", max_length=500, description="Why, in a sentence, for the desk")
    revision: str = Field(
        "", max_length=100, description="The CMS's revision that carries the correction"
    )


class CmsStateOut(Schema):
    correction: str = Field(description="The correction's public id")
    state: CmsState
    detail: str
    revision: str
    reported_at: datetime

"""`GET /api/v1/corrections`: the question (site, article URL) and the published answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field

from errata.intake import limits
from errata.models import CorrectionKind


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

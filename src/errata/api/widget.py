"""`GET /api/v1/widget-config` and its proof-of-work challenge: what the widget asks
before sending a report. Public reads, open to every origin (api/cors.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from errata.api.problems import PROBLEM_RESPONSES
from errata.intake import limits
from errata.widget import config

router = Router(tags=["widget"])
# Short: a site that turns proof of work on is obeyed within minutes.
CONFIG_CACHE_CONTROL = "public, max-age=300"


class SiteQuery(Schema):
    site: str = Field(..., min_length=1, max_length=limits.SITE_KEY_MAX, description="Public key")


class SiteOut(Schema):
    key: str
    name: str
    language: str


class ProofOfWorkOut(Schema):
    required: bool
    algorithm: str
    max_number: int


class WidgetConfigOut(Schema):
    site: SiteOut
    categories: list[str] = Field(description="The report categories the server accepts")
    limits: dict[str, int] = Field(description="Maximum lengths, in code points")
    languages: list[str] = Field(description="Languages the served widget.js speaks")
    strings_version: str
    widget_version: str = Field(description="The ETag of the widget.js this server serves")
    proof_of_work: ProofOfWorkOut
    article_selector: str = Field(
        description="The site's CSS selector of the article's container, tried right after "
        '`[data-errata-article]`; "" when the site has none'
    )


class ChallengeOut(Schema):
    """An altcha (v1) challenge: find n ≤ maxNumber with SHA-256(salt + n) = challenge."""

    algorithm: str
    challenge: str
    maxNumber: int  # altcha's wire format, camelCase
    salt: str
    signature: str


@router.get("/widget-config", response={200: WidgetConfigOut, **PROBLEM_RESPONSES})
def widget_config(
    request: HttpRequest, response: HttpResponse, query: Query[SiteQuery]
) -> WidgetConfigOut:
    """Categories, limits, languages and proof-of-work parameters for one site's widget."""
    found = config.widget_config(query.site)
    response["Cache-Control"] = CONFIG_CACHE_CONTROL
    return WidgetConfigOut(
        site=SiteOut(key=found.site.public_key, name=found.site.name, language=found.site.language),
        categories=found.categories,
        limits=found.limits,
        languages=found.languages,
        strings_version=found.strings_version,
        widget_version=found.widget_version,
        proof_of_work=ProofOfWorkOut(**found.proof_of_work),
        article_selector=found.site.article_selector,
    )


@router.get("/widget-config/challenge", response={200: ChallengeOut, **PROBLEM_RESPONSES})
def widget_challenge(
    request: HttpRequest, response: HttpResponse, query: Query[SiteQuery]
) -> ChallengeOut:
    """A fresh, single-use proof-of-work challenge; never cached."""
    challenge = ChallengeOut(**config.challenge(query.site))
    response["Cache-Control"] = "no-store"
    return challenge

"""The JSON API (django-ninja): `/api/v1/…`, its OpenAPI document and reference page."""

from __future__ import annotations

from ninja import NinjaAPI

from errata import __version__
from errata.api import articles, cases, corrections, problems, reports, widget

api = NinjaAPI(
    title="errata API",
    version=__version__,
    description=(
        "Readers report errors in news articles; publishers push articles and read "
        "corrections. Every error is `application/problem+json` (see docs/api.md)."
    ),
    urls_namespace="api",
    parser=problems.StrictJSONParser(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
problems.install(api)
api.add_router("/v1", reports.router)
api.add_router("/v1", articles.router)
api.add_router("/v1", corrections.router)
api.add_router("/v1", widget.router)
api.add_router("/v1", cases.router)

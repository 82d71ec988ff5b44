"""The JSON API (django-ninja): `/api/v1/…`, its OpenAPI document and reference page."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from errata import __version__
from errata.api import articles, cases, corrections, problems, reports, widget


class ErrataAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        problems.label_problems(schema)
        return schema


api = ErrataAPI(
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

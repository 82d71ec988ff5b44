"""`GET /api/v1/corrections`: the published corrections of one article, for anyone.

The widget asks on every page view, so answers are cacheable (60 s, ETag, Last-Modified)
and CORS-open (`errata.api.cors`).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from ninja import Query, Router

from errata.api.problems import PROBLEM_RESPONSES
from errata.api.schemas.corrections import ArticleCorrectionsOut, CorrectionsQuery
from errata.presenters.corrections import article_corrections_json
from errata.services import corrections

router = Router(tags=["corrections"])
MAX_AGE_SECONDS = 60
# Escaped so that the JSON (notices, JSON-LD) can be pasted into a <script> element as is.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def cached_json(
    request: HttpRequest, data: dict[str, Any], last_modified: datetime | None
) -> HttpResponse:
    """A public, briefly cacheable JSON response; 304 when the client's copy is current."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)
    etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    timestamp = int(last_modified.timestamp()) if last_modified else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    conditional = get_conditional_response(
        request, etag=etag, last_modified=timestamp, response=response
    )
    return conditional or response


@router.get(
    "/corrections",
    response={200: ArticleCorrectionsOut, 304: None, **PROBLEM_RESPONSES},
)
def article_corrections(request: HttpRequest, query: Query[CorrectionsQuery]) -> HttpResponse:
    """The published corrections of the article at `url`, newest first, with JSON-LD.

    An article errata does not know has none: 200 with an empty list.
    """
    found = corrections.article_corrections(site_key=query.site, url=query.url)
    payload = ArticleCorrectionsOut.model_validate(article_corrections_json(found))
    latest = max((c.published_at for c in found.corrections if c.published_at), default=None)
    return cached_json(request, payload.model_dump(mode="json"), latest)

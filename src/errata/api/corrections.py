"""`GET /api/v1/corrections`: the published corrections of one article, for anyone.

The widget asks on every page view, so answers are cacheable (60 s, ETag, Last-Modified)
and CORS-open (`errata.api.cors`).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from ninja import Query, Router

from errata.api.auth import ApiKeyAuth, api_key
from errata.api.problems import PROBLEM_RESPONSES
from errata.api.schemas.corrections import (
    ArticleCorrectionsOut,
    CmsStateIn,
    CmsStateOut,
    CorrectionsQuery,
)
from errata.errors import Problem, invalid
from errata.models import CmsState, Correction
from errata.presenters.corrections import article_corrections_json
from errata.services import corrections, webhooks

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


@router.post(
    "/corrections/{correction_id}/cms-state",
    auth=ApiKeyAuth(),
    response={200: CmsStateOut, **PROBLEM_RESPONSES},
)
def correction_cms_state(
    request: HttpRequest, correction_id: str, data: CmsStateIn
) -> dict[str, Any]:
    """The publisher's CMS says whether it applied a correction errata sent it.

    `needs_manual_edit` (the article changed since the version errata corrected, say)
    puts the correction back in front of the site's editors on the desk. Saying the same
    thing twice changes nothing.
    """
    try:
        public_id = uuid.UUID(correction_id)
    except ValueError:
        raise invalid("correction_id", "invalid-id", "must be a correction's UUID") from None
    correction = (
        Correction.objects.for_site(api_key(request).site)
        .select_related("case")
        .filter(public_id=public_id)
        .first()
    )
    if correction is None:
        raise Problem(
            status=404,
            code="not-found",
            title="Not found",
            detail="correction_id: this site has no such correction",
            field="correction_id",
        )
    reported = webhooks.report_cms_state(
        correction, CmsState(data.state), detail=data.detail.strip(), revision=data.revision
    )
    return {
        "correction": str(correction.public_id),
        "state": reported.state,
        "detail": reported.detail,
        "revision": reported.revision,
        "reported_at": reported.reported_at,
    }

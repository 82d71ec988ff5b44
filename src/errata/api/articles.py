"""`PUT /api/v1/articles`: a publisher's CMS pushes an article (site API key)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import HttpRequest
from ninja import Router, Status

from errata.api.auth import ApiKeyAuth, api_key
from errata.api.problems import PROBLEM_RESPONSES
from errata.api.schemas.articles import ArticlePushIn, ArticlePushOut
from errata.errors import invalid
from errata.models import ArticleSource, Site, VersionSource
from errata.presenters.articles import article_push_json
from errata.services.articles import Upserted, upsert_article
from errata.text import html_to_text, normalise

router = Router(tags=["articles"])
_url_validator = URLValidator(schemes=["http", "https"])


def _push(site: Site, data: ArticlePushIn) -> Upserted:
    """The request's own checks, then the one service call."""
    if (data.text is None) == (data.html is None):
        raise invalid("text", "text-or-html", "give exactly one of text or html")
    try:
        _url_validator(data.url)
    except ValidationError:
        raise invalid("url", "invalid-url", "must be an http(s) URL") from None
    allowed = site.allowed_origins()
    if not site.allows_url(data.url, allowed):
        raise invalid(
            "url",
            "url-not-allowed",
            f"not under the site's allowed origins ({', '.join(sorted(allowed)) or 'none'}) "
            f"by its URL rule «{site.url_rule}»; add the origin with `errata site add-origin`",
        )
    # Converted here, once, so that an empty article is refused naming its field; the
    # result is already normalised, and normalising is idempotent.
    if data.html is not None:
        field, text = "html", html_to_text(data.html)
    else:
        field, text = "text", normalise(data.text or "")
    if not text:
        raise invalid(field, "empty-text", "the article has no visible text")
    return upsert_article(
        site,
        url=site.canonical_article_url(data.url, allowed),
        source=ArticleSource.CMS,
        version_source=VersionSource.CMS,
        title=data.title.strip(),
        language=data.lang,
        text=text,
        published_at=data.published_at,
        cms_id=data.cms_id or "",
    )


@router.put(
    "/articles",
    auth=ApiKeyAuth(),
    response={200: ArticlePushOut, 201: ArticlePushOut, **PROBLEM_RESPONSES},
)
def push_article(request: HttpRequest, data: ArticlePushIn) -> Status[dict[str, Any]]:
    """Create or update an article; a new version only when its normalised text changed.

    Answers 201 when the article is new to errata, 200 otherwise.
    """
    upserted = _push(api_key(request).site, data)
    return Status(201 if upserted.article_created else 200, article_push_json(upserted))

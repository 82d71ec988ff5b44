"""Steps 1 and 2: is the report about a known site, sent from one of its pages, and
well-formed?"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from errata.errors import Problem, invalid
from errata.intake import limits
from errata.intake.sites import site_by_key
from errata.intake.submission import ReportSubmission, RequestMeta
from errata.models import Category, Site
from errata.site_checks import check_article_url, check_origin, unknown_site

_LANGUAGE = re.compile(limits.LANGUAGE_PATTERN)
_url_validator = URLValidator(schemes=["http", "https"])


def check_site_and_origin(submission: ReportSubmission, meta: RequestMeta) -> Site:
    """The site the report is for; refused unless sent from, and about, its origins
    (configuration errors, `errata.site_checks`)."""
    known = site_by_key(submission.site_key)
    if known is None:
        raise unknown_site()
    if not meta.origin:
        raise Problem(
            status=403,
            code="origin-required",
            title="The request has no Origin header",
            detail="Origin: reports are accepted only from the pages of an allowed site.",
            field="Origin",
        )
    allowed = known.allowed_origins
    check_origin(known.site, meta.origin, allowed)
    try:
        _url_validator(submission.article.url)
    except ValidationError:
        raise invalid("article.url", "invalid-url", "must be an http(s) URL") from None
    check_article_url(known.site, submission.article.url, allowed)
    return known.site


def _check_length(field: str, text: str, maximum: int) -> None:
    if len(text) > maximum:
        raise invalid(field, "too-long", f"at most {maximum} characters, got {len(text)}")


def check_content(submission: ReportSubmission) -> None:
    selection = submission.selection
    if submission.category not in Category.values:
        raise invalid(
            "category", "unknown-category", f"must be one of {', '.join(Category.values)}"
        )
    for field, text, maximum in (
        ("selector.exact", selection.exact, limits.QUOTE_MAX),
        ("selector.prefix", selection.prefix, limits.CONTEXT_MAX),
        ("selector.suffix", selection.suffix, limits.CONTEXT_MAX),
        ("comment", submission.comment, limits.COMMENT_MAX),
        ("suggestion", submission.suggestion, limits.SUGGESTION_MAX),
        ("email", submission.email, limits.EMAIL_MAX),
        ("article.url", submission.article.url, limits.URL_MAX),
        ("article.title", submission.article.title, limits.TITLE_MAX),
        ("article.text", submission.article.text, limits.ARTICLE_TEXT_MAX),
    ):
        _check_length(field, text, maximum)
    if not submission.comment.strip() and not submission.suggestion.strip():
        raise invalid(
            "comment", "empty-report", "say what is wrong, or what the passage should say"
        )
    if (
        selection.start is not None
        and selection.end is not None
        and selection.end < selection.start
    ):
        raise invalid("selector.end", "invalid-range", "end must not be before start")
    for field, language in (
        ("article.lang", submission.article.language),
        ("language", submission.language),
    ):
        if language and not _LANGUAGE.match(language):
            raise invalid(field, "invalid-language", "must be a language tag such as fr or en-GB")
    if submission.email:
        try:
            validate_email(submission.email)
        except ValidationError:
            raise invalid("email", "invalid-email", "not a valid email address") from None

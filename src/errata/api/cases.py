"""`/api/v1/cases…`: the desk's cases and actions for scripts and integrations.

Authenticated by a person's desk token (`Authorization: Bearer dt_…`, created on the
desk's tokens page; docs/decisions/0007-desk-api-auth.md): a route sees the token
owner's sites only, and every action is the same service function the desk calls,
recorded under the owner's name.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field

from errata.api.auth import IssuedSecretAuth
from errata.api.problems import PROBLEM_RESPONSES
from errata.api.schemas.cases import (
    AcceptIn,
    AssignIn,
    CaseDetailOut,
    CaseListOut,
    DeclineIn,
    DuplicateIn,
    NoteIn,
    ReattachIn,
    case_detail_json,
    case_json,
)
from errata.errors import invalid
from errata.models import Category, DeskToken
from errata.services import cases
from errata.services import queue as case_queue
from errata.services.permissions import case_for

router = Router(tags=["cases"])
PAGE_MAX = 200
# Deeper than any queue; bounded so that no integer reaches the database unchecked.
OFFSET_MAX = 1_000_000


class DeskTokenAuth(IssuedSecretAuth):
    """A person's desk token, as issued on the desk's tokens page."""

    model = DeskToken


def _user(request: HttpRequest) -> Any:
    token = getattr(request, "auth", None)
    assert isinstance(token, DeskToken), "route is not protected by DeskTokenAuth"
    return token.user


class StatusFilter(StrEnum):
    """`open` (new or in progress), `all`, or one case status (models.CaseStatus)."""

    OPEN = "open"
    ALL = "all"
    NEW = "new"
    IN_PROGRESS = "in_progress"
    CORRECTED = "corrected"
    DECLINED = "declined"
    DUPLICATE = "duplicate"
    SPAM = "spam"


class CaseFilters(Schema):
    model_config = ConfigDict(extra="forbid")

    site: str = Field("", max_length=60, description="A site's slug")
    status: StatusFilter = Field(StatusFilter.OPEN, description="Which cases, by status")
    category: Category | None = Field(None, description="Only cases of this category")
    assignee: str = Field("", max_length=150, description="A username, `me` or `none`")
    article_url: str = Field("", max_length=2000)
    q: str = Field("", max_length=case_queue.SEARCH_MAX, description="Search quotes, comments")
    limit: int = Field(50, ge=1, le=PAGE_MAX)
    offset: int = Field(0, ge=0, le=OFFSET_MAX)


class SiteQuery(Schema):
    site: str = Field("", max_length=60, description="The case's site, when ambiguous")


AUTH = DeskTokenAuth()
DETAIL = {200: CaseDetailOut, **PROBLEM_RESPONSES}


@router.get(
    "/cases", auth=AUTH, response={200: CaseListOut, **PROBLEM_RESPONSES}, url_name="cases-list"
)
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, Any]:
    """Cases on your sites, most urgent first (the desk's queue), with counts per status."""
    wanted = case_queue.QueueFilters(
        site=filters.site, status=filters.status.value, category=filters.category or "",
        assignee=filters.assignee, q=filters.q,
    )  # fmt: skip
    found = case_queue.queue(_user(request), wanted)
    if filters.article_url:
        found = found.filter(article__url=filters.article_url)
    page = found[filters.offset : filters.offset + filters.limit]
    return {
        "count": found.count(),
        "counts": case_queue.status_counts(_user(request), wanted),
        "results": [case_json(case) for case in page],
    }


@router.get("/cases/{reference}", auth=AUTH, response=DETAIL, url_name="case-detail")
def get_case(request: HttpRequest, reference: str, where: Query[SiteQuery]) -> dict[str, Any]:
    """One case with its reports, history, corrections and reply states."""
    return case_detail_json(case_for(_user(request), reference, where.site))


@router.post(
    "/cases/{reference}/actions/assign", auth=AUTH, response=DETAIL, url_name="case-assign"
)
def assign(
    request: HttpRequest, reference: str, data: AssignIn, where: Query[SiteQuery]
) -> dict[str, Any]:
    """Assign the case to a member of its site (`null`: nobody)."""
    user, case = _user(request), case_for(_user(request), reference, where.site)
    assignee = None
    if data.assignee:
        assignee = get_user_model().objects.filter(username=data.assignee).first()
        if assignee is None:
            raise invalid("assignee", "not-a-member", "is not a member of the case's site")
    cases.assign(user, case, assignee)
    return case_detail_json(case)


@router.post("/cases/{reference}/actions/note", auth=AUTH, response=DETAIL, url_name="case-note")
def note(
    request: HttpRequest, reference: str, data: NoteIn, where: Query[SiteQuery]
) -> dict[str, Any]:
    """Add an internal note."""
    case = case_for(_user(request), reference, where.site)
    cases.add_note(_user(request), case, data.note)
    return case_detail_json(case)


@router.post(
    "/cases/{reference}/actions/accept", auth=AUTH, response=DETAIL, url_name="case-accept"
)
def accept(
    request: HttpRequest, reference: str, data: AcceptIn, where: Query[SiteQuery]
) -> dict[str, Any]:
    """Publish a correction with the new wording; the case closes as corrected."""
    case = case_for(_user(request), reference, where.site)
    cases.accept(
        _user(request), case, kind=data.kind, passage_after=data.passage_after, notice=data.notice
    )
    return case_detail_json(case)


@router.post(
    "/cases/{reference}/actions/decline", auth=AUTH, response=DETAIL, url_name="case-decline"
)
def decline(
    request: HttpRequest, reference: str, data: DeclineIn, where: Query[SiteQuery]
) -> dict[str, Any]:
    """Close the case without a correction, for a reason readers are told."""
    case = case_for(_user(request), reference, where.site)
    cases.decline(_user(request), case, data.reason, data.note)
    return case_detail_json(case)


@router.post(
    "/cases/{reference}/actions/duplicate", auth=AUTH, response=DETAIL, url_name="case-duplicate"
)
def duplicate(
    request: HttpRequest, reference: str, data: DuplicateIn, where: Query[SiteQuery]
) -> dict[str, Any]:
    """Close the case as a duplicate of another case of the same site."""
    case = case_for(_user(request), reference, where.site)
    cases.mark_duplicate(_user(request), case, data.duplicate_of)
    return case_detail_json(case)


@router.post("/cases/{reference}/actions/spam", auth=AUTH, response=DETAIL, url_name="case-spam")
def spam(request: HttpRequest, reference: str, where: Query[SiteQuery]) -> dict[str, Any]:
    """Close the case as spam."""
    case = case_for(_user(request), reference, where.site)
    cases.mark_spam(_user(request), case)
    return case_detail_json(case)


@router.post(
    "/cases/{reference}/actions/not-spam", auth=AUTH, response=DETAIL, url_name="case-not-spam"
)
def not_spam(request: HttpRequest, reference: str, where: Query[SiteQuery]) -> dict[str, Any]:
    """Put a case marked as spam back in the queue."""
    case = case_for(_user(request), reference, where.site)
    cases.mark_not_spam(_user(request), case)
    return case_detail_json(case)


@router.post(
    "/cases/{reference}/actions/apply-fix", auth=AUTH, response=DETAIL, url_name="case-apply-fix"
)
def apply_fix(request: HttpRequest, reference: str, where: Query[SiteQuery]) -> dict[str, Any]:
    """Publish the typo fix spelling verification confirmed (409 when there is none)."""
    case = case_for(_user(request), reference, where.site)
    cases.apply_fix(_user(request), case)
    return case_detail_json(case)


@router.post(
    "/cases/{reference}/actions/close-fixed",
    auth=AUTH,
    response=DETAIL,
    url_name="case-close-fixed",
)
def close_fixed(request: HttpRequest, reference: str, where: Query[SiteQuery]) -> dict[str, Any]:
    """Close a case the article's own edit fixed (409 unless re-anchoring found so)."""
    case = case_for(_user(request), reference, where.site)
    cases.close_fixed_by_edit(_user(request), case)
    return case_detail_json(case)


@router.post(
    "/cases/{reference}/actions/reattach",
    auth=AUTH,
    response=DETAIL,
    url_name="case-reattach",
)
def reattach(
    request: HttpRequest, reference: str, data: ReattachIn, where: Query[SiteQuery]
) -> dict[str, Any]:
    """Attach a case that lost its passage (orphaned, removed, rewritten) to a passage of
    the article's current text; the reason goes in the case's history."""
    case = case_for(_user(request), reference, where.site)
    cases.reattach(_user(request), case, passage=data.passage, start=data.start, reason=data.reason)
    return case_detail_json(case)


@router.post(
    "/cases/{reference}/actions/reopen", auth=AUTH, response=DETAIL, url_name="case-reopen"
)
def reopen(request: HttpRequest, reference: str, where: Query[SiteQuery]) -> dict[str, Any]:
    """Reopen a decided case (a published correction stays published)."""
    case = case_for(_user(request), reference, where.site)
    cases.reopen(_user(request), case)
    return case_detail_json(case)

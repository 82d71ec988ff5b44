"""Reading cases for the desk and the API: the queue, its filters, search and counts.

Every read starts from the sites the person belongs to (`sites_of`), the desk's
equivalent of `.for_site(site)`: another publication's cases cannot appear.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from errata.models import Case, CaseStatus, Category, Report
from errata.services.permissions import sites_of

SEARCH_MAX = 200
# `status` values beyond CaseStatus: the open queue (default) and every case.
OPEN, ALL = "open", "all"


@dataclass(frozen=True)
class QueueFilters:
    site: str = ""
    status: str = OPEN
    category: str = ""
    # A username, "me", or "none" for unassigned cases.
    assignee: str = ""
    article: int | None = None
    q: str = ""


def _by_status(cases: QuerySet[Case], status: str) -> QuerySet[Case]:
    if status in ("", OPEN):
        return cases.filter(status__in=CaseStatus.open_values())
    if status == ALL:
        return cases
    return cases.filter(status=status)


def _matching(user: Any, filters: QueueFilters) -> QuerySet[Case]:
    """Every filter but status: what the per-status counts are counted over."""
    cases = Case.objects.filter(site__in=sites_of(user))
    if filters.site:
        cases = cases.filter(site__slug=filters.site)
    if filters.category:
        cases = cases.filter(category=filters.category)
    if filters.assignee == "none":
        cases = cases.filter(assignee__isnull=True)
    elif filters.assignee == "me":
        cases = cases.filter(assignee=user)
    elif filters.assignee:
        cases = cases.filter(assignee__username=filters.assignee)
    if filters.article is not None:
        cases = cases.filter(article_id=filters.article)
    query = filters.q.strip()[:SEARCH_MAX]
    if query:
        # icontains: ASCII letters match in any case on both engines; SQLite's LIKE does
        # not fold accented capitals (É), PostgreSQL's UPPER does. Good enough to find a
        # case; a full-text index is the next step if newsrooms need more.
        in_reports = Report.objects.filter(
            Q(comment__icontains=query) | Q(reference__iexact=query)
        ).values("case_id")
        cases = cases.filter(
            Q(quote__icontains=query)
            | Q(reference__iexact=query)
            | Q(pk__in=in_reports)
            | Q(article__title__icontains=query)
        )
    return cases


def queue(user: Any, filters: QueueFilters) -> QuerySet[Case]:
    """The cases a person may see that match `filters`, most urgent first."""
    return (
        _by_status(_matching(user, filters), filters.status)
        .select_related("site", "article", "assignee")
        .annotate(report_count=Count("reports", distinct=True))
        .order_by("-priority", F("due_at").asc(nulls_last=True), "pk")
    )


ARRIVING_SHOWN = 20


def arriving(user: Any, filters: QueueFilters) -> list[Report]:
    """Reports stored in the last moments and not yet filed into a case by the grouping
    task: the desk shows them as being checked, so none is invisible even briefly."""
    if filters.status not in ("", OPEN, ALL, CaseStatus.NEW):
        return []
    reports = Report.objects.ungrouped().filter(site__in=sites_of(user))
    if filters.site:
        reports = reports.filter(site__slug=filters.site)
    if filters.category:
        reports = reports.filter(category=filters.category)
    if filters.article is not None:
        reports = reports.filter(article_id=filters.article)
    return list(reports.select_related("site", "article").order_by("-pk")[:ARRIVING_SHOWN])


def status_counts(user: Any, filters: QueueFilters) -> dict[str, int]:
    """How many matching cases are in each status (the queue's tabs), plus open and all."""
    rows = _matching(user, filters).values("status").annotate(n=Count("pk")).order_by()
    counts = dict.fromkeys(CaseStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    counts[OPEN] = sum(counts[s] for s in CaseStatus.open_values())
    counts[ALL] = sum(counts[s] for s in CaseStatus.values)
    return counts


def is_overdue(case: Case) -> bool:
    return bool(case.is_open and case.due_at is not None and case.due_at < timezone.now())


def valid_status(value: str) -> bool:
    return value in (OPEN, ALL, "", *CaseStatus.values)


def valid_category(value: str) -> bool:
    return value in ("", *Category.values)

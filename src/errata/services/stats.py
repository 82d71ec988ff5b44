"""The desk's numbers for one site over a period (flow, speed against the SLA, shares),
and its audit log.

Computed in Python over the period's cases (a newsroom's month is thousands of rows, not
millions), so the results are identical on SQLite and PostgreSQL.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from errata.models import Case, CaseEvent, CaseStatus, Category, Report, Site

DECIDED = (CaseStatus.CORRECTED, CaseStatus.DECLINED, CaseStatus.DUPLICATE)


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (`share` in 0..1); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Speed:
    count: int
    median_hours: float | None
    p90_hours: float | None
    within_sla: float | None  # share of cases within the SLA, 0..1


@dataclass(frozen=True)
class Stats:
    site: Site
    start: date
    end: date
    days: list[tuple[date, int, int]]  # (day, opened, closed)
    first_action: Speed
    decision: Speed
    by_category: list[tuple[str, str, int]]  # (value, label, count)
    by_decision: list[tuple[str, str, int]]
    top_articles: list[tuple[str, str, int]]  # (title, url, reports)


def _speed(durations: list[timedelta], sla: timedelta) -> Speed:
    hours = [d.total_seconds() / 3600 for d in durations]
    within = sum(1 for d in durations if d <= sla)
    return Speed(
        count=len(hours),
        median_hours=percentile(hours, 0.5),
        p90_hours=percentile(hours, 0.9),
        within_sla=within / len(durations) if durations else None,
    )


def _days(
    site: Site, start: datetime, end: datetime, first: date, last: date
) -> list[tuple[date, int, int]]:
    opened = Counter(
        timezone.localdate(at)
        for at in Case.objects.for_site(site)
        .filter(created_at__gte=start, created_at__lt=end)
        .values_list("created_at", flat=True)
    )
    closed = Counter(
        timezone.localdate(at)
        for at in Case.objects.for_site(site)
        .filter(closed_at__gte=start, closed_at__lt=end)
        .values_list("closed_at", flat=True)
    )
    span = (last - first).days + 1
    return [
        (day, opened[day], closed[day]) for day in (first + timedelta(days=n) for n in range(span))
    ]


def site_stats(site: Site, *, days: int = 30, today: date | None = None) -> Stats:
    """The last `days` days up to `today` (local dates), for cases opened in that period."""
    last = today or timezone.localdate()
    first = last - timedelta(days=days - 1)
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), datetime.min.time()))
    period = Case.objects.for_site(site).filter(created_at__gte=start, created_at__lt=end)
    first_acts = period.annotate(
        first_act=Min("events__created_at", filter=Q(events__actor__isnull=False))
    ).values_list("created_at", "first_act")
    decided = period.filter(status__in=DECIDED, closed_at__isnull=False).values_list(
        "created_at", "closed_at"
    )
    categories = dict(period.values_list("category").annotate(n=Count("pk")).order_by())
    decisions = dict(
        period.exclude(status__in=CaseStatus.open_values())
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    top = (
        Report.objects.for_site(site)
        .filter(created_at__gte=start, created_at__lt=end)
        .values("article__title", "article__url")
        .annotate(n=Count("pk"))
        .order_by("-n", "article__url")[:10]
    )
    return Stats(
        site=site,
        start=first,
        end=last,
        days=_days(site, start, end, first, last),
        first_action=_speed([act - at for at, act in first_acts if act is not None], site.sla),
        decision=_speed([closed - at for at, closed in decided], site.sla),
        by_category=[(c.value, str(c.label), categories.get(c.value, 0)) for c in Category],
        by_decision=[
            (s.value, str(s.label), decisions.get(s.value, 0))
            for s in CaseStatus
            if s.value not in CaseStatus.open_values()
        ],
        top_articles=[(r["article__title"], r["article__url"], r["n"]) for r in top],
    )


def audit_events(site: Site, kind: str = "") -> QuerySet[CaseEvent]:
    """Every event of every case of the site, newest first (the audit log)."""
    events = (
        CaseEvent.objects.for_site(site)
        .select_related("case", "actor")
        .order_by("-created_at", "-pk")
    )
    return events.filter(kind=kind) if kind else events

"""Which articles have reports waiting for the grouping task (decision 25).

`mark` runs in the store's transaction, after the report's insert; only the report that
finds no pending run queues one. `take` is the run's first statement, on its own, before
it reads the reports without a case. The store's upsert holds the row's lock until the
store commits (PostgreSQL; SQLite has one writer anyway), so `take` waits for a store
that counted on the run and the run then reads its report: a marked report is always
read by a run that starts after its mark.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from errata.models import PendingGrouping, Report

_TABLE = connection.ops.quote_name(PendingGrouping._meta.db_table)


def mark(article_id: int, now: datetime | None = None) -> bool:
    """Count a report stored for the article; True when no run was pending (queue one)."""
    with connection.cursor() as cursor:
        # DO UPDATE, not DO NOTHING: the update locks the row until this transaction
        # commits, which is what makes `take` wait for this report.
        cursor.execute(
            f"INSERT INTO {_TABLE} (article_id, queued_at, reports) VALUES (%s, %s, 1) "  # noqa: S608 -- the model's table
            f"ON CONFLICT (article_id) DO UPDATE SET reports = {_TABLE}.reports + 1 "
            "RETURNING reports",
            [article_id, now or timezone.now()],
        )
        (reports,) = cursor.fetchone()
    return bool(reports == 1)


def take(article_id: int) -> None:
    """A run starts: reports stored from now on queue the next one."""
    with transaction.atomic():
        PendingGrouping.objects.filter(article_id=article_id).delete()


def overdue(window: timedelta, now: datetime | None = None) -> list[int]:
    """Articles with a report still without a case a `window` after it was stored, and no
    run queued within that window: their run was lost (failed past its attempts) or
    never queued (a report stored before decision 25)."""
    cutoff = (now or timezone.now()) - window
    articles = set(
        Report.objects.ungrouped()
        .filter(created_at__lt=cutoff)
        .values_list("article_id", flat=True)
        .order_by()
        .distinct()
    )
    if not articles:
        return []
    recent = set(
        PendingGrouping.objects.filter(article_id__in=articles, queued_at__gte=cutoff).values_list(
            "article_id", flat=True
        )
    )
    return sorted(articles - recent)


def requeue(article_id: int, now: datetime | None = None) -> bool:
    """For the sweep: forget a stale mark and mark again; True when a run must be queued."""
    PendingGrouping.objects.filter(article_id=article_id).delete()
    return mark(article_id, now)

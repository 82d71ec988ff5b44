"""Receiving readers' reports: stored in the request, filed into cases just after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction

from errata.intake import grouping, pending, pipeline
from errata.intake.idempotency import Replay
from errata.intake.store import Stored
from errata.intake.submission import ReportSubmission, RequestMeta
from errata.metrics import REPORTS_RECEIVED
from errata.models import ArticleVersion, Report
from errata.services.articles import follow_new_version
from errata.services.retention import schedule_contact_purge


@dataclass(frozen=True)
class Answer:
    """What the reader is answered: a new report's receipt, or the first answer again."""

    status: int
    body: dict[str, Any]
    replayed: bool


def _queue_grouping(stored: Stored) -> None:
    from errata import tasks  # tasks call the services; imported when first needed

    # Inside the report's transaction: a run is queued if and only if the report is
    # stored, and only by the first report since the article's last run started (with the
    # immediate backend of the tests, it runs here and then).
    if pending.mark(stored.article_id):
        tasks.group_reports.enqueue(stored.article_id)


def submit(
    submission: ReportSubmission, meta: RequestMeta, *, idempotency_key: str | None = None
) -> Answer:
    """Store a report; raises `errata.errors.Problem` when it is refused."""
    site, outcome = pipeline.receive(
        submission, meta, idempotency_key=idempotency_key, then=_queue_grouping
    )
    if isinstance(outcome, Replay):
        return Answer(outcome.status, outcome.response, replayed=True)
    REPORTS_RECEIVED.labels(site=site.slug).inc()
    if outcome.new_version_of_known_article:
        follow_new_version(ArticleVersion.objects.get(pk=outcome.version_id))
    receipt = outcome.receipt
    return Answer(
        201,
        {
            "reference": receipt.reference,
            "status": receipt.status,
            "message": receipt.message,
            "language": receipt.language,
        },
        replayed=False,
    )


def requeue_overdue(window: timedelta) -> list[int]:
    """Queue a grouping run for every article with a report still without a case a
    `window` after it was stored (the task worker's sweep); the articles."""
    from errata import tasks

    articles = pending.overdue(window)
    for article_id in articles:
        with transaction.atomic():
            if pending.requeue(article_id):
                tasks.group_reports.enqueue(article_id)
    return articles


def group_received(article_id: int) -> int:
    """File the article's reports that have no case yet (the grouping task); how many."""
    filed = grouping.group_article(article_id)
    with_email = (
        Report.objects.filter(pk__in=[f.report_id for f in filed], case__isnull=False)
        .exclude(contact_email="")
        .select_related("site")
        .only("case", "created_at", "site__contact_retention_days")
    )
    for report in with_email:
        schedule_contact_purge(report, report.site)
    return len(filed)

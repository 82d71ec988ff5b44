"""One grouping run per article and batch, not per report (decision 25), and the sweep
that queues a run for a report left without one.

Tasks are real rows of django-tasks-db (the database backend), as the worker finds them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from errata import models
from errata.intake import pending
from errata.ops import leases
from errata.services import reports
from tests.unit.intake import builders

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queued(settings: Any) -> Any:
    settings.TASKS = DATABASE_TASKS

    def runs(article: models.Article) -> list[Any]:
        return [
            row.args_kwargs["args"]
            for row in DBTaskResult.objects.ready().filter(task_path="errata.tasks.group_reports")
        ]

    return runs


def submit(site: models.Site, ip: str) -> None:
    reports.submit(builders.submission(site, "1,2 milliard"), builders.meta(ip))


def test_reports_stored_before_the_run_starts_share_one_run(
    article: models.Article, queued: Any
) -> None:
    for n in range(3):
        submit(article.site, f"198.51.100.{n}")

    assert queued(article) == [[article.pk]]
    assert models.PendingGrouping.objects.get(article=article).reports == 3
    assert reports.group_received(article.pk) == 3
    assert not models.PendingGrouping.objects.exists()


def test_a_report_stored_once_the_run_started_queues_the_next(
    article: models.Article, queued: Any
) -> None:
    submit(article.site, "198.51.100.1")
    pending.take(article.pk)  # the run has started, and has not read the reports yet

    submit(article.site, "198.51.100.2")

    assert queued(article) == [[article.pk], [article.pk]]
    assert reports.group_received(article.pk) == 2
    assert reports.group_received(article.pk) == 0  # the second run finds nothing left


def test_the_sweep_queues_a_run_for_a_report_left_without_one(
    article: models.Article, queued: Any
) -> None:
    submit(article.site, "198.51.100.1")
    DBTaskResult.objects.all().delete()  # its run failed past its attempts, say
    lease = leases.Lease(seconds=60, attempts=3)

    assert leases.sweep_ungrouped(lease) == []  # within a lease: its run may be coming

    models.Report.objects.update(created_at=timezone.now() - timedelta(seconds=61))
    models.PendingGrouping.objects.update(queued_at=timezone.now() - timedelta(seconds=61))
    assert leases.sweep_ungrouped(lease) == [article.pk]
    assert queued(article) == [[article.pk]]
    assert leases.sweep_ungrouped(lease) == []  # its new run is recent

    assert reports.group_received(article.pk) == 1
    assert leases.sweep_ungrouped(lease) == []


def test_the_heartbeat_sweeps(article: models.Article, queued: Any) -> None:
    submit(article.site, "198.51.100.1")
    models.Report.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    models.PendingGrouping.objects.all().delete()
    DBTaskResult.objects.all().delete()

    leases.Heartbeat("w1", leases.Lease(seconds=60, attempts=3)).tick()

    assert queued(article) == [[article.pk]]

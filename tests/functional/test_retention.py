"""Retention seen from the reader's side: a report's email is scheduled for purge when it
arrives, and what reads IP hashes still works once old ones have expired (docs/privacy.md).

Reports go through the real API and intake; the sweep is the one `errata purge-contacts`
runs.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from errata import models
from errata.services import reports, retention
from tests.functional.conftest import PostReport, report_payload

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

pytestmark = pytest.mark.django_db

READER = "198.51.100.7"


def _send(post_report: PostReport, site: models.Site, comment: str) -> models.Report:
    response = post_report(report_payload(site, comment=comment), REMOTE_ADDR=READER)
    assert response.status_code == 201, response.content
    return models.Report.objects.order_by("-pk").first()


def _readers(case: models.Case) -> int:
    """The reader count the case's priority rests on (its `priority.readers` reason)."""
    [count] = [
        reason["params"]["count"]
        for reason in case.priority_reasons
        if reason["code"] == "priority.readers"
    ]
    return int(count)


def test_reports_whose_hash_expired_still_count_as_readers_of_the_case(
    article: models.Article, post_report: PostReport
) -> None:
    """Without a hash, a report counts as one reader: expired hashes are not one reader
    called "" (the daily key already makes one person on two days two readers)."""
    first = _send(post_report, article.site, "Le budget voté est de 1,3 milliard, pas 1,2.")
    _send(post_report, article.site, "Selon la délibération, c'est 1,3 milliard d'euros.")
    case = first.case
    case.refresh_from_db()
    assert _readers(case) == 1

    case.reports.update(created_at=timezone.now() - timedelta(days=30))
    assert retention.sweep().ip_hashes == 2
    assert not case.reports.exclude(ip_hash="").exists()

    third = _send(post_report, article.site, "Le chiffre exact est 1,3 milliard d'euros.")
    assert third.case_id == case.pk
    case.refresh_from_db()
    assert _readers(case) == 3


def test_a_reader_resending_today_is_still_spotted_after_a_sweep(
    article: models.Article, post_report: PostReport, settings: Any
) -> None:
    settings.ERRATA_IP_HASH_RETENTION_DAYS = 1  # the shortest the setting allows
    comment = "Le budget voté est de 1,3 milliard selon la délibération."
    _send(post_report, article.site, comment)
    assert retention.sweep().ip_hashes == 0  # today's hashes are kept

    again = _send(post_report, article.site, comment)

    assert {"code": "spam.same_reader", "params": {}} in again.spam_reasons


def test_the_setting_refuses_a_retention_shorter_than_a_day(monkeypatch: Any) -> None:
    from errata.conf.registry import value

    monkeypatch.setenv("ERRATA_IP_HASH_RETENTION_DAYS", "0")
    with pytest.raises(ValueError, match="ERRATA_IP_HASH_RETENTION_DAYS"):
        value("ERRATA_IP_HASH_RETENTION_DAYS")
    monkeypatch.setenv("ERRATA_IP_HASH_RETENTION_DAYS", "30")
    assert value("ERRATA_IP_HASH_RETENTION_DAYS") == 30


def test_a_report_with_an_email_queues_its_purge_for_the_end_of_retention(
    article: models.Article,
    post_report: PostReport,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    """With the configured task backend (django_tasks_db), the purge waits in the queue
    for the day the email runs out, even if the case is still open then. The grouping
    task, which files the report and queues the purge, is run here as the worker would."""
    settings.TASKS = DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        response = post_report(
            report_payload(article.site, email="lectrice@example.org"), REMOTE_ADDR=READER
        )
        post_report(report_payload(article.site, comment="Sans adresse."), REMOTE_ADDR=READER)
        # One grouping run for both: the second report found the first's run pending.
        assert DBTaskResult.objects.filter(task_path="errata.tasks.group_reports").count() == 1
        assert reports.group_received(article.pk) == 2
    assert response.status_code == 201

    report = models.Report.objects.get(contact_email="lectrice@example.org")
    queued = list(
        DBTaskResult.objects.filter(task_path="errata.tasks.purge_case_contacts").values_list(
            "args_kwargs", "run_after"
        )
    )
    assert queued == [
        ({"args": [report.case_id], "kwargs": {}}, report.created_at + timedelta(days=90))
    ]

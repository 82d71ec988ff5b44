"""Task leases (errata.ops.leases): which tasks are stuck, and what releasing them does.

Tasks are real rows of django-tasks-db, enqueued through the database backend and claimed
the way its worker claims them; only their clocks are moved back.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from errata import models, tasks
from errata.ops import leases

pytestmark = pytest.mark.django_db

LEASE = leases.Lease(seconds=60, attempts=3)


def running(*workers: str, for_seconds: float) -> DBTaskResult[Any, Any]:
    """A task claimed by each of `workers` in turn, the last claim `for_seconds` ago."""
    result = tasks.purge_contacts.enqueue()
    row: DBTaskResult[Any, Any] = DBTaskResult.objects.get(pk=result.id)
    for worker in workers:
        row.claim(worker)
    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - timedelta(seconds=for_seconds)
    )
    row.refresh_from_db()
    return row


def beating(worker: str, seconds_ago: float = 0) -> None:
    leases.beat(worker)
    models.TaskWorker.objects.filter(worker_id=worker).update(
        beat_at=timezone.now() - timedelta(seconds=seconds_ago)
    )


def test_a_task_of_a_worker_that_stopped_beating_goes_back_to_ready() -> None:
    beating("dead", seconds_ago=90)
    task = running("dead", for_seconds=120)

    released = leases.release_stuck(LEASE)

    task.refresh_from_db()
    assert released.requeued == [str(task.pk)]
    assert released.failed == []
    assert task.status == TaskResultStatus.READY
    assert task.started_at is None
    assert task.worker_ids == ["dead"]  # the claims so far: its attempts
    assert DBTaskResult.objects.ready().filter(pk=task.pk).exists()
    # The dead worker's heartbeat has served its purpose.
    assert not models.TaskWorker.objects.filter(worker_id="dead").exists()


def test_a_long_task_of_a_live_worker_is_left_alone() -> None:
    beating("alive", seconds_ago=5)
    task = running("alive", for_seconds=3600)

    assert leases.stuck(LEASE) == []
    assert leases.release_stuck(LEASE).requeued == []
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


def test_a_task_claimed_less_than_a_lease_ago_is_left_alone_even_without_a_heartbeat() -> None:
    task = running("starting", for_seconds=10)

    assert leases.release_stuck(LEASE).requeued == []
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


def test_a_worker_that_never_beat_loses_its_task_after_a_lease() -> None:
    task = running("plain-db-worker", for_seconds=61)

    assert [stuck.pk for stuck in leases.stuck(LEASE)] == [task.pk]


def test_only_the_last_claimant_counts() -> None:
    beating("second", seconds_ago=1)
    task = running("first", "second", for_seconds=300)

    assert leases.stuck(LEASE) == []
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


def test_after_the_last_attempt_the_task_fails_naming_the_lost_workers() -> None:
    task = running("one", "two", "three", for_seconds=120)

    released = leases.release_stuck(LEASE)

    task.refresh_from_db()
    assert released.failed == [str(task.pk)]
    assert task.status == TaskResultStatus.FAILED
    assert task.finished_at is not None
    (error,) = task.task_result.errors
    assert error.exception_class is leases.WorkerLost
    assert "3 time(s) (workers one, two, three)" in error.traceback
    assert "ERRATA_TASK_ATTEMPTS=3" in error.traceback


def test_a_released_task_is_released_once() -> None:
    task = running("dead", for_seconds=120)

    assert leases.release_stuck(LEASE).requeued == [str(task.pk)]
    assert leases.release_stuck(LEASE).requeued == []


def test_a_released_task_claimed_again_belongs_to_its_new_worker() -> None:
    task = running("dead", for_seconds=120)
    leases.release_stuck(LEASE)
    task.refresh_from_db()
    task.claim("fresh")

    assert leases.release_stuck(LEASE).requeued == []
    task.refresh_from_db()
    assert (task.status, task.worker_ids) == (TaskResultStatus.RUNNING, ["dead", "fresh"])


def test_a_heartbeat_comes_back_after_a_sweep_removed_it() -> None:
    beating("slow", seconds_ago=600)
    leases.release_stuck(LEASE)
    assert not models.TaskWorker.objects.filter(worker_id="slow").exists()

    leases.beat("slow")

    assert leases.alive(LEASE) == {"slow"}


def test_the_heartbeat_beats_and_sweeps_in_its_thread() -> None:
    task = running("dead", for_seconds=120)
    heartbeat = leases.Heartbeat("sweeper", LEASE)

    heartbeat.tick()

    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY
    assert leases.alive(LEASE) == {"sweeper"}
    leases.leave("sweeper")
    assert leases.alive(LEASE) == set()


def test_the_lease_comes_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ERRATA_TASK_LEASE_SECONDS", "8")
    monkeypatch.setenv("ERRATA_TASK_ATTEMPTS", "5")

    lease = leases.Lease.configured()

    assert (lease.seconds, lease.attempts, lease.beat_every) == (8, 5, 2)
    monkeypatch.setenv("ERRATA_TASK_LEASE_SECONDS", "0")
    with pytest.raises(ValueError, match="ERRATA_TASK_LEASE_SECONDS"):
        leases.Lease.configured()


def finished(status: TaskResultStatus, days_ago: float) -> DBTaskResult[Any, Any]:
    result = tasks.purge_contacts.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        status=status, finished_at=timezone.now() - timedelta(days=days_ago)
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_records_of_tasks_finished_past_the_window_are_deleted(settings: Any) -> None:
    settings.ERRATA_TASK_RESULTS_DAYS = 14
    old_success = finished(TaskResultStatus.SUCCESSFUL, days_ago=15)
    old_failure = finished(TaskResultStatus.FAILED, days_ago=20)
    recent_failure = finished(TaskResultStatus.FAILED, days_ago=13)
    recent_success = finished(TaskResultStatus.SUCCESSFUL, days_ago=1)
    waiting = tasks.purge_contacts.enqueue()  # READY, however old
    DBTaskResult.objects.filter(pk=waiting.id).update(
        enqueued_at=timezone.now() - timedelta(days=30)
    )
    stuck = running("dead", for_seconds=40 * 86400)

    assert leases.prune_finished() == 2

    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert old_success.pk not in left
    assert old_failure.pk not in left
    assert {recent_failure.pk, recent_success.pk, stuck.pk} <= left
    assert DBTaskResult.objects.get(pk=waiting.id).status == TaskResultStatus.READY


def test_the_heartbeat_prunes_at_most_once_an_hour(settings: Any) -> None:
    settings.ERRATA_TASK_RESULTS_DAYS = 14
    heartbeat = leases.Heartbeat("pruner", LEASE)
    finished(TaskResultStatus.SUCCESSFUL, days_ago=15)

    heartbeat.tick()
    assert not DBTaskResult.objects.finished().exists()

    finished(TaskResultStatus.SUCCESSFUL, days_ago=15)
    heartbeat.tick()  # a quarter of a lease later: not yet an hour
    assert DBTaskResult.objects.finished().count() == 1

    assert heartbeat.pruned_at is not None
    heartbeat.pruned_at -= leases.PRUNE_EVERY
    heartbeat.tick()
    assert not DBTaskResult.objects.finished().exists()
    leases.leave("pruner")

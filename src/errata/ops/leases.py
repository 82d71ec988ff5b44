"""Task leases: a task whose worker died is released and run again, a bounded number of times.

django-tasks-db's worker claims READY tasks only, and marks a task RUNNING when it starts.
A worker killed mid-task (SIGKILL, the OOM killer, a lost machine) leaves its task RUNNING
for ever. So every worker errata starts (`task_worker`) beats in `TaskWorker` every quarter
of `ERRATA_TASK_LEASE_SECONDS`, from a thread of its own, whatever its task is doing; and
every worker's heartbeat thread sweeps: a RUNNING task started more than a lease ago by a
worker that has not beaten for a lease is *stuck*. It goes back to READY, or to FAILED with
`WorkerLost` once `ERRATA_TASK_ATTEMPTS` workers have claimed it (a task that kills its
worker must not take every worker down in turn).

A task's attempts are its claims: django-tasks-db appends the worker's id to
`worker_ids` each time one claims it. Releasing is a compare-and-set on the row's status
and `started_at` (which every claim rewrites), so two sweepers, or a sweeper and a claim,
never both act on one attempt. A worker judged dead that was only slow may still finish its
attempt; that is why every task is idempotent (errata.tasks).

Each sweep also queues a grouping run for readers' reports still without a case a lease
after they were stored (decision 25): their article's run was lost, or never queued. And
about once an hour it deletes the records of tasks finished more than
`ERRATA_TASK_RESULTS_DAYS` ago, so that the task table, which gains a row for every
grouping run, reply and webhook, stays the size of that window.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from errata.conf.registry import value
from errata.models import TaskWorker

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """Recorded as a task's error when its workers died under it too many times."""


@dataclass(frozen=True)
class Lease:
    seconds: float
    attempts: int

    @classmethod
    def configured(cls) -> Lease:
        return cls(
            seconds=float(value("ERRATA_TASK_LEASE_SECONDS")),
            attempts=int(value("ERRATA_TASK_ATTEMPTS")),
        )

    @property
    def beat_every(self) -> float:
        # Four beats per lease: a worker must miss several in a row to lose its tasks.
        return self.seconds / 4


def attempt_window() -> timedelta:
    """How long a reply's or webhook's attempt counts as under way (Delivery.take_attempt):
    the lease, after which a dead worker's task is released and its attempt is over."""
    return timedelta(seconds=Lease.configured().seconds)


@dataclass(frozen=True)
class Released:
    requeued: list[str]
    failed: list[str]


def beat(worker_id: str, *, started_at: datetime | None = None) -> None:
    """Record that `worker_id` is alive now (creating its row if a sweep removed it)."""
    now = timezone.now()
    if TaskWorker.objects.filter(worker_id=worker_id).update(beat_at=now):
        return
    TaskWorker.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "beat_at": now,
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at or now,
        },
    )


def leave(worker_id: str) -> None:
    """A worker that stops cleanly (its task finished) takes its heartbeat away."""
    TaskWorker.objects.filter(worker_id=worker_id).delete()


def alive(lease: Lease, now: datetime | None = None) -> set[str]:
    cutoff = (now or timezone.now()) - timedelta(seconds=lease.seconds)
    return set(TaskWorker.objects.filter(beat_at__gte=cutoff).values_list("worker_id", flat=True))


def stuck(lease: Lease, now: datetime | None = None) -> list[DBTaskResult[Any, Any]]:
    """RUNNING tasks started more than a lease ago whose worker is not beating.

    A worker that never beat at all (a plain `db_worker`) counts as dead once its task has
    run for a lease: errata runs `task_worker` only (docs/operations.md).
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=lease.seconds)
    live = alive(lease, now)
    # RUNNING tasks are few (one per worker): the last claimant is checked here, not in SQL,
    # because reading a JSON list's last item differs between SQLite and PostgreSQL.
    running = DBTaskResult.objects.running().filter(started_at__lt=cutoff).order_by("started_at")
    return [task for task in running if not task.worker_ids or task.worker_ids[-1] not in live]


def release_stuck(lease: Lease, now: datetime | None = None) -> Released:
    """Put every stuck task back to READY, or FAILED past the attempt bound; what was done."""
    now = now or timezone.now()
    released = Released(requeued=[], failed=[])
    for task in stuck(lease, now):
        attempts = len(task.worker_ids)
        claimed = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        )
        if attempts >= lease.attempts:
            error = WorkerLost(
                f"{task.task_path}: the worker running it stopped without finishing, "
                f"{attempts} time(s) (workers {', '.join(task.worker_ids)}); "
                f"not retried past ERRATA_TASK_ATTEMPTS={lease.attempts}."
            )
            changed = claimed.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                return_value=None,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}: {error}\n",
            )
            if changed:
                logger.error("task %s failed: %s", task.pk, error)
                released.failed.append(str(task.pk))
            continue
        if claimed.update(status=TaskResultStatus.READY, started_at=None):
            logger.warning(
                "task %s (%s) released: its worker %s stopped beating; attempt %s of %s next",
                task.pk,
                task.task_path,
                task.worker_ids[-1] if task.worker_ids else "?",
                attempts + 1,
                lease.attempts,
            )
            released.requeued.append(str(task.pk))
    # Heartbeats of dead workers have served: their tasks are settled above.
    TaskWorker.objects.filter(beat_at__lt=now - timedelta(seconds=lease.seconds)).delete()
    return released


def sweep_ungrouped(lease: Lease) -> list[int]:
    """Queue a grouping run for reports still without a case after a lease: their run was
    lost (failed past its attempts), or never queued (decision 25); the articles."""
    from errata.services import reports  # services import this module (the lease window)

    articles = reports.requeue_overdue(timedelta(seconds=lease.seconds))
    if articles:
        logger.warning("grouping queued again for articles %s: reports waited a lease", articles)
    return articles


def prune_finished(now: datetime | None = None) -> int:
    """Delete the records of tasks that finished (succeeded or failed) more than
    `ERRATA_TASK_RESULTS_DAYS` ago; how many. Ready and running tasks are never touched."""
    cutoff = (now or timezone.now()) - timedelta(days=int(value("ERRATA_TASK_RESULTS_DAYS")))
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).order_by().delete()
    if deleted:
        logger.info("deleted %s task records finished before %s", deleted, cutoff.isoformat())
    return deleted


PRUNE_EVERY = timedelta(hours=1)


class Heartbeat(threading.Thread):
    """Beats for one worker and sweeps for everyone, until stopped.

    A thread, so that a worker busy with a long task still beats and still sweeps: with
    one worker only, the task it is running is never its own to release.
    """

    def __init__(self, worker_id: str, lease: Lease) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.lease = lease
        self.stopping = threading.Event()
        self.pruned_at: datetime | None = None

    def run(self) -> None:
        try:
            while not self.stopping.wait(self.lease.beat_every):
                self.tick()
        finally:
            connection.close()

    def tick(self) -> None:
        # A database that is briefly away (locked, restarting) costs a beat, not the
        # thread: a dead heartbeat thread would get a live worker's tasks run twice.
        try:
            beat(self.worker_id)
            release_stuck(self.lease)
            sweep_ungrouped(self.lease)
            now = timezone.now()
            if self.pruned_at is None or now - self.pruned_at >= PRUNE_EVERY:
                prune_finished(now)
                self.pruned_at = now
        except DatabaseError as error:
            logger.warning("task worker %s: heartbeat failed: %s", self.worker_id, error)
            connection.close()
        except Exception:
            logger.exception("task worker %s: heartbeat failed", self.worker_id)
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=self.lease.beat_every + 5)

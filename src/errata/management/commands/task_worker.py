"""`python -m django task_worker`: django-tasks-db's `db_worker` with a lease.

The worker beats while it lives, and releases the tasks of workers that stopped beating
(errata.ops.leases); its options are db_worker's. `errata serve` runs it.
"""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands import db_worker

from errata.ops import leases


class LeasedWorker(db_worker.Worker):
    """db_worker's loop, between a first heartbeat and the departure of its heartbeat."""

    def __init__(self, *, lease: leases.Lease, **options: Any) -> None:
        super().__init__(**options)
        self.lease = lease

    def run(self) -> None:
        heartbeat = leases.Heartbeat(self.worker_id, self.lease)
        # Beat and sweep once before claiming anything: a worker restarted after a crash
        # finds its predecessor's tasks as soon as their lease has run out.
        heartbeat.tick()
        heartbeat.start()
        try:
            super().run()
        finally:
            heartbeat.stop()
            # Only a worker that is not in the middle of a task leaves: one interrupted
            # twice (its task abandoned and marked failed by db_worker) leaves too.
            leases.leave(self.worker_id)


class Command(db_worker.Command):
    help = "Run the background task worker (db_worker with heartbeats and task leases)"

    def handle(self, *args: Any, **options: Any) -> None:
        lease = leases.Lease.configured()
        original = db_worker.Worker
        # db_worker builds its Worker by name inside handle(); this command swaps in the
        # leased one for the duration of the call, in this process only.
        db_worker.Worker = lambda **kwargs: LeasedWorker(lease=lease, **kwargs)  # type: ignore[misc,assignment]
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]

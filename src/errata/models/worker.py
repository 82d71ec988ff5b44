"""The task workers alive right now: each beats here while it runs (errata.ops.leases).

A task claimed by a worker whose heartbeat is older than the lease is released to READY by
any live worker and run again; without this, a task running when its worker died would stay
RUNNING for ever (django-tasks-db only claims READY tasks).
"""

from __future__ import annotations

from django.db import models


class TaskWorker(models.Model):
    """One running `task_worker` process, identified as it is in a task's `worker_ids`."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True, help_text="The worker's last heartbeat")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"

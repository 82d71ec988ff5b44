"""A real task worker killed mid-task: the task is released, run again, and done once.

The workers are `python -m django task_worker` subprocesses on the test database (SQLite
file or PostgreSQL), as `errata serve` runs them; the task is tests.functional.blocking_tasks.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from errata import models
from tests.functional.blocking_tasks import wait_for_go

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The test database as a URL, for the worker processes."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    user = database["USER"] or ""
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


@contextmanager
def task_worker(worker_id: str, folder: Path, lease: int) -> Iterator[subprocess.Popen[str]]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "errata.conf.settings",
        "ERRATA_DATA_DIR": str(folder / "data"),
        "ERRATA_TASK_LEASE_SECONDS": str(lease),
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "django", "task_worker", "--no-reload"]
    options = ["--worker-id", worker_id, "--interval", "0.1", "--no-startup-delay"]
    worker = subprocess.Popen(  # noqa: S603 -- this interpreter, errata's command
        [*command, *options],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield worker
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
        try:
            worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.communicate()


def until(condition: Callable[[], Any], worker: subprocess.Popen[str], what: str) -> None:
    # A generous deadline for a busy 2-core machine; nothing here measures time.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if condition():
            return
        if worker.poll() is not None:
            raise AssertionError(f"the worker exited before {what}: {worker.communicate()[0]}")
        time.sleep(0.1)
    raise AssertionError(f"no {what} within 90 s")


def lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def test_a_task_whose_worker_was_killed_is_run_again_and_done_once(tmp_path: Path) -> None:
    enqueued = wait_for_go.enqueue(str(tmp_path))
    task = DBTaskResult.objects.filter(pk=enqueued.id)

    with task_worker("first", tmp_path, lease=60) as first:
        until(lambda: lines(tmp_path / "started"), first, "start of the task")
        assert task.get().status == TaskResultStatus.RUNNING
        assert models.TaskWorker.objects.filter(worker_id="first").exists()
        first.send_signal(signal.SIGKILL)
        first.wait()

    # Without leases the task would now stay RUNNING for ever: nothing would claim it.
    (tmp_path / "go").touch()
    with task_worker("second", tmp_path, lease=2) as second:
        until(lambda: task.get().status == TaskResultStatus.SUCCESSFUL, second, "success")
        row = task.get()
        second.send_signal(signal.SIGTERM)
        output, _ = second.communicate(timeout=30)

    assert row.worker_ids == ["first", "second"]
    started, done = lines(tmp_path / "started"), lines(tmp_path / "done")
    assert len(started) == 2  # one run per worker
    assert done == [started[1]]  # the effect, once, by the second worker
    assert row.return_value == int(started[1])
    assert f"task {row.pk} (tests.functional.blocking_tasks.wait_for_go) released" in output
    # A worker that stops cleanly takes its heartbeat away; the dead one's was swept.
    assert not models.TaskWorker.objects.exists()

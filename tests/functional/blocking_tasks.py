"""A task for tests that stops half-way until told to go on, run by a real task worker.

Each run leaves a trace in `folder`: `started` gets one line per run, then the run waits
for the file `go`, then `done` gets one line: the task's effect, which must happen once.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def wait_for_go(folder: str) -> int:
    where = Path(folder)
    with (where / "started").open("a") as started:
        started.write(f"{os.getpid()}\n")
    while not (where / "go").exists():
        time.sleep(0.05)
    with (where / "done").open("a") as done:
        done.write(f"{os.getpid()}\n")
    return os.getpid()

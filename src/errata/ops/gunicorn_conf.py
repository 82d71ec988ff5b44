"""gunicorn hooks for Prometheus' multi-process mode: `gunicorn -c python:errata.ops.gunicorn_conf`.

`errata serve --workers N` passes this file. With `PROMETHEUS_MULTIPROC_DIR` set, every
worker writes its counters to files in that folder and `/metrics` adds them up
(`errata.ops.collectors`). Two chores make those sums right:

- at start, files left by a previous run are removed, so counters start from zero as
  Prometheus expects after a restart rather than resuming from stale worker files;
- when a worker exits, `mark_process_dead` drops its live-gauge files (counters stay:
  what a dead worker counted still happened).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prometheus_client import multiprocess, values

from errata.conf.registry import value


def _directory() -> Path | None:
    raw: str = value("PROMETHEUS_MULTIPROC_DIR")
    return Path(raw) if raw else None


def on_starting(server: Any) -> None:
    directory = _directory()
    if directory is None:
        return
    # prometheus_client chooses where counters live once, when it is first imported. Had
    # it been imported before the variable was set, each worker would count in memory and
    # /metrics would silently show one worker's share: refuse to start instead.
    if values.ValueClass is values.MutexValue:
        raise RuntimeError(
            "PROMETHEUS_MULTIPROC_DIR was set after prometheus_client was imported; set it "
            "in the environment before starting gunicorn (docs/operations.md)."
        )
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()


def child_exit(server: Any, worker: Any) -> None:
    directory = _directory()
    if directory is not None:
        # prometheus_client's multiprocess module carries no type annotations.
        multiprocess.mark_process_dead(worker.pid, str(directory))  # type: ignore[no-untyped-call]


def post_worker_init(worker: Any) -> None:
    """Load the language model, the sites' learned vocabulary and Grammalecte's rules
    before the first request.

    Otherwise the first report each worker receives waits ~2 s for the language model,
    and the first report of each site for its vocabulary (docs/triage.md).
    """
    from errata.triage import grammar, language, vocabulary

    language.warm()
    vocabulary.warm()
    grammar.warm()  # Grammalecte, when installed, compiles its rules on first use

"""`errata serve`: gunicorn and the django-tasks worker as two supervised child processes.

The children run in their own process group, so Ctrl-C reaches only this supervisor,
which asks each child to stop exactly once: the task worker treats a second signal as
"abandon the running task". SIGTERM does the same. And if the supervisor dies without a
word (SIGKILL, the OOM killer), Linux sends each child SIGTERM (`PR_SET_PDEATHSIG`), so a
killed `errata serve` never leaves a server holding its port (decision 20).
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from types import FrameType

import click
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

WSGI_APPLICATION = "errata.conf.wsgi:application"
ASGI_APPLICATION = "errata.conf.asgi:application"
# gunicorn's own asyncio worker reads each request whole before errata sees it, so idle
# and slow clients cost a socket, never a worker; errata runs in a small thread pool
# behind it (conf/asgi.py, decision 15).
WORKER_CLASSES = ("asgi", "gthread", "sync")
GUNICORN_CONFIG = "python:errata.ops.gunicorn_conf"
# How long children get to finish their requests and tasks before they are killed.
GRACE_SECONDS = 10.0
# Ctrl-C arrives as KeyboardInterrupt; these become one too.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def pending_migrations() -> list[str]:
    """`app.migration` names not applied to the database yet, in the order they would run."""
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def gunicorn_command(
    host: str, port: int, workers: int, worker_class: str = "asgi", threads: int = 2
) -> list[str]:
    """gunicorn with `workers` processes of `worker_class`: `asgi` (the default), or
    `gthread`, each running requests in `threads` threads, or `sync` (behind a buffering
    proxy only). The asgi worker's threads are errata's own pool (conf/asgi.py), told
    through the workers' environment."""
    if worker_class not in WORKER_CLASSES:
        raise ValueError(f"worker_class must be one of {WORKER_CLASSES}, not {worker_class!r}")
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    shape = ["--worker-class", worker_class]
    if worker_class == "gthread":
        shape += ["--threads", str(threads)]
    elif worker_class == "asgi":
        shape += ["--env", f"ERRATA_SERVE_THREADS={threads}"]
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        GUNICORN_CONFIG,
        "--bind",
        bind,
        "--workers",
        str(workers),
        *shape,
        "--access-logfile",
        "-",
        "--graceful-timeout",
        str(int(GRACE_SECONDS)),
        # gunicorn's control socket lives at one path in $HOME: two servers would collide.
        "--no-control-socket",
        ASGI_APPLICATION if worker_class == "asgi" else WSGI_APPLICATION,
    ]


def worker_command() -> list[str]:
    # --no-reload: the worker would otherwise restart itself on code changes in DEBUG.
    # task_worker is db_worker with heartbeats and task leases (errata.ops.leases).
    return [sys.executable, "-m", "django", "task_worker", "--no-reload"]


# <linux/prctl.h>: "send me this signal when my parent dies".
PR_SET_PDEATHSIG = 1


def die_with_this_process() -> Callable[[], None] | None:
    """A `preexec_fn` asking Linux to send the child SIGTERM when this process dies.

    SIGTERM, not SIGKILL: gunicorn then stops its workers, and the task worker finishes
    its task, as they would if this process had been stopped politely. Elsewhere than
    Linux, None: children outlive a killed supervisor there (docs/operations.md).
    """
    if not sys.platform.startswith("linux"):
        return None
    # Loaded here, before the fork: the child runs only async-signal-safe work.
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    parent = os.getpid()

    def preexec() -> None:
        if prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
            os._exit(127)
        # The supervisor may have died between fork and prctl: nobody would tell us then.
        if os.getppid() != parent:
            os._exit(0)

    return preexec


@contextmanager
def child_environment(multiprocess_metrics: bool) -> Iterator[dict[str, str]]:
    """The children's environment; with several workers, a fresh folder for Prometheus.

    Every gunicorn worker counts in its own process; `/metrics` adds up the files they
    write in PROMETHEUS_MULTIPROC_DIR (docs/operations.md). An operator's own folder is
    kept; otherwise a temporary one lives as long as the server.
    """
    env = dict(os.environ)
    if not multiprocess_metrics or env.get("PROMETHEUS_MULTIPROC_DIR"):
        yield env
        return
    with tempfile.TemporaryDirectory(prefix="errata-metrics-") as folder:
        yield {**env, "PROMETHEUS_MULTIPROC_DIR": folder}


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run_until_stopped(commands: Mapping[str, list[str]], *, multiprocess_metrics: bool) -> int:
    """Run every command until one exits or the supervisor is stopped; the exit status."""
    children: dict[str, subprocess.Popen[bytes]] = {}
    previous = {number: signal.signal(number, _interrupt) for number in STOP_SIGNALS}
    # The children open their own connections; this process keeps none open meanwhile.
    connections.close_all()
    try:
        with child_environment(multiprocess_metrics) as env:
            preexec = die_with_this_process()
            try:
                for name, command in commands.items():
                    # The arguments are built above from validated options, not from input.
                    # preexec_fn is safe here: this process runs no other thread.
                    children[name] = subprocess.Popen(  # noqa: S603
                        command, env=env, process_group=0, preexec_fn=preexec
                    )
                return _watch(children)
            except KeyboardInterrupt:
                click.echo("errata: stopping…", err=True)
                return 0
            finally:
                _stop(children)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _watch(children: Mapping[str, subprocess.Popen[bytes]]) -> int:
    while True:
        for name, child in children.items():
            code = child.poll()
            if code is not None:
                click.echo(f"errata: the {name} exited with status {code}; stopping.", err=True)
                return code or 1
        time.sleep(0.2)


def _stop(children: Mapping[str, subprocess.Popen[bytes]]) -> None:
    running = [child for child in children.values() if child.poll() is None]
    for child in running:
        child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS + 2
    for child in running:
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except (subprocess.TimeoutExpired, KeyboardInterrupt):
            # Out of patience, or Ctrl-C pressed again: no more waiting.
            child.kill()
            child.wait()

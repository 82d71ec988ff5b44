"""A production-mode errata for the benchmark: fresh database, real server, clean stop.

Everything it starts it stops. The server (and Redis) run in a process group of their own;
on leaving, the group is asked to stop, and any process of the tree still alive after the
grace period is killed by its id.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class ServerConfig:
    """`errata serve` (what operators run), or gunicorn with chosen workers and threads."""

    workers: int
    worker_class: str = "asgi"
    threads: int = 1
    plain_gunicorn: bool = False
    # The background task worker beside gunicorn, as `errata serve` runs it by default:
    # work a report queues is part of what the report costs.
    task_worker: bool = False

    def describe(self) -> str:
        threads = f" × {self.threads} threads" if self.worker_class != "sync" else ""
        shape = f"{self.workers} {self.worker_class} workers{threads}"
        if self.plain_gunicorn:
            return f"gunicorn errata.conf, {shape}, no access log"
        worker = "" if self.task_worker else "--no-worker "
        beside = ", and the task worker" if self.task_worker else ""
        return (
            f"errata serve {worker}--workers {self.workers} "
            f"--worker-class {self.worker_class} --threads {self.threads} "
            f"(gunicorn, {shape}, access log{beside})"
        )

    def command(self, port: int) -> list[str]:
        if not self.plain_gunicorn:
            errata = shutil.which("errata", path=str(BIN)) or "errata"
            worker = [] if self.task_worker else ["--no-worker"]
            serve = ["serve", *worker, "--host=127.0.0.1", f"--port={port}"]
            return [
                errata,
                *serve,
                f"--workers={self.workers}",
                f"--worker-class={self.worker_class}",
                f"--threads={self.threads}",
            ]
        application = "asgi" if self.worker_class == "asgi" else "wsgi"
        return [
            sys.executable,
            "-m",
            "gunicorn",
            f"errata.conf.{application}:application",
            "--config=python:errata.ops.gunicorn_conf",
            f"--bind=127.0.0.1:{port}",
            f"--workers={self.workers}",
            f"--threads={self.threads}",
            f"--worker-class={self.worker_class}",
            "--no-control-socket",
            "--log-level=warning",
        ]


def production_environment(data_dir: Path, database_url: str, cache_url: str) -> dict[str, str]:
    """What an operator would set, with throwaway secrets and the rate limits off."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("ERRATA_")
        and name not in {"DATABASE_URL", "PROMETHEUS_MULTIPROC_DIR"}
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "errata.conf.settings",
        "ERRATA_ENV": "production",
        "ERRATA_SECRET_KEY": secrets.token_urlsafe(48),
        "ERRATA_IP_HASH_SECRET": secrets.token_urlsafe(48),
        "ERRATA_DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "ERRATA_CACHE_URL": cache_url,
        "ERRATA_ALLOWED_HOSTS": "127.0.0.1",
        "ERRATA_PUBLIC_URL": "http://127.0.0.1",
        # The load comes from one address; readers' addresses travel in X-Forwarded-For
        # as they would behind the site's reverse proxy.
        "ERRATA_TRUSTED_PROXY_COUNT": "1",
        "ERRATA_RATE_LIMIT_REPORTS": "0/1s",
        "ERRATA_RATE_LIMIT_ARTICLE": "0/1s",
        "ERRATA_LOG_LEVEL": "WARNING",
        "PROMETHEUS_MULTIPROC_DIR": str(data_dir / "prometheus"),
    }


def python(env: dict[str, str], *arguments: str, timeout: float = 120) -> str:
    """Run `python ARGUMENTS` with the server's environment; its standard output."""
    completed = subprocess.run(
        [sys.executable, *arguments],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"python {' '.join(arguments)} failed:\n{completed.stderr[-3000:]}")
    return completed.stdout


@contextmanager
def postgres_database(url: str) -> Iterator[str]:
    """A new, empty database at `url`, dropped afterwards."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as connection:
        connection.execute(drop)
        connection.execute(create)
    try:
        yield url
    finally:
        with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as connection:
            connection.execute(drop)


def reports_stored(data_dir: Path, database_url: str) -> int:
    """How many reports errata has stored, read from its database without starting Django."""
    query = "SELECT count(*) FROM errata_report"
    if database_url:
        with psycopg.connect(database_url, connect_timeout=5) as connection:
            row = connection.execute(query).fetchone()
    else:
        lite = sqlite3.connect(data_dir / "errata.sqlite3", timeout=20)
        try:
            row = lite.execute(query).fetchone()
        finally:
            lite.close()
    return int(row[0]) if row else 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, parents before children (from /proc)."""
    found: list[int] = []
    pending = [pid]
    while pending:
        children = Path(f"/proc/{pending.pop()}/task")
        if not children.exists():
            continue
        for task in children.iterdir():
            listing = task / "children"
            if listing.exists():
                kids = [int(child) for child in listing.read_text().split()]
                found += kids
                pending += kids
    return found


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by `pid` and every process below it.

    On a shared machine, wall-clock throughput depends on the neighbours; the CPU a report
    costs the server does much less, so the benchmark reports both.
    """
    ticks = 0
    for process in [pid, *descendants(pid)]:
        try:
            ticks += cpu_ticks(Path(f"/proc/{process}/stat").read_text())
        except OSError:
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


def cpu_ticks(stat: str) -> int:
    """utime + stime, in clock ticks, from the text of /proc/PID/stat.

    The command name (field 2) is in parentheses and may hold spaces and parentheses, so
    the fields are counted from the last ")": utime and stime are fields 14 and 15.
    """
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def worker_pids(pid: int) -> list[int]:
    """The gunicorn workers under `pid`: the processes that have no children of their own."""
    tree = descendants(pid)
    return [child for child in tree if not descendants(child)]


@contextmanager
def running(
    command: list[str], env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `command` until the block ends; then stop it and everything it started."""
    with log.open("ab") as output:
        process = subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        # Noted before the stop: orphans, if any, are no longer below the process.
        tree = {pid: _started(pid) for pid in descendants(process.pid)}
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        for pid, started in tree.items():
            # The start time tells our process from a newcomer that reused its id.
            if started and _started(pid) == started:
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


def _started(pid: int) -> str:
    """The process's start time (field 22 of /proc/PID/stat), or "" once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]


# On a shared 2-core machine, gunicorn's workers have been seen to take 50 s to boot.
START_SECONDS = 180


def wait_until_healthy(
    base_url: str,
    process: subprocess.Popen[bytes],
    log: Path,
    *,
    path: str = "/healthz",
    name: str = "errata",
) -> None:
    """Until `path` answers 200; the server's log in the error when it exits or never does."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited at start:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base_url}{path}", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(
        f"{name} did not answer {path} within {START_SECONDS} s:\n{log.read_text()[-3000:]}"
    )


@contextmanager
def serving(env: dict[str, str], config: ServerConfig, log: Path) -> Iterator[tuple[str, int]]:
    """(base URL, pid) of a running errata; stopped on leaving, whatever happens."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with running(config.command(port), env, log) as process:
        wait_until_healthy(base_url, process, log)
        yield base_url, process.pid


@contextmanager
def redis(log: Path) -> Iterator[str]:
    """A throwaway Redis on loopback (no persistence); its URL, or "" without redis-server."""
    server = shutil.which("redis-server")
    if server is None:
        yield ""
        return
    port = free_port()
    command = [
        server,
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    with running(command, dict(os.environ), log):
        deadline = time.monotonic() + 10
        while not _pong(port):
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not answer:\n{log.read_text()[-2000:]}")
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"


def _pong(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False

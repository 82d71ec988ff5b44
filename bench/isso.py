"""isso, the comparison: a popular self-hosted comment server, taking comments under load.

`bench.intake` drives isso with the same wrk shape as errata (same connections, duration,
one new comment per request with varied text, POST JSON over loopback) and reports its
figures beside errata's. This module installs it, configures it and serves it:

- **Installed** in its own virtual environment, `bench/.isso-venv` (git-ignored), from
  `bench/isso-requirements.txt` (isso 0.14.0 and everything it needs, pinned), with
  `python3 -m venv` and pip; again only when the requirements change.
- **Configured** on SQLite in the run's temporary folder: moderation off (every comment is
  published, answered 201), the guard off (its per-address rate limit and reply rules
  would refuse the load, as errata's rate limits are off), the readers' addresses taken
  from `X-Forwarded-For` as behind a proxy, everything else isso's defaults (stdout
  notifications, PBKDF2 hashing of each commenter's address).
- **Served** the way isso's documentation says for production: `gunicorn -w N --preload
  isso.run` with `ISSO_SETTINGS`, sync workers, with as many worker processes as errata
  gets and gunicorn's access log, as `errata serve` writes one.
- **No page fetch.** isso creates a thread on its first comment and, without a title in
  the request, fetches the page from the site to read one. Every request carries the
  article's title, so isso never leaves the machine (the site's address in the
  configuration does not resolve; isso's start-up check of it only logs a warning).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench import server

REQUIREMENTS = Path(__file__).with_name("isso-requirements.txt")
VENV = Path(__file__).with_name(".isso-venv")
STAMP = VENV / ".installed"


def requirements_digest() -> str:
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()


def ensure_installed(venv: Path = VENV) -> Path:
    """The isso virtual environment's `bin`, created or updated when the pins changed."""
    stamp = venv / STAMP.name
    digest = requirements_digest()
    if stamp.exists() and stamp.read_text() == digest:
        return venv / "bin"
    print(f"- isso: installing {REQUIREMENTS.name} into {venv}…", flush=True)
    # From a virtual environment's Python, venv builds on the base interpreter: isso gets
    # nothing errata installed.
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--requirement",
            str(REQUIREMENTS),
        ],
        check=True,
    )
    stamp.write_text(digest)
    return venv / "bin"


def configuration(database: Path, origin: str) -> str:
    """isso.cfg for the benchmark: only what differs from isso's own defaults."""
    return "\n".join(
        [
            "[general]",
            f"dbpath = {database}",
            f"host = {origin}",
            "[moderation]",
            "enabled = false",
            "[guard]",
            "enabled = false",
            "[server]",
            # wrk sends from loopback with each reader's address in X-Forwarded-For.
            "trusted-proxies = 127.0.0.1",
            "",
        ]
    )


@dataclass(frozen=True)
class IssoServer:
    """gunicorn serving isso, as isso's documentation runs it in production."""

    bin: Path
    workers: int

    def command(self, port: int) -> list[str]:
        return [
            str(self.bin / "gunicorn"),
            f"--bind=127.0.0.1:{port}",
            f"--workers={self.workers}",
            "--preload",
            "--access-logfile=-",
            "--no-control-socket",
            "isso.run",
        ]

    def describe(self) -> str:
        return (
            f"isso 0.14.0: gunicorn --workers {self.workers} --preload isso.run "
            f"({self.workers} sync workers, access log), SQLite"
        )


def comments(database: Path) -> int:
    """How many comments isso stored (0 before its first request creates the file)."""
    if not database.exists():
        return 0
    connection = sqlite3.connect(database, timeout=20)
    try:
        (count,) = connection.execute("SELECT count(*) FROM comments").fetchone()
    finally:
        connection.close()
    return int(count)


@contextmanager
def serving(config: IssoServer, data_dir: Path, origin: str) -> Iterator[tuple[str, int, Path]]:
    """(base URL, pid, database) of a running isso; stopped on leaving."""
    database = data_dir / "comments.db"
    settings = data_dir / "isso.cfg"
    settings.write_text(configuration(database, origin), encoding="utf-8")
    log = data_dir / "isso.log"
    env = {
        **{name: value for name, value in os.environ.items() if name != "VIRTUAL_ENV"},
        "ISSO_SETTINGS": str(settings),
    }
    port = server.free_port()
    base_url = f"http://127.0.0.1:{port}"
    with server.running(config.command(port), env, log) as process:
        server.wait_until_healthy(base_url, process, log, path="/info", name="isso")
        yield base_url, process.pid, database

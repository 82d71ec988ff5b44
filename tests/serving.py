"""Running a real `errata serve` in a subprocess, for the tests that need real workers.

The server runs on a fresh SQLite folder (whatever DATABASE_URL the suite uses), as `make
demo` does, and is stopped with a signal.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ERRATA = str(Path(sys.executable).parent / "errata")


@dataclass(frozen=True)
class Answer:
    """An HTTP answer as a test reads it."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def environment(data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "ERRATA_ENV"}}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    return {**env, "ERRATA_DATA_DIR": str(data), **extra}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def children(pid: int) -> dict[int, tuple[str, dict[str, str]]]:
    """Direct children of `pid`: their command line and environment, from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # /proc/N/stat is "N (comm) state ppid …"; comm may itself hold ")".
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if parent != pid:
                continue
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            environ = (entry / "environ").read_bytes().split(b"\0")
        except (FileNotFoundError, ProcessLookupError):
            continue  # a process that ended while being read
        env = dict(item.decode().partition("=")[::2] for item in environ if item)
        found[int(entry.name)] = (cmdline, env)
    return found


def _parent_and_state(entry: Path) -> tuple[int, str]:
    # /proc/N/stat is "N (comm) state ppid …"; comm may itself hold ")".
    state, ppid = entry.joinpath("stat").read_text().rsplit(")", 1)[1].split()[:2]
    return int(ppid), state


def descendants(pid: int) -> dict[int, str]:
    """Every process under `pid`, at any depth: its command line."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents.setdefault(_parent_and_state(entry)[0], []).append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError):
                continue
    found: dict[int, str] = {}
    waiting = list(parents.get(pid, []))
    while waiting:
        child = waiting.pop()
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ")
        except (FileNotFoundError, ProcessLookupError):
            continue
        found[child] = command.decode().strip()
        waiting.extend(parents.get(child, []))
    return found


def running(pid: int) -> bool:
    """Whether `pid` still runs: a zombie waiting for a parent to reap it does not."""
    try:
        return _parent_and_state(Path(f"/proc/{pid}"))[1] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def wait_for(url: str, server: subprocess.Popen[str], timeout: float = 180) -> bytes:
    # Generous: gunicorn workers can take a minute to boot on a busy 2-core machine.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()[0]
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                body: bytes = response.read()
                return body
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {timeout} s")


def errata(env: dict[str, str], *arguments: str, stdin: str | None = None) -> str:
    """Run an `errata` command to its end; its standard output."""
    done = subprocess.run(  # noqa: S603 -- the project's own command
        [ERRATA, *arguments], env=env, input=stdin, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@contextmanager
def serving(env: dict[str, str], *options: str) -> Iterator[str]:
    """`errata serve` with `options` on a free port, until the block ends; its base URL."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [ERRATA, "serve", "--port", str(port), *options],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz", server)
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()

"""Driving the server with wrk: a C load generator, so the clients cost little CPU.

On a 2-core machine the load generator competes with the server for the same cores; a
Python client would spend as much CPU building requests as errata spends answering them
and the figures would measure the client. wrk (event loop, requests prepared once in Lua
by `reports.lua`) costs a few percent of a core at these rates.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("reports.lua")
MARKER = "BENCH_RESULT "


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    non201: int
    socket_errors: int
    timeouts: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    last: int  # the highest request number sent: the next run starts after it
    example: str = ""

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def created(self) -> int:
        return self.requests - self.non201

    @property
    def errors(self) -> int:
        """Answers that were not 201, and requests that got no answer at all."""
        return self.non201 + self.socket_errors + self.timeouts


def parse(output: str) -> Result:
    """The result line `reports.lua` prints at the end of wrk's output."""
    for line in output.splitlines():
        if line.startswith(MARKER):
            raw = json.loads(line.removeprefix(MARKER))
            return Result(
                requests=raw["requests"],
                seconds=raw["duration_us"] / 1e6,
                non201=raw["non201"],
                socket_errors=raw["socket_errors"],
                timeouts=raw["timeouts"],
                p50_ms=raw["p50_us"] / 1000,
                p90_ms=raw["p90_us"] / 1000,
                p99_ms=raw["p99_us"] / 1000,
                max_ms=raw["max_us"] / 1000,
                last=raw["last"],
                example=raw["example"],
            )
    raise ValueError(f"wrk printed no {MARKER.strip()} line:\n{output[-2000:]}")


def ensure_installed() -> str:
    """wrk's path; `make bench` installs the Debian package (scripts/system-packages)."""
    found = shutil.which("wrk")
    if not found:
        raise SystemExit(
            "wrk is missing: `make bench` installs it, or `make system-packages SYSTEM_PACKAGES=bench`"
        )
    return found


@dataclass(frozen=True)
class Load:
    """What to send: the prepared requests, from the Origin, starting at request `first`."""

    requests_file: Path
    origin: str
    first: int = 0


def command(wrk: str, base_url: str, clients: int, seconds: float, load: Load) -> list[str]:
    # Two event-loop threads drive 16 connections without taking a core from the server.
    threads = min(clients, 2)
    return [
        wrk,
        f"--connections={clients}",
        f"--threads={threads}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=10s",
        f"--script={SCRIPT}",
        base_url,
        "--",
        str(load.requests_file),
        load.origin,
        str(load.first),
        str(threads),
    ]


def run(wrk: str, base_url: str, clients: int, seconds: float, load: Load) -> Result:
    completed = subprocess.run(
        command(wrk, base_url, clients, seconds, load),
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"wrk failed ({completed.returncode}): {completed.stderr[-2000:]}")
    return parse(completed.stdout)

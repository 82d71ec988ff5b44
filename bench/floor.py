"""The floor under the intake benchmark: what the same server and load give for almost no work.

`python -m bench.floor [--seconds 10] [--clients 16]` serves a bare ASGI app (`floor_app`
below) with gunicorn's asgi worker, 2 worker processes, as `errata serve` runs errata, and
drives it with `bench.intake`'s wrk script and reports: each request's JSON is parsed and
stored whole in one `INSERT` of its own `BEGIN IMMEDIATE` transaction, in a thread, on a
SQLite database in WAL mode. No validation, no Django, no task worker: the most any
Python server on this stack can take per second on this machine. It is measured with the
writers waiting in SQLite's busy handler, then queued on a file lock (decision 27).

The question it answers: issue 13 asks for 5× isso's reports per second. On two cores a
rate R leaves 2,000 / R ms of CPU per report for everything on the machine; the floor
says how much of that the HTTP stack and one write already take.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import intake, payloads, server, wrk

ORIGIN = intake.ORIGIN
MODES = {"busy": "SQLite's busy handler", "flock": "a file lock (decision 27)"}


def write_requests(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as output:
        for address, report in payloads.reports("pk_floor", intake.pages(), count):
            output.write(f"/api/v1/reports\t{address}\t{json.dumps(report)}\n")


def measure(mode: str, clients: int, seconds: float, folder: Path) -> dict[str, Any]:
    database = folder / f"{mode}.sqlite3"
    env = {
        **os.environ,
        "FLOOR_MODE": mode,
        "FLOOR_DATABASE": str(database),
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
    }
    port = server.free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "bench.floor_app:application",
        "--worker-class=asgi",
        "--workers=2",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
        "--no-control-socket",
        f"--access-logfile={folder / 'access.log'}",
    ]
    log = folder / f"{mode}.log"
    with log.open("w") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        server.wait_until_healthy(f"http://127.0.0.1:{port}", process, log, name="floor app")
        load = wrk.Load(folder / "requests.txt", ORIGIN)
        binary = wrk.ensure_installed()
        wrk.run(binary, f"http://127.0.0.1:{port}", clients, 2, load)  # warm-up
        before = server.cpu_seconds(process.pid)
        result = wrk.run(binary, f"http://127.0.0.1:{port}", clients, seconds, load)
        cpu = server.cpu_seconds(process.pid) - before
    finally:
        process.terminate()
        process.wait(30)
    return {
        "mode": MODES[mode],
        "rate": result.per_second,
        "p50": result.p50_ms,
        "p99": result.p99_ms,
        "errors": result.errors,
        "cpu_ms": cpu * 1000 / max(result.created, 1),
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.floor", description=__doc__)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=16)
    options = parser.parse_args(argv)
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        write_requests(folder / "requests.txt", 20_000)
        for mode in MODES:
            rows.append(measure(mode, options.clients, options.seconds, folder))
            time.sleep(1)
    print(f"\n{options.clients} clients, {options.seconds:g} s measured after 2 s of warm-up")
    print("| writers wait in | requests/s | p50 ms | p99 ms | errors | server CPU ms/request |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(
            f"| {row['mode']} | {row['rate']:,.0f} | {row['p50']:.1f} | {row['p99']:.1f} "
            f"| {row['errors']} | {row['cpu_ms']:.2f} |"
        )
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main(sys.argv[1:])

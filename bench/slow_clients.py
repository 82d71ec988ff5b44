"""How `/healthz` answers while clients hold connections open without finishing a request.

    python -m bench.slow_clients [--idle 50] [--partial 20] [--samples 50]

For each gunicorn worker class `errata serve` offers (asgi, the default; gthread with 4
threads; sync), on 2 workers and SQLite: `--idle` connections that send nothing (browser
preconnects) and `--partial` ones that send half a request line and stall (a slowloris),
then `--samples` sequential GET /healthz, each with a 10 s timeout, given up after three
timeouts in a row. Prints the latency percentiles and how many of those sent timed out
(docs/performance.md, decision 15).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench import server

SHAPES = (
    server.ServerConfig(2, "asgi"),
    server.ServerConfig(2, "gthread", threads=4),
    server.ServerConfig(2, "sync"),
)


# A server whose workers are all held answers nothing: after this many timeouts in a row
# the remaining samples would only add 10 s each to `make bench`.
GIVE_UP_AFTER = 3


def _latencies(base_url: str, samples: int) -> tuple[list[float], int, int]:
    """Latencies in ms of the answered requests, how many timed out, how many were sent."""
    times, failed, in_a_row, sent = [], 0, 0, 0
    for _ in range(samples):
        if in_a_row >= GIVE_UP_AFTER:
            break
        sent += 1
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=10) as response:
                response.read()
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            failed += 1
            in_a_row += 1
            continue
        in_a_row = 0
        times.append((time.monotonic() - started) * 1000)
    return times, failed, sent


def _hold(port: int, idle: int, partial: int) -> list[socket.socket]:
    held = [socket.create_connection(("127.0.0.1", port)) for _ in range(idle)]
    for _ in range(partial):
        connection = socket.create_connection(("127.0.0.1", port))
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never ends
        held.append(connection)
    return held


def _row(name: str, times: list[float], failed: int, sent: int) -> str:
    timed_out = f"{failed} of {sent}" if failed else "0"
    if not times:
        return f"| {name} | – | – | – | {timed_out} |"
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (
        f"| {name} | {statistics.median(ordered):.1f} | {p95:.1f} | {ordered[-1]:.1f} "
        f"| {timed_out} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--idle", type=int, default=50)
    parser.add_argument("--partial", type=int, default=20)
    parser.add_argument("--samples", type=int, default=50)
    options = parser.parse_args()

    print(f"{options.idle} idle and {options.partial} stalled connections, then GET /healthz")
    print("| server | p50 ms | p95 ms | max ms | timed out (10 s) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        env = server.production_environment(data, "", "")
        server.python(env, "-m", "django", "migrate", "--verbosity=0")
        for shape in SHAPES:
            log = data / f"{shape.worker_class}.log"
            with server.serving(env, shape, log) as (base_url, _pid):
                _latencies(base_url, 5)  # every worker imported and warm
                quiet = _latencies(base_url, options.samples)
                port = int(base_url.rsplit(":", 1)[1])
                held = _hold(port, options.idle, options.partial)
                try:
                    busy = _latencies(base_url, options.samples)
                finally:
                    for connection in held:
                        connection.close()
            name = shape.describe().split(" (")[0]
            print(_row(f"{name}, no other client", *quiet))
            print(_row(f"{name}, with the held connections", *busy))


if __name__ == "__main__":
    main()

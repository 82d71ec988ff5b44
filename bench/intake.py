"""`make bench`: how many reports per second errata's intake takes, and how fast it answers.

For each database engine: a fresh database, migrations, a site with two articles, and
errata in production mode (`errata serve`, gunicorn workers, Redis as the shared cache);
then wrk posts varied valid reports, each with a solved proof of work, to
`POST /api/v1/reports` over loopback: 1 client, then 16, each for a fixed time after a
short warm-up. The table gives reports/s, median and 99th-percentile latency, and every
answer that was not 201. docs/performance.md records the figures and what limits them.

    python -m bench.intake                          # both engines, 1 and 16 clients, 20 s
    python -m bench.intake --engines sqlite --clients 16 --seconds 5
    python -m bench.intake --gunicorn --workers 4 --worker-class sync  # another shape
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench import payloads, server, wrk

ORIGIN = "https://gazette.bench.example"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/errata_bench"
ACCESS_LOG_LINE = re.compile(r'^\S+ - \S+ \[[^\]]+\] "')
BUDGET_SECONDS = 290  # `make bench` stays under five minutes
SETUP_SECONDS = 25  # per engine: database, migrations, seeding, server start


@dataclass(frozen=True)
class Row:
    engine: str
    clients: int
    result: wrk.Result | None
    note: str = ""
    cpu_ms: float = 0.0  # server CPU time per request during the measured run


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")),
        platform.processor() or "unknown CPU",
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    return (
        f"{os.cpu_count()} cores ({model}), {memory_kb / 1024**2:.0f} GiB memory, "
        f"Python {platform.python_version()}"
    )


def format_table(rows: list[Row]) -> str:
    """The results as a Markdown table (pasted as is into docs/performance.md)."""
    lines = [
        "| engine | clients | reports/s | p50 ms | p99 ms | errors (non-201) | server CPU ms/report |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        if row.result is None:
            lines.append(f"| {row.engine} | {row.clients} | — | — | — | {row.note} | — |")
            continue
        r = row.result
        cpu = "—" if math.isnan(row.cpu_ms) else f"{row.cpu_ms:.1f}"
        lines.append(
            f"| {row.engine} | {row.clients} | {r.per_second:,.0f} | {r.p50_ms:.1f} "
            f"| {r.p99_ms:.1f} | {r.errors:,} | {cpu} |"
        )
    return "\n".join(lines)


def write_requests(
    path: Path, site_key: str, articles: list[payloads.StoredArticle], proofs: list[str]
) -> None:
    """One line per request for `reports.lua`: reader address, tab, JSON body."""
    with path.open("w", encoding="utf-8") as output:
        traffic = payloads.reports(site_key, articles, len(proofs))
        for (address, body), proof in zip(traffic, proofs, strict=True):
            body["altcha"] = proof
            output.write(f"{address}\t{json.dumps(body)}\n")


@contextmanager
def database(engine: str, postgres_url: str) -> Iterator[str]:
    if engine == "sqlite":
        yield ""
    else:
        with server.postgres_database(postgres_url) as url:
            yield url


def bench_engine(engine: str, options: argparse.Namespace, wrk_path: str) -> list[Row]:
    with ExitStack() as stack:
        data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="errata-bench-")))
        log = data_dir / "server.log"
        url = stack.enter_context(database(engine, options.postgres_url))
        cache_url = "" if options.no_redis else stack.enter_context(server.redis(log))
        env = server.production_environment(data_dir, url, cache_url)
        server.python(env, "-m", "django", "migrate", "--no-input", timeout=180)
        proofs_file = data_dir / "proofs.txt"
        seeded = json.loads(
            server.python(
                env, "-m", "bench.seed", "seed", ORIGIN, str(proofs_file), str(options.prepared)
            )
        )
        requests_file = data_dir / "requests.tsv"
        write_requests(
            requests_file,
            seeded["site_key"],
            [payloads.StoredArticle(**article) for article in seeded["articles"]],
            proofs_file.read_text().split(),
        )
        base_url, pid = stack.enter_context(server.serving(env, options.server, log))
        rows, created, sent = [], 0, 0
        for clients in options.clients:
            runs: list[wrk.Result] = []
            for seconds in (options.warmup, options.seconds):
                profilers = profile(options, engine, clients, pid) if runs else []
                load = wrk.Load(requests_file, ORIGIN, first=sent)
                cpu_before = server.cpu_seconds(pid)
                runs.append(wrk.run(wrk_path, base_url, clients, seconds, load))
                cpu = server.cpu_seconds(pid) - cpu_before
                for profiler in profilers:
                    profiler.wait(timeout=30)
                sent = runs[-1].last + 1
            created += sum(run.created for run in runs)
            result = runs[-1]
            # A worker that died took its CPU time with it: no figure rather than a wrong one.
            cpu_ms = 1000 * cpu / result.requests if cpu > 0 and result.requests else math.nan
            rows.append(Row(engine, clients, result, cpu_ms=cpu_ms))
            if result.errors:
                print(f"  {engine}/{clients}: first refusal: {result.example}", file=sys.stderr)
        if any(row.result is not None and row.result.errors for row in rows):
            # The server's log goes with the temporary folder: show why before it does,
            # without the access log's thousands of lines.
            lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
            problems = [line for line in lines if not ACCESS_LOG_LINE.match(line)]
            print(f"  {engine}: the server's log without access lines:", file=sys.stderr)
            print("\n".join(problems[-60:]), file=sys.stderr)
        stored = json.loads(server.python(env, "-m", "bench.seed", "count"))
        # wrk stops counting with requests still in flight (at most one per client and
        # run); the server finishes and stores them.
        in_flight = 2 * sum(options.clients)
        if not created <= stored["reports"] <= created + in_flight:
            print(
                f"  {engine}: {created} answered 201, {stored['reports']} stored", file=sys.stderr
            )
        if sent > options.prepared:
            print(
                f"  {engine}: more requests than --prepared: proofs were replayed", file=sys.stderr
            )
        print(f"  {engine}: {stored['reports']:,} reports in {stored['cases']:,} cases", flush=True)
        return rows


def profile(
    options: argparse.Namespace, engine: str, clients: int, pid: int
) -> list[subprocess.Popen[bytes]]:
    """With --profile DIR: py-spy samples every worker during the measured run."""
    if options.profile is None or clients != max(options.clients):
        return []
    workers = server.worker_pids(pid)
    py_spy = shutil.which("py-spy", path=str(server.BIN)) or shutil.which("py-spy")
    if not workers or py_spy is None:
        print("  --profile needs py-spy (pip install py-spy) and a worker", file=sys.stderr)
        return []
    options.profile.mkdir(parents=True, exist_ok=True)
    seconds = max(1, round(options.seconds) - 1)
    return [
        subprocess.Popen(
            [
                py_spy,
                "record",
                f"--pid={worker}",
                f"--duration={seconds}",
                "--format=raw",
                f"--output={options.profile / f'{engine}-{clients}-{worker}.txt'}",
                "--nonblocking",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for worker in workers
    ]


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.intake", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--engines", default="sqlite,postgres", type=lambda raw: raw.split(","))
    parser.add_argument(
        "--clients", default="1,16", type=lambda raw: [int(n) for n in raw.split(",")]
    )
    parser.add_argument("--seconds", type=float, default=20, help="measured time per run")
    parser.add_argument("--warmup", type=float, default=3, help="unmeasured time before each run")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--gunicorn", action="store_true", help="plain gunicorn, not errata serve")
    parser.add_argument(
        "--worker-class", default="asgi", choices=["asgi", "gthread", "sync"], help="gunicorn's"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument("--no-redis", action="store_true", help="local-memory cache per worker")
    parser.add_argument("--prepared", type=int, default=40_000, help="distinct requests to cycle")
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--profile", type=Path, help="folder for py-spy samples of one worker")
    options = parser.parse_args(argv)
    options.server = server.ServerConfig(
        options.workers, options.worker_class, options.threads, options.gunicorn
    )
    runs = len(options.engines) * len(options.clients)
    planned = runs * (options.seconds + options.warmup) + SETUP_SECONDS * len(options.engines)
    if planned > BUDGET_SECONDS:
        parser.error(f"about {planned:.0f} s planned; the budget is {BUDGET_SECONDS} s")
    return options


def main(argv: list[str]) -> int:
    options = parse_arguments(argv)
    wrk_path = wrk.ensure_installed()
    print(f"errata intake benchmark — {machine()}")
    print(f"server: {options.server.describe()}, ERRATA_ENV=production")
    cache = "local memory per worker" if options.no_redis else "Redis on loopback"
    print(f"cache: {cache}; load: wrk on loopback, {options.prepared:,} distinct reports")
    # The machine may be shared: a busy neighbour shows here before it skews the figures.
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    started = time.monotonic()
    rows: list[Row] = []
    for engine in options.engines:
        print(f"- {engine}: fresh database, migrate, seed, serve…", flush=True)
        try:
            rows += bench_engine(engine, options, wrk_path)
        except (OSError, RuntimeError, ValueError, subprocess.SubprocessError) as error:
            print(f"  {engine} failed: {error}", file=sys.stderr)
            rows += [Row(engine, clients, None, "did not run") for clients in options.clients]
    print()
    print(format_table(rows))
    print(
        f"\n{options.seconds:g} s per run after {options.warmup:g} s of warm-up; "
        f"{time.monotonic() - started:.0f} s in all"
    )
    return 0 if all(row.result is not None for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

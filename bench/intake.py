"""`make bench`: how many reports per second errata's intake takes, beside isso.

In one run, on this machine: isso (bench/isso.py), then errata on SQLite, then errata on
PostgreSQL, then isso again. Each gets a fresh database and is served in production mode
with the same number of worker processes: errata by `errata serve` (gunicorn and the task
worker, Redis as the shared cache), isso by gunicorn as its documentation says. wrk then
posts varied, valid requests over loopback, one new report (or comment) each, at 1
client and then 16, each for a fixed time after a short warm-up. The table
(bench/compare.py) gives requests/s, median and 99th-percentile latency, every answer
that was not 201, the server's CPU time per stored report, stored against acknowledged,
errata's ratio to isso and issue 13's bar. docs/performance.md records the figures.

    python -m bench.intake                          # everything, 1 and 16 clients, 20 s
    python -m bench.intake --engines sqlite --clients 16 --seconds 5 --no-isso
    python -m bench.intake --gunicorn --workers 4 --worker-class sync  # another shape
"""

from __future__ import annotations

import argparse
import json
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
from typing import Protocol

from bench import articles, compare, isso, payloads, server, wrk

Row = compare.Row

ORIGIN = "https://gazette.bench.example"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/bench_errata"
ACCESS_LOG_LINE = re.compile(r'^\S+ - \S+ \[[^\]]+\] "')
ISSO_PHASES = ("isso (before)", "isso (after)")
BUDGET_SECONDS = 480  # the intake part of `make bench` stays under eight minutes
SETUP_SECONDS = 25  # per engine: database, migrations, seeding, server start
ISSO_SETUP_SECONDS = 8  # per isso run: configuration, server start
SETTLE_SECONDS = 60  # the longest wait for the task worker's queue after a run


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


def write_requests(
    path: Path, site_key: str, articles: list[payloads.StoredArticle], proofs: list[str]
) -> None:
    """One line per request for `reports.lua`: path, reader address, JSON body (tabs)."""
    with path.open("w", encoding="utf-8") as output:
        traffic = payloads.reports(site_key, articles, len(proofs))
        for (address, body), proof in zip(traffic, proofs, strict=True):
            body["altcha"] = proof
            output.write(f"/api/v1/reports\t{address}\t{json.dumps(body)}\n")


def pages() -> list[payloads.StoredArticle]:
    """The benchmark's articles as served on the site, for servers that store no article."""
    return [
        payloads.StoredArticle(ORIGIN + article.path, article.title, article.language, article.text)
        for article in articles.ARTICLES
    ]


def write_isso_requests(path: Path, count: int) -> None:
    """The same traffic as isso comments: same readers, passages, words (`reports.lua`)."""
    with path.open("w", encoding="utf-8") as output:
        for address, report in payloads.reports("isso", pages(), count):
            request_path, body = payloads.isso_comment(report)
            output.write(f"{request_path}\t{address}\t{json.dumps(body)}\n")


@contextmanager
def database(engine: str, postgres_url: str) -> Iterator[str]:
    if engine == "sqlite":
        yield ""
    else:
        with server.postgres_database(postgres_url) as url:
            yield url


class Target(Protocol):
    """A running server under measurement, errata's or isso's."""

    server: str
    engine: str
    base_url: str
    pid: int

    def stored(self) -> int: ...

    def settle(self) -> None: ...


@dataclass
class ErrataTarget:
    server: str
    engine: str
    base_url: str
    pid: int
    env: dict[str, str]
    data_dir: Path
    database_url: str
    task_worker: bool

    def stored(self) -> int:
        return server.reports_stored(self.data_dir, self.database_url)

    def settle(self) -> None:
        """Wait for the task worker: what a report queues is part of its cost."""
        if not self.task_worker:
            return
        drained = json.loads(
            server.python(self.env, "-m", "bench.seed", "drain", str(SETTLE_SECONDS))
        )
        if drained["tasks_waiting"]:
            print(
                f"  {self.engine}: {drained['tasks_waiting']} tasks and reports without a case still waiting after "
                f"{SETTLE_SECONDS} s",
                file=sys.stderr,
            )


@dataclass
class IssoTarget:
    server: str
    engine: str
    base_url: str
    pid: int
    database: Path

    def stored(self) -> int:
        return isso.comments(self.database)

    def settle(self) -> None:
        """isso does everything in the request: nothing to wait for."""


@dataclass
class Traffic:
    """The prepared requests of one server, and how many were sent already."""

    requests_file: Path
    prepared: int
    sent: int = 0


def quiesce(target: Target, timeout: float = 10) -> int:
    """The stored count once it stops moving: wrk stops with requests still in flight
    (at most one per connection), which the server finishes and stores after it."""
    deadline = time.monotonic() + timeout
    last = target.stored()
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = target.stored()
        if now == last:
            break
        last = now
    return last


def measure(
    target: Target, traffic: Traffic, options: argparse.Namespace, wrk_path: str
) -> list[Row]:
    """For each number of clients: a warm-up, then the measured run; one row each."""
    rows = []
    for clients in options.clients:
        stored_before = target.stored()
        warmup = wrk.run(
            wrk_path,
            target.base_url,
            clients,
            options.warmup,
            wrk.Load(traffic.requests_file, ORIGIN, first=traffic.sent),
        )
        traffic.sent = warmup.last + 1
        quiesce(target)
        target.settle()
        stored_warm = target.stored()
        is_errata = isinstance(target, ErrataTarget)
        profilers = profile(options, target.engine, clients, target.pid) if is_errata else []
        cpu_before = server.cpu_seconds(target.pid)
        result = wrk.run(
            wrk_path,
            target.base_url,
            clients,
            options.seconds,
            wrk.Load(traffic.requests_file, ORIGIN, first=traffic.sent),
        )
        traffic.sent = result.last + 1
        quiesce(target)
        target.settle()
        cpu = server.cpu_seconds(target.pid) - cpu_before
        stored_after = target.stored()
        for profiler in profilers:
            profiler.wait(timeout=30)
        row = Row(
            target.server,
            target.engine,
            clients,
            result,
            cpu_ms=compare.cpu_ms_per_report(cpu, stored_after - stored_warm),
            acknowledged=warmup.created + result.created,
            stored=stored_after - stored_before,
        )
        rows.append(row)
        label = f"{target.server}/{target.engine}/{clients}"
        if result.errors:
            print(f"  {label}: first refusal: {result.example}", file=sys.stderr)
        if not row.durable:
            print(
                f"  {label}: {row.acknowledged:,} answered 201, {row.stored:,} stored",
                file=sys.stderr,
            )
        print(
            f"  {label}: {result.per_second:,.0f} requests/s, p99 {result.p99_ms:,.1f} ms",
            flush=True,
        )
    if traffic.sent > traffic.prepared:
        print(f"  {target.server}: more requests than --prepared: replayed", file=sys.stderr)
    return rows


def show_server_problems(log: Path, label: str) -> None:
    """The server's log goes with the temporary folder: show why before it does, without
    the access log's thousands of lines."""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    problems = [line for line in lines if not ACCESS_LOG_LINE.match(line)]
    print(f"  {label}: the server's log without access lines:", file=sys.stderr)
    print("\n".join(problems[-60:]), file=sys.stderr)


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
        target = ErrataTarget(
            "errata", engine, base_url, pid, env, data_dir, url, options.server.task_worker
        )
        rows = measure(target, Traffic(requests_file, options.prepared), options, wrk_path)
        if any(row.result is not None and row.result.errors for row in rows):
            show_server_problems(log, engine)
        stored = json.loads(server.python(env, "-m", "bench.seed", "count"))
        print(f"  {engine}: {stored['reports']:,} reports in {stored['cases']:,} cases", flush=True)
        return rows


def bench_isso(
    phase: str, options: argparse.Namespace, wrk_path: str, isso_bin: Path, traffic: Traffic
) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="isso-bench-") as folder:
        data_dir = Path(folder)
        config = isso.IssoServer(isso_bin, options.workers)
        with isso.serving(config, data_dir, ORIGIN) as (base_url, pid, database):
            target = IssoTarget(phase, "sqlite", base_url, pid, database)
            rows = measure(target, traffic, options, wrk_path)
        if any(row.result is not None and row.result.errors for row in rows):
            show_server_problems(data_dir / "isso.log", phase)
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
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn worker processes, errata's and isso's"
    )
    parser.add_argument("--gunicorn", action="store_true", help="plain gunicorn, not errata serve")
    parser.add_argument(
        "--worker-class", default="asgi", choices=["asgi", "gthread", "sync"], help="gunicorn's"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=2,
        help="threads per asgi or gthread worker (serve's default)",
    )
    parser.add_argument("--no-redis", action="store_true", help="local-memory cache per worker")
    parser.add_argument("--no-isso", action="store_true", help="errata alone, no comparison")
    parser.add_argument(
        "--no-task-worker", action="store_true", help="errata serve --no-worker (no drain)"
    )
    parser.add_argument("--prepared", type=int, default=40_000, help="distinct requests to cycle")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", POSTGRES_URL),
        help="a database the benchmark may drop and create (default: $BENCH_POSTGRES_URL, or "
        "bench_errata on 127.0.0.1)",
    )
    parser.add_argument("--profile", type=Path, help="folder for py-spy samples of one worker")
    options = parser.parse_args(argv)
    options.server = server.ServerConfig(
        options.workers,
        options.worker_class,
        options.threads,
        options.gunicorn,
        task_worker=not (options.gunicorn or options.no_task_worker),
    )
    if planned_seconds(options) > BUDGET_SECONDS:
        parser.error(
            f"about {planned_seconds(options):.0f} s planned; the budget is {BUDGET_SECONDS} s"
        )
    return options


def planned_seconds(options: argparse.Namespace) -> float:
    run = float(options.seconds + options.warmup)
    isso_runs = 0 if options.no_isso else len(ISSO_PHASES)
    return len(options.engines) * (len(options.clients) * run + SETUP_SECONDS) + isso_runs * (
        len(options.clients) * run + ISSO_SETUP_SECONDS
    )


def main(argv: list[str]) -> int:
    options = parse_arguments(argv)
    wrk_path = wrk.ensure_installed()
    isso_bin = None
    if not options.no_isso:
        try:
            isso_bin = isso.ensure_installed()
        except (OSError, subprocess.SubprocessError) as error:
            # Without the comparison the table still has errata's figures; the verdict
            # then says "no isso figure".
            print(f"isso could not be installed ({error}): errata alone", file=sys.stderr)
    print(f"errata intake benchmark — {machine()}")
    print(f"errata: {options.server.describe()}, ERRATA_ENV=production")
    cache = "local memory per worker" if options.no_redis else "Redis on loopback"
    print(f"  cache: {cache}; load: wrk on loopback, {options.prepared:,} distinct reports")
    if isso_bin is not None:
        print(f"isso: {isso.IssoServer(isso_bin, options.workers).describe()}")
    # The machine may be shared: a busy neighbour shows here before it skews the figures.
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    started = time.monotonic()
    rows: list[Row] = []
    isso_traffic = None
    if isso_bin is not None:
        isso_traffic = Traffic(
            Path(tempfile.mkdtemp(prefix="isso-requests-")) / "requests.tsv", options.prepared
        )
        write_isso_requests(isso_traffic.requests_file, options.prepared)
    phases: list[str] = [ISSO_PHASES[0], *options.engines, ISSO_PHASES[1]]
    for phase in phases:
        try:
            if phase in ISSO_PHASES:
                if isso_bin is None or isso_traffic is None:
                    continue
                print(f"- {phase}: fresh database, serve…", flush=True)
                rows += bench_isso(phase, options, wrk_path, isso_bin, isso_traffic)
            else:
                print(f"- errata on {phase}: fresh database, migrate, seed, serve…", flush=True)
                rows += bench_engine(phase, options, wrk_path)
        except (OSError, RuntimeError, ValueError, subprocess.SubprocessError) as error:
            print(f"  {phase} failed: {error}", file=sys.stderr)
            server_name, engine = (phase, "sqlite") if phase in ISSO_PHASES else ("errata", phase)
            rows += [
                Row(server_name, engine, clients, None, "did not run")
                for clients in options.clients
            ]
    if isso_traffic is not None:
        shutil.rmtree(isso_traffic.requests_file.parent, ignore_errors=True)
    print()
    print(compare.format_table(rows))
    print(
        f"\n{options.seconds:g} s per run after {options.warmup:g} s of warm-up; "
        f"{time.monotonic() - started:.0f} s in all"
    )
    print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(
        f"bar (issue 13): at {compare.BAR_CLIENTS} clients, errata ≥ {compare.BAR_RATIO:g}× "
        f"isso's requests/s (mean of its two runs), p99 ≤ {compare.BAR_P99_MS:g} ms, "
        "0 errors; a verdict on this run, not an exit status"
    )
    return 0 if all(row.result is not None for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

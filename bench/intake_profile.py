"""Where a report's CPU goes, in one process: the request's steps, then the task worker's.

`python -m bench.intake_profile [--postgres-url URL] [--reports 300] [--path fast|django]`
stores the benchmark's reports through the ASGI app's fast path (`api.fast_intake.respond`,
as `errata serve` answers them) or through Django's handler (the test client), with
production settings, proof of work on and rate limits off, then runs django-tasks-db's worker loop until the queue is empty,
and prints CPU ms (`time.process_time`) and SQL statements per report, in all and per
step. A warm-up of 60 reports and one worker run come first, so that dictionaries and
per-process caches are loaded as in a running server. Numbers move with the machine's
load less than wall time does, but they still move: compare runs made back to back.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

ORIGIN = "https://gazette.example"
CPROFILE: str | None = None
WARM_UP = 60


class Counter:
    """CPU and statements per named step; nested steps count in their parents too."""

    def __init__(self) -> None:
        self.cpu: dict[tuple[str, str], float] = defaultdict(float)
        self.queries: dict[tuple[str, str], int] = defaultdict(int)
        self.active: list[str] = []
        self.phase = "request"
        self.total_queries: dict[str, int] = defaultdict(int)

    def wrapper(self, execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        self.total_queries[self.phase] += 1
        if os.environ.get("PROFILE_SQL") == self.phase:
            print(f"{self.phase}: {' > '.join(self.active)}: {sql[:150]}")
        for name in set(self.active):
            self.queries[self.phase, name] += 1
        return execute(sql, *args)

    def patch(self, owner: Any, attribute: str, name: str | None = None) -> None:
        original = getattr(owner, attribute)
        label = name or f"{getattr(owner, '__name__', owner).rsplit('.', 1)[-1]}.{attribute}"

        def timed(*args: Any, **kwargs: Any) -> Any:
            self.active.append(label)
            started = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.cpu[self.phase, label] += time.process_time() - started
                self.active.pop()

        setattr(owner, attribute, timed)


def environment(database_url: str | None, data_dir: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "errata.conf.settings",
            "ERRATA_ENV": "production",
            "ERRATA_SECRET_KEY": secrets.token_urlsafe(48),
            "ERRATA_IP_HASH_SECRET": secrets.token_urlsafe(48),
            "ERRATA_DATA_DIR": data_dir,
            "ERRATA_ALLOWED_HOSTS": "127.0.0.1,testserver",
            "ERRATA_PUBLIC_URL": "http://127.0.0.1",
            "ERRATA_TRUSTED_PROXY_COUNT": "1",
            "ERRATA_RATE_LIMIT_REPORTS": "0/1s",
            "ERRATA_RATE_LIMIT_ARTICLE": "0/1s",
            "ERRATA_LOG_LEVEL": "WARNING",
        }
    )
    os.environ.pop("ERRATA_CACHE_URL", None)
    os.environ["DATABASE_URL"] = database_url or ""


@contextmanager
def fresh_postgres(url: str) -> Iterator[None]:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def instrument(counter: Counter) -> None:
    from errata.intake import (
        anchor,
        file,
        group,
        grouping,
        idempotency,
        prioritise,
        proof,
        ratelimit,
        resolve,
        spam,
        store,
        validate,
        verify,
    )
    from errata.services import reports

    steps = [
        (validate, "check_site_and_origin"),
        (validate, "check_content"),
        (idempotency, "look_up"),
        (proof, "check"),
        (ratelimit, "check"),
        (spam, "own"),
        (resolve, "article_and_version"),
        (anchor, "locate"),
        (store, "save"),
        (reports, "_queue_grouping"),
        (reports, "submit"),
        (spam, "with_history"),  # with find_case: the steps before decision 25
        (spam, "with_histories"),
        (group, "find_case"),
        (grouping, "passage_in"),
        (verify, "check"),
        *(
            [(group.OpenCases, "find"), (group.OpenCases, "__init__")]
            if hasattr(group, "OpenCases")
            else []
        ),
        (grouping, "_triage"),
        (grouping, "_file"),
        *([(file.Filing, "flush")] if hasattr(file, "Filing") else []),
        (prioritise, "score"),
        (file, "save"),
        (reports, "group_received"),
    ]
    for owner, attribute in steps:
        if hasattr(owner, attribute):
            counter.patch(owner, attribute)


@contextmanager
def profiled(profile: Any) -> Iterator[None]:
    if CPROFILE:
        profile.enable()
    try:
        yield
    finally:
        if CPROFILE:
            profile.disable()


def work_off() -> None:
    """django-tasks-db's worker loop, in this process, until no task is ready."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="profile",
        excluded_queue_names=[],
    ).run()


def table(counter: Counter, phase: str, reports: int, cpu: float, title: str) -> None:
    print(
        f"\n{title}: {cpu * 1000 / reports:.2f} CPU ms and "
        f"{counter.total_queries[phase] / reports:.2f} statements per report"
    )
    steps = [key for key in counter.cpu if key[0] == phase]
    for key in sorted(steps, key=lambda key: -counter.cpu[key]):
        print(
            f"  {key[1]:40} {counter.cpu[key] * 1000 / reports:7.2f} ms "
            f"{counter.queries[key] / reports:6.2f} q"
        )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres-url", help="profile on this (dropped, created) database")
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument(
        "--every",
        type=int,
        default=0,
        help="run the worker after every N reports, as a busy server does (default: once)",
    )
    parser.add_argument("--cprofile", metavar="PREFIX", help="write PREFIX.request, .worker")
    parser.add_argument(
        "--path",
        choices=["fast", "django"],
        default="fast",
        help="the ASGI app's fast path, as `errata serve` answers reports (decision 28), "
        "or Django's handler behind it",
    )
    options = parser.parse_args(argv)
    global CPROFILE
    CPROFILE = options.cprofile
    with tempfile.TemporaryDirectory() as data_dir:
        environment(options.postgres_url, data_dir)
        if options.postgres_url:
            with fresh_postgres(options.postgres_url):
                run(options.reports, options.every, options.path)
        else:
            run(options.reports, options.every, options.path)


def run(count: int, every: int, path: str = "fast") -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, RequestFactory

    from bench import payloads, seed
    from errata.api import fast_intake
    from errata.models import Case, Report

    call_command("migrate", verbosity=0)
    seeded = seed.seed(ORIGIN)
    articles = [payloads.StoredArticle(**article) for article in seeded["articles"]]
    proofs = list(seed.proofs(seeded["site_key"], count + WARM_UP))
    traffic = payloads.reports(seeded["site_key"], articles, count + WARM_UP)
    headers = {"HTTP_ORIGIN": ORIGIN, "HTTP_HOST": "127.0.0.1", "HTTP_X_FORWARDED_PROTO": "https"}
    client = Client(**headers)
    factory = RequestFactory(**headers)

    def post(body: str, address: str) -> Any:
        request = {
            "data": body,
            "content_type": "application/json",
            "HTTP_X_FORWARDED_FOR": address,
            "secure": True,
        }
        if path == "django":
            return client.post("/api/v1/reports", **request)
        answer = fast_intake.respond(factory.post("/api/v1/reports", **request).environ)
        if answer is None:
            raise SystemExit("the fast path handed a benchmark report to Django")
        return answer

    def send(n: int) -> None:
        for _ in range(n):
            address, body = next(traffic)
            body["altcha"] = proofs.pop()
            answer = post(json.dumps(body), address)
            if answer.status_code != 201:
                raise SystemExit(f"{answer.status_code}: {answer.content!r}")

    send(WARM_UP)
    work_off()
    import gc

    gc_time = {"total": 0.0, "started": 0.0, "collections": [0, 0, 0]}

    def gc_clock(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            gc_time["started"] = time.process_time()
        else:
            gc_time["total"] += time.process_time() - gc_time["started"]
            gc_time["collections"][info["generation"]] += 1

    gc.callbacks.append(gc_clock)
    if os.environ.get("PROFILE_GC_FREEZE"):
        gc.freeze()
    counter = Counter()
    instrument(counter)
    engine = connection.vendor
    import cProfile

    profiles = {"request": cProfile.Profile(), "worker": cProfile.Profile()}
    request_cpu = worker_cpu = 0.0
    with connection.execute_wrapper(counter.wrapper):
        for start in range(0, count, every or count):
            started = time.process_time()
            with profiled(profiles["request"]):
                send(min(every or count, count - start))
            request_cpu += time.process_time() - started
            counter.phase = "worker"
            started = time.process_time()
            with profiled(profiles["worker"]):
                work_off()
            worker_cpu += time.process_time() - started
            counter.phase = "request"
    if CPROFILE:
        for phase, profile in profiles.items():
            profile.dump_stats(f"{CPROFILE}.{phase}")
    title = f"{engine}: the request ({count} reports, {path} path)"
    table(counter, "request", count, request_cpu, title)
    table(
        counter,
        "worker",
        count,
        worker_cpu,
        f"{engine}: the task worker (run after every {every or count} reports)",
    )
    print(
        f"\ngarbage collector: {gc_time['total'] * 1000 / count:.2f} ms per report, "
        f"collections by generation {gc_time['collections']}, "
        f"{len(gc.get_objects())} tracked objects"
    )
    ungrouped = Report.objects.filter(case__isnull=True).count()
    print(
        f"\n{Report.objects.count()} reports, {Case.objects.count()} cases, "
        f"{ungrouped} not filed; total {(request_cpu + worker_cpu) * 1000 / count:.2f} ms"
    )


if __name__ == "__main__":
    main(sys.argv[1:])

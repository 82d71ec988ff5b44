"""What `/metrics` exports: errata's counters, plus gauges computed at scrape time.

Counters (`errata.metrics`) are counted where things happen. With several server processes
(gunicorn workers) each keeps its own count, so when `PROMETHEUS_MULTIPROC_DIR` is set the
counters live in files in that folder and a scrape adds up every process's files with
`MultiProcessCollector`. Gauges about the database (open cases, queued tasks) are the same
whichever process answers, so they are queried at scrape time instead of being counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from django.db.models import Count
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult
from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

from errata.conf.registry import value
from errata.models import Case, Site
from errata.ops import leases


class OpenCasesCollector:
    """`errata_cases_open{site}`: cases waiting for a decision, one series per site."""

    def collect(self) -> Iterator[Metric]:
        gauge = GaugeMetricFamily(
            "errata_cases_open",
            "Cases waiting for an editor's decision (new or in progress), by site slug.",
            labels=["site"],
        )
        # Operators see every site at once: this is the one place that counts across
        # sites, and it exports counts only, never a row.
        open_by_site = dict(
            Case.objects.open()
            .order_by()
            .values("site_id")
            .annotate(cases=Count("pk"))
            .values_list("site_id", "cases")
        )
        # Every site gets a series, so a site whose queue empties reads 0 rather than
        # vanishing from dashboards and alerts.
        for site_id, slug in Site.objects.order_by("slug").values_list("pk", "slug"):
            gauge.add_metric([slug], open_by_site.get(site_id, 0))
        yield gauge


class TaskQueueCollector:
    """The task queue's health: ready, stuck and failed tasks, and the workers alive.

    - `errata_tasks_ready{queue}`: waiting for a worker;
    - `errata_tasks_stuck{task}`: RUNNING past the lease on a worker that stopped beating
      (errata.ops.leases); a live worker releases them within a quarter of the lease, so
      one that stays means no worker is alive to do it;
    - `errata_tasks_failed{task}`: tasks recorded as failed (an exception, or workers lost
      too many times), in the last ERRATA_TASK_RESULTS_DAYS (leases.prune_finished);
    - `errata_task_workers`: workers whose heartbeat is within the lease.
    """

    def collect(self) -> Iterator[Metric]:
        ready_gauge = GaugeMetricFamily(
            "errata_tasks_ready",
            "Background tasks ready to run and not yet picked up by a task worker, by queue.",
            labels=["queue"],
        )
        # A partial index on status = READY keeps this count cheap however long the
        # history of finished tasks grows.
        ready = (
            DBTaskResult.objects.ready()
            .order_by()
            .values("queue_name")
            .annotate(tasks=Count("pk"))
            .values_list("queue_name", "tasks")
        )
        for queue, tasks in sorted(ready):
            ready_gauge.add_metric([queue], tasks)
        yield ready_gauge

        lease = leases.Lease.configured()
        stuck_gauge = GaugeMetricFamily(
            "errata_tasks_stuck",
            "Background tasks RUNNING past ERRATA_TASK_LEASE_SECONDS on a worker that stopped "
            "beating, by task.",
            labels=["task"],
        )
        stuck = Counter(_task_name(task.task_path) for task in leases.stuck(lease))
        failed = dict(
            DBTaskResult.objects.failed()
            .order_by()
            .values("task_path")
            .annotate(tasks=Count("pk"))
            .values_list("task_path", "tasks")
        )
        failed_gauge = GaugeMetricFamily(
            "errata_tasks_failed",
            "Background tasks recorded as failed, by task.",
            labels=["task"],
        )
        # errata's own tasks always have a series, so an alert on a rise sees it from 0.
        names = {_task_name(path) for path in failed} | set(stuck) | set(errata_tasks())
        failed_by_name = Counter[str]()
        for path, tasks in failed.items():
            failed_by_name[_task_name(path)] += tasks
        for name in sorted(names):
            stuck_gauge.add_metric([name], stuck[name])
            failed_gauge.add_metric([name], failed_by_name[name])
        yield stuck_gauge
        yield failed_gauge
        yield GaugeMetricFamily(
            "errata_task_workers",
            "Task workers whose heartbeat is within ERRATA_TASK_LEASE_SECONDS.",
            value=len(leases.alive(lease)),
        )


def errata_tasks() -> list[str]:
    """The names of errata's own tasks (errata.tasks), whether or not they ever ran."""
    from errata import tasks

    return [name for name, member in vars(tasks).items() if isinstance(member, Task)]


def _task_name(path: str) -> str:
    return path.rpartition(".")[2]


def registry() -> CollectorRegistry:
    """A registry for one scrape: this process's or every worker's counters, and the gauges."""
    scrape = CollectorRegistry()
    directory = value("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        # prometheus_client's multiprocess module carries no type annotations.
        MultiProcessCollector(scrape, path=directory)  # type: ignore[no-untyped-call]
    else:
        scrape.register(REGISTRY)
    scrape.register(OpenCasesCollector())
    scrape.register(TaskQueueCollector())
    return scrape

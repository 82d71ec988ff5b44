"""What `/metrics` exports: errata's counters, plus gauges computed at scrape time.

Counters (`errata.metrics`) are counted where things happen. With several server processes
(gunicorn workers) each keeps its own count, so when `PROMETHEUS_MULTIPROC_DIR` is set the
counters live in files in that folder and a scrape adds up every process's files with
`MultiProcessCollector`. Gauges about the database (open cases, queued tasks) are the same
whichever process answers, so they are queried at scrape time instead of being counted.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count
from django_tasks_db.models import DBTaskResult
from prometheus_client import REGISTRY, CollectorRegistry
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector

from errata.conf.registry import value
from errata.models import Case, Site


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
    """`errata_tasks_ready{queue}`: background tasks (mail, webhooks) waiting for a worker."""

    def collect(self) -> Iterator[Metric]:
        gauge = GaugeMetricFamily(
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
            gauge.add_metric([queue], tasks)
        yield gauge


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

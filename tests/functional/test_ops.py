"""The operators' endpoints over HTTP: /healthz and /metrics, in one process and in several."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families

from errata import __version__, models, tasks
from errata.ops import gunicorn_conf, leases
from tests import factories
from tests.functional.conftest import PostReport, report_payload

pytestmark = pytest.mark.django_db

RECEIVED = "errata_reports_received_total"
REJECTED = "errata_requests_rejected_total"
OPEN_CASES = "errata_cases_open"


def scrape(client: Client, **headers: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def sample(
    samples: Mapping[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    """A series' value; a labelled counter not yet incremented has no series, i.e. 0."""
    return samples.get((name, frozenset(labels.items())), 0.0)


def run_python(code: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    # This interpreter, a script written in this file: nothing untrusted runs.
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# -- /healthz ---------------------------------------------------------------------------


def test_healthz_answers_ok_with_the_version_and_is_never_cached(client: Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "version": __version__,
    }
    assert response["Cache-Control"] == "no-store"


def test_healthz_refuses_other_methods_with_a_problem(client: Client) -> None:
    response = client.post("/healthz")

    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response["Allow"] == "GET, HEAD"
    assert response.json()["code"] == "method-not-allowed"


HEALTHZ_IN_A_FRESH_PROCESS = """
import django
django.setup()
from django.test import Client
response = Client().get("/healthz", HTTP_HOST="127.0.0.1")
print(response.status_code, response.content.decode())
"""


@pytest.mark.parametrize(
    ("env", "failing"),
    [
        pytest.param(
            {"DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere"},
            "database",
            id="database unreachable",
        ),
        pytest.param(
            {"DATABASE_URL": "", "ERRATA_CACHE_URL": "redis://127.0.0.1:1/0"},
            "cache",
            id="redis unreachable",
        ),
    ],
)
def test_healthz_answers_503_naming_the_failing_component(
    env: dict[str, str], failing: str, tmp_path: Path
) -> None:
    # A real unreachable server (port 1 refuses connections), in a process of its own, so
    # this test's database connection stays untouched.
    result = run_python(
        HEALTHZ_IN_A_FRESH_PROCESS,
        {"ERRATA_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "errata.conf.settings", **env},
    )

    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().split(" ", 1)
    assert status == "503"
    assert f'"{failing}": "error: ' in body
    assert '"status": "error"' in body
    working = {"database", "cache"} - {failing}
    assert all(f'"{name}": "ok"' in body for name in working)


# -- /metrics ---------------------------------------------------------------------------


def test_an_accepted_report_is_counted_under_its_site(
    article: models.Article, post_report: PostReport, client: Client
) -> None:
    site = article.site.slug
    before = sample(scrape(client), RECEIVED, site=site)

    assert post_report(report_payload(article.site)).status_code == 201

    assert sample(scrape(client), RECEIVED, site=site) == before + 1


def test_a_refused_report_is_counted_under_its_problem_code(
    article: models.Article, post_report: PostReport, client: Client
) -> None:
    before = scrape(client)

    response = post_report(report_payload(article.site), origin="https://elsewhere.example")

    assert response.status_code == 403
    after = scrape(client)
    assert sample(after, REJECTED, reason="origin-not-allowed") == (
        sample(before, REJECTED, reason="origin-not-allowed") + 1
    )
    assert sample(after, RECEIVED, site=article.site.slug) == sample(
        before, RECEIVED, site=article.site.slug
    )


def test_the_open_cases_gauge_matches_the_database_per_site(
    article: models.Article, post_report: PostReport, client: Client
) -> None:
    quiet = factories.SiteFactory(slug="calme")
    post_report(report_payload(article.site))
    post_report(
        report_payload(
            article.site, selector={"exact": "Grégoire Martin"}, comment="Il s'appelle Grégory."
        )
    )
    post_report(
        report_payload(article.site, selector={"exact": "45 millions"}, comment="Plutôt 54.")
    )
    declined = models.Case.objects.for_site(article.site).order_by("pk").first()
    assert declined is not None
    models.CaseEvent.objects.record(
        declined, models.CaseEventKind.DECIDED, new_status=models.CaseStatus.DECLINED
    )

    samples = scrape(client)

    assert models.Case.objects.for_site(article.site).count() == 3
    assert sample(samples, OPEN_CASES, site=article.site.slug) == 2
    # A site with nothing open still has its series, at zero.
    assert (OPEN_CASES, frozenset({("site", quiet.slug)})) in samples
    assert sample(samples, OPEN_CASES, site=quiet.slug) == 0


def test_the_task_queue_depth_is_exported(client: Client) -> None:
    response = client.get("/metrics")

    assert b"# TYPE errata_tasks_ready gauge" in response.content


def test_ready_stuck_and_failed_tasks_and_live_workers_are_counted(client: Client) -> None:
    lease = leases.Lease.configured()
    long_ago = timezone.now() - timedelta(seconds=lease.seconds * 2)
    for _ready in range(2):
        tasks.purge_contacts.enqueue()
    # A reply task whose worker died: claimed by a worker that never beat, a lease ago.
    stuck = DBTaskResult.objects.get(pk=tasks.send_reply.enqueue(1).id)
    stuck.claim("dead")
    DBTaskResult.objects.filter(pk=stuck.pk).update(started_at=long_ago)
    # A webhook task that raised, and a reply task of a live worker.
    failed = DBTaskResult.objects.get(pk=tasks.deliver_webhook.enqueue(1).id)
    failed.set_failed(RuntimeError("the CMS is down"))
    leases.beat("alive")
    busy = DBTaskResult.objects.get(pk=tasks.send_reply.enqueue(2).id)
    busy.claim("alive")
    DBTaskResult.objects.filter(pk=busy.pk).update(started_at=long_ago)

    samples = scrape(client)

    assert sample(samples, "errata_tasks_ready", queue="default") == 2
    assert sample(samples, "errata_tasks_stuck", task="send_reply") == 1
    assert sample(samples, "errata_tasks_failed", task="deliver_webhook") == 1
    assert sample(samples, "errata_task_workers") == 1
    # Every errata task has its series, at zero, so that an alert on a rise starts from 0.
    assert ("errata_tasks_failed", frozenset({("task", "reanchor_article")})) in samples
    assert sample(samples, "errata_tasks_stuck", task="reanchor_article") == 0
    assert sample(samples, "errata_tasks_failed", task="send_reply") == 0


def test_metrics_require_the_token_when_one_is_set(client: Client, settings: Any) -> None:
    settings.ERRATA_METRICS_TOKEN = "scrape-me-please"

    missing = client.get("/metrics")
    wrong = client.get("/metrics", headers={"Authorization": "Bearer scrape-me-not"})

    for refused in (missing, wrong):
        assert refused.status_code == 401
        assert refused["Content-Type"] == "application/problem+json"
        assert refused.json()["field"] == "Authorization"
        assert refused["WWW-Authenticate"].startswith("Bearer")
    assert scrape(client, Authorization="Bearer scrape-me-please")


def test_metrics_are_open_without_a_token(client: Client) -> None:
    response = client.get("/metrics")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


COUNT_IN_A_WORKER = """
from errata.metrics import REPORTS_RECEIVED, REQUESTS_REJECTED
REPORTS_RECEIVED.labels(site="quotidien").inc({n})
REQUESTS_REJECTED.labels(reason="rate-limited").inc()
"""


def test_metrics_add_up_every_worker_in_multiprocess_mode(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two processes count as two gunicorn workers would, each in its own files.
    for n in (2, 3):
        result = run_python(
            COUNT_IN_A_WORKER.format(n=n), {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
        )
        assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.glob("counter_*.db"))) == 2
    factories.SiteFactory(slug="quotidien")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))

    samples = scrape(client)

    assert sample(samples, RECEIVED, site="quotidien") == 5
    assert sample(samples, REJECTED, reason="rate-limited") == 2
    assert sample(samples, OPEN_CASES, site="quotidien") == 0


# -- gunicorn hooks ---------------------------------------------------------------------


def test_gunicorn_start_clears_counters_left_by_a_previous_run(tmp_path: Path) -> None:
    stale = tmp_path / "counter_4242.db"
    stale.write_bytes(b"left over")

    result = run_python(
        "from errata.ops import gunicorn_conf; gunicorn_conf.on_starting(None)",
        {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path)},
    )

    assert result.returncode == 0, result.stderr
    assert not stale.exists()


def test_gunicorn_refuses_to_start_when_counters_would_stay_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # This test process imported prometheus_client without the variable: in-memory values.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))

    with pytest.raises(RuntimeError, match="PROMETHEUS_MULTIPROC_DIR"):
        gunicorn_conf.on_starting(None)


def test_a_dead_worker_keeps_its_counts_but_loses_its_live_gauges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = tmp_path / "counter_4242.db"
    live_gauge = tmp_path / "gauge_livesum_4242.db"
    for path in (counter, live_gauge):
        path.write_bytes(b"")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))

    gunicorn_conf.child_exit(None, SimpleNamespace(pid=4242))

    assert counter.exists()
    assert not live_gauge.exists()

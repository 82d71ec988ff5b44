"""Reports arriving at the same moment: one case per passage, one article, one report per
idempotency key. The races that matter happen on PostgreSQL; SQLite serialises writers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from errata import models
from errata.services import reports
from tests import factories
from tests.unit.intake import builders

ORIGIN = builders.ORIGIN

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite takes one writer at a time: two transactions cannot race to insert",
)


def together(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run `work(n)` in `count` threads released at once; their results, in order."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(n: int) -> None:
        try:
            barrier.wait()
            results[n] = work(n)
        except BaseException as error:  # returned, and asserted on by the caller
            results[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_simultaneous_reports_on_one_passage_share_a_case() -> None:
    site = factories.SiteFactory(slug="quotidien", origins=[ORIGIN])
    article = factories.ArticleFactory(site=site, url=builders.URL)
    factories.ArticleVersionFactory(article=article)

    def report(n: int) -> str:
        # Stored, then grouped as the worker would, every thread at once.
        answer = reports.submit(
            builders.submission(site, "1,2 milliard", comment=f"Lecteur {n} : montant faux."),
            builders.meta(ip=f"192.0.2.{n}"),
        )
        reports.group_received(article.pk)
        return str(answer.body["reference"])

    references = together(4, report)

    assert all(isinstance(r, str) for r in references), references
    case = models.Case.objects.get()
    assert case.reports.count() == 4
    assert case.reference in references
    assert sorted(references) == [f"ERR-{case.created_at.year}-0000{n}" for n in range(1, 5)]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_first_reports_of_an_unknown_article_register_it_once() -> None:
    site = factories.SiteFactory(slug="quotidien", origins=[ORIGIN])
    snapshot = {"url": f"{ORIGIN}/sport/match", "text": "L'OL a battu Nantes 3 à 1 dimanche."}

    def report(n: int) -> int:
        answer = reports.submit(
            builders.submission(site, "3 à 1", **snapshot), builders.meta(ip=f"192.0.2.{n}")
        )
        return answer.status

    assert together(2, report) == [201, 201]
    article = models.Article.objects.get()
    assert models.ArticleVersion.objects.filter(article=article).count() == 1
    assert models.Report.objects.filter(article=article).count() == 2


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_retry_sent_while_the_first_is_stored_is_answered_the_first_answer() -> None:
    site = factories.SiteFactory(slug="quotidien", origins=[ORIGIN])
    article = factories.ArticleFactory(site=site, url=builders.URL)
    factories.ArticleVersionFactory(article=article)

    def report(n: int) -> reports.Answer:
        return reports.submit(
            builders.submission(site, "1,2 milliard"),
            builders.meta(),
            idempotency_key="draft-7f3a",
        )

    first, second = together(2, report)

    assert isinstance(first, reports.Answer)
    assert isinstance(second, reports.Answer)
    assert first.body == second.body
    assert sorted([first.replayed, second.replayed]) == [False, True]
    assert models.Report.objects.count() == 1
    assert models.IdempotencyKey.objects.count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_run_that_starts_while_a_report_is_being_stored_reads_it() -> None:
    """The report's store found a run pending and queued none; the run starts before the
    store commits. Its start waits for that commit, so it files the report (decision 25)."""
    from django.db import transaction

    from errata.intake import pending

    site = factories.SiteFactory(slug="quotidien", origins=[ORIGIN])
    article = factories.ArticleFactory(site=site, url=builders.URL)
    factories.ArticleVersionFactory(article=article)
    pending.mark(article.pk)  # a run is queued, not started
    marked, committed = threading.Event(), threading.Event()

    def store() -> None:
        try:
            with transaction.atomic():
                stored = builders.receive(site, "1,2 milliard")
                assert not pending.mark(stored.article_id)  # type: ignore[union-attr]
                marked.set()
                committed.wait(0.5)  # the run's start is blocked meanwhile
        finally:
            connection.close()

    storing = threading.Thread(target=store)
    storing.start()
    assert marked.wait(10)
    filed = reports.group_received(article.pk)  # take() waits for the store's commit
    committed.set()
    storing.join()

    assert filed == 1
    assert not models.Report.objects.ungrouped().exists()

"""The store step, intake's one write, and the grouping task that files what it stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from errata import models
from errata.errors import Problem
from errata.intake import file, grouping, idempotency, pipeline, resolve, spam, store
from errata.intake.proof import SpentProof
from errata.intake.store import Plan, Stored
from tests.unit.intake import builders

pytestmark = pytest.mark.django_db


def plan(site: models.Site, exact: str = "1,2 milliard", **fields: Any) -> Plan:
    submission = builders.submission(site, exact, **fields)
    resolved = resolve.article_and_version(site, submission.article)
    return Plan(
        site=site,
        submission=submission,
        ip_hash="h" * 64,
        spam=spam.own(submission),
        proof=fields.pop("proof", None),
        resolved=resolved,
        span=None,
        claim=None,
    )


def test_a_report_is_stored_without_a_case_under_a_reserved_reference(
    article: models.Article,
) -> None:
    stored = store.save(plan(article.site), lambda stored: None)

    report = models.Report.objects.get()
    assert report.pk == stored.report_id
    assert report.case is None
    assert report.reference == stored.receipt.reference
    assert stored.receipt.reference.endswith("-00001")
    assert not models.Case.objects.exists()
    assert store.next_reference(article.site, 2026) == "ERR-2026-00002"  # never given twice


def test_what_runs_after_the_store_shares_its_transaction(article: models.Article) -> None:
    def fails(stored: Stored) -> None:
        raise RuntimeError("the task queue is down")

    with pytest.raises(RuntimeError):
        store.save(plan(article.site), fails)

    assert not models.Report.objects.exists()


def test_a_spent_proof_of_work_serves_once(article: models.Article) -> None:
    spent = SpentProof("signature-1", datetime.now(UTC) + timedelta(minutes=5))
    base = plan(article.site)
    store.save(Plan(**{**base.__dict__, "proof": spent}), lambda stored: None)

    with pytest.raises(Problem) as refused:
        store.save(Plan(**{**base.__dict__, "proof": spent}), lambda stored: None)

    assert refused.value.code == "proof-of-work-replayed"
    assert models.Report.objects.count() == 1


def test_a_key_already_stored_makes_the_store_answer_the_first_answer(
    article: models.Article,
) -> None:
    base = plan(article.site)
    claim = idempotency.Claim("k-1", idempotency.fingerprint(base.submission), None)
    first = store.save(Plan(**{**base.__dict__, "claim": claim}), lambda stored: None)

    # As a concurrent duplicate sees it: it looked the key up before the first was stored.
    with pytest.raises(store.Duplicate) as duplicate:
        store.save(Plan(**{**base.__dict__, "claim": claim}), lambda stored: None)

    assert duplicate.value.replay.response["reference"] == first.receipt.reference
    assert models.Report.objects.count() == 1


def test_an_unknown_article_is_inserted_with_its_version(site: models.Site) -> None:
    stored = store.save(
        plan(site, "3 à 1", url=f"{builders.ORIGIN}/match", text="Lyon bat Nantes 3 à 1."),
        lambda stored: None,
    )

    article = models.Article.objects.get(pk=stored.article_id)
    assert article.source == models.ArticleSource.READER
    assert article.versions.get().pk == stored.version_id
    assert not stored.new_version_of_known_article


def test_the_request_takes_few_queries(article: models.Article) -> None:
    """Site, article and version are remembered after the first report: the rate-limit
    counters (one upsert, one read) and the one short write (reference, report) are what
    is left, plus the transaction's two statements."""
    builders.receive(article.site, "1,2 milliard", url=article.url)
    with CaptureQueriesContext(connection) as queries:
        builders.receive(article.site, "1,2 milliard", url=article.url)
    written = [q["sql"] for q in queries if not q["sql"].startswith(("SELECT", "SAVEPOINT"))]
    assert len(queries) <= 6, [q["sql"] for q in queries]
    assert sum("errata_report" in sql for sql in written) == 1


def test_grouping_files_every_new_report_of_the_article_in_one_run(
    article: models.Article,
) -> None:
    for n in range(grouping.BATCH + 3):
        builders.receive(article.site, "1,2 milliard", url=article.url, ip=f"198.51.100.{n}")

    filed = grouping.group_article(article.pk)

    assert len(filed) == grouping.BATCH + 3
    assert [f.opened_case for f in filed].count(True) == 1
    assert not models.Report.objects.ungrouped().exists()
    assert grouping.group_article(article.pk) == []


def test_a_grouping_run_that_dies_half_way_leaves_nothing_half_filed(
    article: models.Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        builders.receive(article.site, "1,2 milliard", url=article.url, ip=f"198.51.100.{n}")
    save = file.save
    calls = []

    def dies_on_the_second(*args: Any) -> file.Filed:
        calls.append(args)
        if len(calls) == 2:
            raise SystemExit("worker killed")
        return save(*args)

    monkeypatch.setattr(file, "save", dies_on_the_second)
    with pytest.raises(SystemExit):
        grouping.group_article(article.pk)
    assert models.Report.objects.ungrouped().count() == 3
    assert not models.Case.objects.exists()

    monkeypatch.setattr(file, "save", save)
    assert len(grouping.group_article(article.pk)) == 3
    case = models.Case.objects.get()
    assert case.reports.count() == 3
    assert case.events.filter(kind=models.CaseEventKind.REPORT_ADDED).count() == 3


def test_the_pipeline_names_its_steps_in_order() -> None:
    doc = pipeline.__doc__ or ""
    named = [
        "validate.check_site_and_origin",
        "validate.check_content",
        "idempotency.look_up",
        "proof.check",
        "ratelimit.check",
        "spam.own",
        "resolve.article_and_version",
        "anchor.locate",
        "store.save",
    ]
    assert [doc.index(step) for step in named] == sorted(doc.index(step) for step in named)

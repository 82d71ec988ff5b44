"""Which reports share a case: stored by intake, filed by the grouping task."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import DataError, connection, transaction

from errata import models
from errata.services.articles import upsert_article
from tests import factories
from tests.unit.intake import builders

pytestmark = pytest.mark.django_db

ORIGIN = "https://quotidien.example"


def submit(
    site: models.Site,
    exact: str,
    *,
    category: str = "factual",
    ip: str = "192.0.2.1",
    prefix: str = "",
    suffix: str = "",
) -> models.Case:
    return builders.case(
        site, exact, category=category, ip=ip, prefix=prefix, suffix=suffix, lang="fr"
    )


def test_a_report_after_an_edit_joins_the_case_anchored_in_the_older_version(
    article: models.Article,
) -> None:
    first = submit(article.site, "1,2 milliard")
    upsert_article(
        article.site,
        url=article.url,
        source=models.ArticleSource.CMS,
        version_source=models.VersionSource.CMS,
        text="Avant-propos ajouté.\n\n" + article.latest_version().text,  # type: ignore[union-attr]
    )

    second = submit(article.site, "1,2 milliard", ip="192.0.2.2")

    assert second == first
    assert models.Report.objects.filter(case=first).count() == 2
    assert {r.version_id for r in first.reports.all()} == {v.pk for v in article.versions.all()}


def test_whole_article_reports_group_by_category(article: models.Article) -> None:
    misleading = submit(article.site, "", category="misleading")
    again = submit(article.site, "", category="misleading", ip="192.0.2.9")
    outdated = submit(article.site, "", category="outdated")

    assert again == misleading
    assert outdated != misleading


def test_a_closed_case_is_not_reopened_by_a_new_report(article: models.Article) -> None:
    first = submit(article.site, "1,2 milliard")
    models.CaseEvent.objects.record(
        first, models.CaseEventKind.DECIDED, new_status=models.CaseStatus.DECLINED
    )

    second = submit(article.site, "1,2 milliard", ip="192.0.2.3")

    assert second != first
    assert second.status == models.CaseStatus.NEW


def test_cases_of_another_site_are_never_joined(article: models.Article) -> None:
    other_site = factories.SiteFactory(slug="autre", origins=[ORIGIN])
    other_article = factories.ArticleFactory(site=other_site, url=article.url)
    factories.ArticleVersionFactory(article=other_article)
    theirs = submit(other_site, "1,2 milliard")

    ours = submit(article.site, "1,2 milliard")

    assert ours != theirs
    assert ours.site == article.site


def test_priority_grows_with_distinct_readers_not_repeat_reports(article: models.Article) -> None:
    case = submit(article.site, "1,2 milliard", ip="192.0.2.1")
    alone = models.Case.objects.get(pk=case.pk).priority
    submit(article.site, "1,2 milliard", ip="192.0.2.1")
    same_reader = models.Case.objects.get(pk=case.pk).priority
    submit(article.site, "1,2 milliard", ip="192.0.2.2")
    two_readers = models.Case.objects.get(pk=case.pk)

    assert same_reader == alone
    assert two_readers.priority > alone
    assert two_readers.events.filter(kind=models.CaseEventKind.PRIORITY).exists()


def test_the_spam_history_of_a_batch_compares_each_report_with_those_before_it(
    article: models.Article,
) -> None:
    """One reader sends the same long comment twice, then three more reports: each is
    compared only with the reports stored before it, as if filed one at a time."""
    from errata.intake import spam
    from errata.intake.store import Stored

    comment = "Ce chiffre est faux, le communiqué officiel dit autre chose."
    stored = []
    for n in range(5):
        outcome = builders.receive(
            article.site, "1,2 milliard", url=article.url, comment=comment if n < 2 else f"{n}"
        )
        assert isinstance(outcome, Stored)
        stored.append(models.Report.objects.get(pk=outcome.report_id))
    batch = [
        (
            spam.SpamVerdict(0.0, ()),
            spam.Sent(r.pk, r.created_at, r.ip_hash, r.article_id, r.comment),
        )
        for r in stored
    ]

    verdicts = spam.with_histories(article.site, batch)

    codes = [[reason["code"] for reason in verdict.reasons] for verdict in verdicts]
    assert codes[0] == []
    assert codes[1] == ["spam.same_reader"]
    assert codes[2:4] == [[], []]
    # The fifth is the reader's fifth on this article within the hour.
    assert codes[4] == ["spam.burst_article"]
    assert verdicts[4].reasons[-1]["params"] == {"count": 4}


def test_one_batch_writes_the_history_it_would_write_one_report_at_a_time(
    article: models.Article,
) -> None:
    """Three readers of one passage, filed in one run: the case opens with its first
    priority, then each report and each change of priority has its row, in order."""
    from errata.intake import grouping

    for n in range(3):
        builders.receive(article.site, "1,2 milliard", url=article.url, ip=f"198.51.100.{n}")

    grouping.group_article(article.pk)

    case = models.Case.objects.get()
    kinds = list(case.events.order_by("created_at", "pk").values_list("kind", "data"))
    K = models.CaseEventKind
    assert [kind for kind, _ in kinds] == [
        K.OPENED,
        K.REPORT_ADDED,
        K.PRIORITY,
        K.REPORT_ADDED,
        K.PRIORITY,
        K.REPORT_ADDED,
        K.PRIORITY,
    ]
    changes = [data for kind, data in kinds if kind == K.PRIORITY]
    assert changes[0]["old"] == 0
    assert [c["old"] for c in changes[1:]] == [c["new"] for c in changes[:-1]]
    assert case.priority == changes[-1]["new"]
    assert case.priority_reasons == changes[-1]["reasons"]


def test_a_batch_is_written_set_based_and_each_report_keeps_its_own_values(
    article: models.Article,
) -> None:
    """Readers of two passages and of the whole article, one of them held as spam, filed
    in one run: each report gets its own case, status, spam score and findings, and the
    batch writes its reports in one statement and the cases it opens in another."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from errata.intake import grouping

    sent = [
        ("1,2 milliard", "198.51.100.1", {"suggestion": "1,3 milliard"}),
        ("1,2 milliard", "198.51.100.2", {}),
        ("Grégoire Martin", "198.51.100.3", {"category": "typo", "suggestion": "Grégoire Martin"}),
        ("", "198.51.100.4", {"category": "outdated"}),
        ("1,2 milliard", "198.51.100.5", {"honeypot": "http://spam.example"}),
        ("Grégoire Martin", "198.51.100.6", {"category": "typo"}),
    ]
    for exact, ip, fields in sent:
        builders.receive(article.site, exact, url=article.url, ip=ip, **fields)

    with CaptureQueriesContext(connection) as queries:
        filed = grouping.group_article(article.pk)

    reports = list(models.Report.objects.order_by("pk").select_related("case"))
    assert [f.report_id for f in filed] == [r.pk for r in reports]
    assert [f.case_id for f in filed] == [r.case_id for r in reports]
    assert [f.opened_case for f in filed] == [True, False, True, True, True, False]
    assert reports[1].case == reports[0].case
    assert reports[5].case == reports[2].case
    assert reports[3].case.anchor_state == models.AnchorState.ARTICLE
    held = reports[4]
    assert held.status == models.ReportStatus.HELD
    assert held.spam_score >= 1
    assert held.case.status == models.CaseStatus.SPAM
    assert "spam.honeypot" in [reason["code"] for reason in held.spam_reasons]
    assert [r.status for r in reports if r != held] == [models.ReportStatus.RECEIVED] * 5
    unchanged = models.Report.objects.get(pk=reports[2].pk).findings
    assert "suggestion.unchanged" in [f["code"] for f in unchanged]
    assert models.Case.objects.get(pk=reports[0].case_id).priority == max(
        e.data["new"]
        for e in models.CaseEvent.objects.filter(
            case_id=reports[0].case_id, kind=models.CaseEventKind.PRIORITY
        )
    )
    written = [q["sql"] for q in queries]
    assert sum(sql.startswith('UPDATE "errata_report"') for sql in written) == 1
    # The held report's case is written at once; the other three in one insert.
    assert sum(sql.startswith('INSERT INTO "errata_case"') for sql in written) == 2


def _group_with(
    article: models.Article, monkeypatch: pytest.MonkeyPatch, *, meanwhile: Callable[[], None]
) -> list[Any]:
    """Group the article's reports, with `meanwhile` run between the batch's checks and
    its filing, as another run of the same article would; what was filed."""
    from errata.intake import grouping

    triage = grouping._triage

    def triage_then(*args: Any) -> list[grouping.Triaged]:
        triaged = triage(*args)
        meanwhile()
        return triaged

    monkeypatch.setattr(grouping, "_triage", triage_then)
    return grouping.group_article(article.pk)


def test_a_report_filed_meanwhile_is_left_in_its_case_and_its_batch_filed_again(
    article: models.Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another run files one of the batch's reports between the batch's read and its
    lock: the batch, which assumed its reports still had no case, is rolled back and
    filed again without that report (no case opened for it, no history row)."""
    other = builders.report(article.site, "300 millions", url=article.url).case
    assert other is not None
    for n in range(2):
        builders.receive(article.site, "1,2 milliard", url=article.url, ip=f"198.51.100.{n}")
    first, second = models.Report.objects.ungrouped().order_by("pk")

    def another_run() -> None:
        models.Report.objects.filter(pk=second.pk).update(case=other)

    filed = _group_with(article, monkeypatch, meanwhile=another_run)

    assert [f.report_id for f in filed] == [first.pk]
    assert models.Report.objects.get(pk=second.pk).case_id == other.pk
    added = models.CaseEvent.objects.filter(kind=models.CaseEventKind.REPORT_ADDED)
    assert str(second.public_id) not in [e.data["report"] for e in added]
    assert models.Case.objects.count() == 2


def test_a_batch_reads_the_open_cases_once_including_those_it_joins(
    article: models.Article,
) -> None:
    """The cases a batch joins come from the one read of the article's open cases: no
    second read, and none of a field left unread (a deferred field reads its row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from errata.intake import grouping

    first = builders.report(article.site, "1,2 milliard", url=article.url).case
    second = builders.report(article.site, "300 millions", url=article.url).case
    assert first is not None
    assert second is not None
    for n in range(3):
        builders.receive(article.site, "1,2 milliard", url=article.url, ip=f"198.51.100.{n}")
    builders.receive(article.site, "300 millions", url=article.url, ip="198.51.100.9")

    with CaptureQueriesContext(connection) as queries:
        filed = grouping.group_article(article.pk)

    assert {f.case_id for f in filed} == {first.pk, second.pk}
    reads = [
        q["sql"] for q in queries if q["sql"].startswith("SELECT") and "errata_case" in q["sql"]
    ]
    assert len(reads) == 1, reads
    assert models.Case.objects.get(pk=first.pk).priority > second.priority


def test_a_report_filed_meanwhile_into_a_case_no_longer_open_is_not_filed_twice(
    article: models.Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another run opened a case for one of the batch's reports, under the reference
    reserved for it, and that case is no longer open (held as spam, or closed since):
    the batch's own case for that report would take the same reference. The batch is
    filed again, checking first, instead of failing on the unique reference."""
    other = builders.report(article.site, "300 millions", url=article.url).case
    assert other is not None
    builders.receive(article.site, "1,2 milliard", url=article.url, ip="198.51.100.1")
    builders.receive(article.site, "300 millions", url=article.url, ip="198.51.100.2")
    first, second = models.Report.objects.ungrouped().order_by("pk")

    def another_run() -> None:
        models.Case.objects.filter(pk=other.pk).update(
            reference=second.reference, status=models.CaseStatus.SPAM
        )
        models.Report.objects.filter(pk=second.pk).update(case=other)

    filed = _group_with(article, monkeypatch, meanwhile=another_run)

    assert [f.report_id for f in filed] == [first.pk]
    assert models.Report.objects.get(pk=second.pk).case_id == other.pk
    assert models.Case.objects.filter(reference=second.reference).count() == 1
    assert models.Case.objects.count() == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite does not enforce a text column's length"
)
def test_a_set_based_update_refuses_a_value_too_long_instead_of_cutting_it(
    article: models.Article,
) -> None:
    from errata.intake import file

    report = builders.report(article.site, "1,2 milliard", url=article.url)
    too_long = "x" * (models.Report._meta.get_field("status").max_length + 5)

    with pytest.raises(DataError), transaction.atomic():
        file._update_rows(models.Report, ["status"], [(report.pk, too_long)])

    report.refresh_from_db()
    assert report.status == models.ReportStatus.RECEIVED

"""Which reports share a case: stored by intake, filed by the grouping task."""

from __future__ import annotations

import pytest

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

"""Publishing corrections: the one entry point, its refusals, and the public reads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from errata import models
from errata.errors import Problem
from errata.services.corrections import (
    article_corrections,
    publish_correction,
    published_corrections,
)
from tests import factories
from tests.functional.conftest import row_counts

pytestmark = pytest.mark.django_db

NOTICE = "Une version précédente de cet article indiquait un budget de 1,2 milliard d'euros."


def _case(article: models.Article) -> models.Case:
    case = models.Case.objects.create(
        site=article.site,
        article=article,
        reference="ERR-2026-00001",
        category=models.Category.FACTUAL,
        version=article.latest_version(),
        quote="1,2 milliard",
    )
    models.CaseEvent.objects.record(case, models.CaseEventKind.OPENED, new_status="new")
    return case


def _hosted(site: models.Site) -> models.Article:
    article = factories.ArticleFactory(site=site, source=models.ArticleSource.HOSTED)
    factories.ArticleVersionFactory(article=article, source=models.VersionSource.DEMO)
    return article


def test_a_correction_of_a_cms_article_is_published_at_once(article: models.Article) -> None:
    before = article.latest_version()

    correction = publish_correction(
        article=article,
        kind=models.CorrectionKind.CORRECTION,
        notice=f"  {NOTICE}\n",
        passage_before="1,2 milliard",
        passage_after="1,3 milliard",
    )

    assert correction.site == article.site
    assert correction.version_before == before
    assert correction.version_after is None  # the publisher's CMS changes its own text
    assert correction.notice == NOTICE
    assert correction.published_at is not None
    assert list(models.Correction.objects.for_site(article.site).published()) == [correction]


def test_deciding_a_case_closes_it_as_corrected_with_its_history(
    article: models.Article,
) -> None:
    case = _case(article)
    editor = factories.UserFactory()

    correction = publish_correction(
        article=article, kind="correction", notice=NOTICE, case=case, actor=editor
    )

    case.refresh_from_db()
    assert case.status == models.CaseStatus.CORRECTED
    assert case.closed_at is not None
    event = case.events.last()
    assert event is not None
    assert event.kind == models.CaseEventKind.DECIDED
    assert event.actor == editor
    assert (event.old_status, event.new_status) == ("new", "corrected")
    assert event.data["correction"] == str(correction.public_id)
    assert correction.case == case


def test_a_hosted_article_gets_the_corrected_text_as_a_new_version() -> None:
    article = _hosted(factories.SiteFactory())
    before = article.latest_version()
    assert before is not None

    correction = publish_correction(
        article=article,
        kind="correction",
        notice=NOTICE,
        new_text=before.text.replace("1,2 milliard", "1,3 milliard"),
    )

    after = article.latest_version()
    assert after is not None
    assert after.source == models.VersionSource.CORRECTION
    assert "1,3 milliard" in after.text
    assert (correction.version_before, correction.version_after) == (before, after)
    assert article.versions.count() == 2


def test_an_unchanged_text_adds_no_version() -> None:
    article = _hosted(factories.SiteFactory())
    before = article.latest_version()
    assert before is not None

    correction = publish_correction(
        article=article, kind="clarification", notice=NOTICE, new_text=before.text
    )

    assert correction.version_after == before
    assert article.versions.count() == 1


def test_silent_fixes_need_the_sites_permission_and_stay_out_of_the_log(
    article: models.Article,
) -> None:
    with pytest.raises(Problem) as refused:
        publish_correction(article=article, kind=models.CorrectionKind.SILENT, notice="")
    assert (refused.value.status, refused.value.code) == (409, "silent-fix-not-allowed")
    assert not models.Correction.objects.exists()

    models.Site.objects.filter(pk=article.site_id).update(allow_silent_fixes=True)
    article.site.refresh_from_db()
    silent = publish_correction(article=article, kind="silent", notice="")

    assert models.Correction.objects.get() == silent
    assert not published_corrections(article.site).exists()


@pytest.mark.parametrize(
    ("kwargs", "status", "code", "field"),
    [
        pytest.param({"kind": "retraction"}, 422, "unknown-kind", "kind", id="unknown kind"),
        pytest.param({"notice": "  "}, 422, "notice-required", "notice", id="empty notice"),
        pytest.param(
            {"new_text": "Texte réécrit."}, 409, "article-not-hosted", "new_text", id="cms text"
        ),
    ],
)
def test_a_refused_correction_writes_nothing(
    article: models.Article, kwargs: dict[str, str], status: int, code: str, field: str
) -> None:
    before = row_counts()
    arguments: dict[str, str] = {"kind": "correction", "notice": NOTICE, **kwargs}

    with pytest.raises(Problem) as refused:
        publish_correction(article=article, **arguments)  # type: ignore[arg-type]

    assert (refused.value.status, refused.value.code, refused.value.field) == (status, code, field)
    assert row_counts() == before


def test_an_empty_corrected_text_is_refused() -> None:
    article = _hosted(factories.SiteFactory())
    before = row_counts()

    with pytest.raises(Problem) as refused:
        publish_correction(article=article, kind="correction", notice=NOTICE, new_text=" \n ")

    assert refused.value.code == "empty-text"
    assert row_counts() == before


def test_a_case_of_another_site_cannot_be_decided_by_this_correction(
    article: models.Article,
) -> None:
    elsewhere = factories.ArticleFactory()
    factories.ArticleVersionFactory(article=elsewhere)
    case = _case(elsewhere)
    before = row_counts()

    with pytest.raises(Problem) as refused:
        publish_correction(article=article, kind="correction", notice=NOTICE, case=case)

    assert refused.value.code == "case-not-about-article"
    assert row_counts() == before
    case.refresh_from_db()
    assert case.status == models.CaseStatus.NEW


def test_an_article_without_text_cannot_be_corrected(site: models.Site) -> None:
    article = factories.ArticleFactory(site=site)

    with pytest.raises(Problem) as refused:
        publish_correction(article=article, kind="correction", notice=NOTICE)

    assert (refused.value.status, refused.value.code) == (409, "article-has-no-text")
    assert not models.Correction.objects.exists()


def test_the_log_is_newest_first_and_one_sites_own(article: models.Article) -> None:
    now = timezone.now()
    older = publish_correction(
        article=article, kind="update", notice="Mise à jour.", published_at=now - timedelta(days=2)
    )
    newer = publish_correction(article=article, kind="correction", notice=NOTICE, published_at=now)
    other = factories.ArticleFactory()
    factories.ArticleVersionFactory(article=other)
    publish_correction(article=other, kind="correction", notice="Ailleurs.")

    assert list(published_corrections(article.site)) == [newer, older]


def test_an_articles_corrections_are_found_by_its_canonical_url(
    article: models.Article,
) -> None:
    correction = publish_correction(article=article, kind="correction", notice=NOTICE)

    found = article_corrections(
        site_key=article.site.public_key, url="HTTPS://Quotidien.example/budget#corrections"
    )

    assert found.article == article
    assert found.corrections == [correction]


def test_an_unknown_site_key_is_a_404_problem() -> None:
    with pytest.raises(Problem) as refused:
        article_corrections(site_key="pk_nobody", url="https://quotidien.example/budget")

    assert (refused.value.status, refused.value.field) == (404, "site")

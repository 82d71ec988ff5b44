"""Readers' suggestions for one case, grouped and counted (the desk's and the API's one
rule), and the verified fix the desk offers in one click."""

from __future__ import annotations

import pytest

from errata import models
from errata.triage.consensus import ready_fix, suggestions
from tests import factories
from tests.unit.intake import builders

ORIGIN = "https://quotidien.example"


def _report(site: models.Site, suggestion: str, ip: str, honeypot: str = "") -> models.Case:
    return builders.case(
        site,
        "1,2 milliard",
        ip=ip,
        lang="fr",
        comment="Le montant voté est différent.",
        suggestion=suggestion,
        honeypot=honeypot,
    )


def _suggested(case: models.Case) -> list[tuple[str, int]]:
    return [(s.text, s.count) for s in suggestions(case.reports.order_by("created_at", "pk"))]


@pytest.mark.django_db
def test_identical_suggestions_are_counted_together_most_readers_first(
    article: models.Article,
) -> None:
    case = _report(article.site, "1,4 milliard", "192.0.2.1")
    _report(article.site, "1,3 milliard", "192.0.2.2")
    _report(article.site, "1,3  Milliard", "192.0.2.3")

    assert _suggested(case) == [("1,3 milliard", 2), ("1,4 milliard", 1)]


@pytest.mark.django_db
def test_a_tie_goes_to_the_earliest_suggestion(article: models.Article) -> None:
    case = _report(article.site, "déployées", "192.0.2.1")
    _report(article.site, "déployés", "192.0.2.2")

    assert _suggested(case) == [("déployées", 1), ("déployés", 1)]


@pytest.mark.django_db
def test_held_reports_do_not_vote(article: models.Article) -> None:
    case = _report(article.site, "1,4 milliard", "192.0.2.1")
    spam = _report(article.site, "1,9 milliard", "192.0.2.2", honeypot="x")
    models.Report.objects.filter(case=spam).update(case=case)

    assert _suggested(case) == [("1,4 milliard", 1)]


@pytest.mark.django_db
def test_no_suggestion_nothing_to_rank(article: models.Article) -> None:
    assert _suggested(_report(article.site, "", "192.0.2.1")) == []


@pytest.mark.django_db
def test_the_confirmed_typo_fix_most_readers_sent(site: models.Site) -> None:
    article = factories.ArticleFactory(site=site, url=f"{ORIGIN}/troupes")
    version = factories.ArticleVersionFactory(
        article=article, text="Les soldats ont été deployés dans la région."
    )

    def typo(suggestion: str, ip: str) -> models.Case:
        return builders.case(
            site,
            "été deployés dans",
            ip=ip,
            url=f"{ORIGIN}/troupes",
            category="typo",
            comment="",
            suggestion=suggestion,
        )

    case = typo("été déployées dans", "192.0.2.1")
    typo("été déployés dans", "192.0.2.2")
    typo("déployés", "192.0.2.3")

    fix = ready_fix(case)
    assert fix is not None
    assert (fix.replacement, fix.readers, fix.version_id) == ("déployés", 2, version.pk)
    assert version.text[fix.start : fix.end] == "deployés"


@pytest.mark.django_db
def test_no_ready_fix_without_a_confirmed_typo(article: models.Article) -> None:
    assert ready_fix(_report(article.site, "1,3 milliard", "192.0.2.1")) is None

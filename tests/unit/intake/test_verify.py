"""The verify step through intake and grouping: findings stored on the report, in the
text's offsets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from errata import models
from errata.intake.received import Received
from errata.presenters.triage import finding_message, priority_message
from errata.text import normalise
from errata.triage.vocabulary import forget
from tests import factories
from tests.unit.intake import builders

pytestmark = pytest.mark.django_db

ORIGIN = "https://quotidien.example"
SEED = Path(__file__).parents[2] / "fixtures" / "triage" / "koursk.fr.txt"


@pytest.fixture
def koursk(site: models.Site) -> models.Article:
    forget()
    text = normalise(SEED.read_text(encoding="utf-8")).replace("déployés dans", "deployés dans")
    article = factories.ArticleFactory(site=site, url=f"{ORIGIN}/koursk")
    factories.ArticleVersionFactory(article=article, text=text)
    return article


def _report(
    site: models.Site,
    exact: str,
    category: str,
    suggestion: str = "",
    comment: str = "",
    prefix: str = "",
) -> models.Report:
    return builders.report(
        site,
        exact,
        url=f"{ORIGIN}/koursk",
        category=category,
        comment=comment,
        suggestion=suggestion,
        prefix=prefix,
    )


def _finding(report: models.Report, check: str) -> dict:  # type: ignore[type-arg]
    [found] = [f for f in report.findings if f["check"] == check]
    return found  # type: ignore[no-any-return]


def test_a_confirmed_typo_carries_a_ready_fix(koursk: models.Article) -> None:
    report = _report(koursk.site, "deployés", "typo", "déployés")

    spelling = _finding(report, "spelling")
    assert spelling["verdict"] == "confirmed"
    assert spelling["data"]["suggestion_fixes"] is True
    fix = spelling["data"]["fix"]
    text = report.version.text
    assert text[fix["start"] : fix["end"]] == "deployés"
    assert fix["replacement"] == "déployés"
    assert "misspelling confirmed +5" in priority_message(report.case.priority_reasons)
    assert finding_message(spelling) == (
        "« deployés »: misspelled (one letter from a dictionary word, which the reader "
        "proposes). The suggestion « déployés » fixes it."
    )


def test_a_name_of_the_article_is_not_a_misspelling(koursk: models.Article) -> None:
    report = _report(koursk.site, "Rutte", "typo", "Rute")
    assert _finding(report, "spelling")["verdict"] == "not_confirmed"


def test_a_factual_report_lists_the_other_figures(koursk: models.Article) -> None:
    report = _report(koursk.site, "8 000 soldats", "factual", "10 000 soldats")

    figures = _finding(report, "figures")
    assert figures["verdict"] == "conflict"
    assert [m["text"] for m in figures["data"]["mentions"]] == ["10 000 soldats"]
    # The reader's figure is the one the article gives elsewhere for the same thing.
    assert figures["params"]["suggested_elsewhere"] is True
    assert "the one the article gives elsewhere" in finding_message(figures)
    assert not [f for f in report.findings if f["check"] == "spelling"]
    assert "conflicting figures in the article +10" in priority_message(
        report.case.priority_reasons
    )


def test_a_report_in_another_language_is_shown_not_held(koursk: models.Article) -> None:
    report = _report(
        koursk.site,
        "Mark Rutte",
        "factual",
        comment="Der Name ist falsch geschrieben, bitte korrigieren.",
    )

    assert _finding(report, "language")["data"] == {
        "report": "de",
        "article": "fr",
        "severity": "info",
    }
    assert report.status == models.ReportStatus.RECEIVED


def test_typography_is_its_own_low_finding(koursk: models.Article) -> None:
    report = _report(koursk.site, "inexactitude ?", "typo", "inexactitude\u00a0?")

    assert [f["check"] for f in report.findings] == ["typography"]
    assert _finding(report, "typography")["data"]["severity"] == "low"


def test_impossible_dates_are_found_in_any_report(koursk: models.Article) -> None:
    text = koursk.latest_version().text.replace(
        "Le 1er novembre 2024", "Le lundi 1er novembre 2024"
    )  # type: ignore[union-attr]
    models.ArticleVersion.objects.filter(article=koursk).update(text=text)
    report = _report(koursk.site, "Le lundi 1er novembre 2024", "other", comment="Date ?")

    dates = _finding(report, "dates")
    assert (dates["code"], dates["params"]["weekday"]) == ("dates.wrong_weekday", 4)
    with translation.override("fr"):
        assert "vendredi" in finding_message(dates)


@pytest.mark.parametrize(("published", "verdict"), [(None, "unknown"), ("2024-09-20", None)])
def test_a_weekday_without_year_needs_the_publication_date(
    koursk: models.Article, published: str | None, verdict: str | None
) -> None:
    from datetime import datetime, time

    from django.utils import timezone

    text = koursk.latest_version().text.replace(  # type: ignore[union-attr]
        "Le 1er novembre 2024", "Le mardi 24 septembre"
    )
    models.ArticleVersion.objects.filter(article=koursk).update(text=text)
    when = None
    if published:
        day = datetime.fromisoformat(published).date()
        when = timezone.make_aware(datetime.combine(day, time(9)))
    models.Article.objects.filter(pk=koursk.pk).update(published_at=when)
    report = _report(koursk.site, "Le mardi 24 septembre", "other", comment="Date ?")

    found = [f for f in report.findings if f["check"] == "dates"]
    # Unknown without a publication date (not checked against today's year); in 2024,
    # the article's year, 24 September was a Tuesday: nothing to say.
    assert [f["verdict"] for f in found] == ([verdict] if verdict else [])


def test_grammar_is_checked_when_grammalecte_is_installed(koursk: models.Article) -> None:
    from errata.triage import grammar

    if not grammar.available():
        pytest.skip("Grammalecte is an optional extra (make grammalecte)")
    text = koursk.latest_version().text.replace("deployés", "déployé")  # type: ignore[union-attr]
    models.ArticleVersion.objects.filter(article=koursk).update(text=text)
    report = _report(koursk.site, "ont été déployé", "typo", comment="accord")

    found = _finding(report, "grammar")
    assert found["data"]["suggestions"] == ["déployés"]
    assert found["verdict"] == "possible"  # Grammalecte alone errs on correct text too
    assert text[found["data"]["start"] : found["data"]["end"]] == "déployé"

    # The reader's fix and Grammalecte's analysis agreeing confirm the agreement error,
    # which errata's own rule (no determiner before « déployé ») leaves possible.
    fixed = _report(koursk.site, "ont été déployé", "typo", "ont été déployés")
    spelling = _finding(fixed, "spelling")
    assert (spelling["verdict"], spelling["data"]["kind"]) == ("confirmed", "agreement")
    assert spelling["data"]["basis"] == ["grammar"]
    assert spelling["data"]["fix"]["replacement"] == "déployés"


@pytest.mark.parametrize(
    ("exact", "suggestion", "verdict", "said"),
    [
        ("visite à Kyiv", "visite a Kyiv", "possible", "sounds the same"),
        ("Austin lors d'une visite", "Austin lors d'une visité", "possible", "accent"),
        ("secrétaire général de l'OTAN", "secrétaires général de l'OTAN", "possible", "agreement"),
    ],
)
def test_every_spelling_verdict_has_words_for_the_desk(
    koursk: models.Article, exact: str, suggestion: str, verdict: str, said: str
) -> None:
    spelling = _finding(_report(koursk.site, exact, "typo", suggestion), "spelling")
    assert spelling["verdict"] == verdict
    assert said in finding_message(spelling)
    assert "fixes it" not in finding_message(spelling)  # not on a "possible" verdict


def test_a_grave_confirmed_in_context(site: models.Site) -> None:
    forget()
    article = factories.ArticleFactory(site=site, url=f"{ORIGIN}/kyiv")
    factories.ArticleVersionFactory(article=article, text="Le ministre s'est rendu a Paris mardi.")
    report = builders.report(
        site,
        "rendu a Paris",
        url=f"{ORIGIN}/kyiv",
        category="typo",
        comment="",
        suggestion="rendu à Paris",
    )
    spelling = _finding(report, "spelling")
    assert (spelling["verdict"], spelling["data"]["kind"]) == ("confirmed", "homophone")
    assert "allows only the suggested word" in finding_message(spelling)
    assert spelling["data"]["fix"]["replacement"] == "à"


def test_readers_of_one_passage_in_a_batch_share_the_checks_that_read_no_comment(
    koursk: models.Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three readers send the same quote and suggestion, two of them with comments in
    other languages, a fourth another suggestion: the checks that read no comment run
    once per distinct input in the batch, and each report's findings are what it would
    have had alone (its own language finding included)."""
    from errata.intake import grouping, verify

    sent = [
        ("Le mot est mal écrit.", "déployés"),
        ("Der Name ist falsch geschrieben, bitte korrigieren.", "déployés"),
        ("The word is misspelled, please fix it.", "déployés"),
        ("Le mot est mal écrit.", "déployées"),
    ]
    for n, (comment, suggestion) in enumerate(sent):
        builders.receive(
            koursk.site,
            "deployés",
            url=koursk.url,
            ip=f"198.51.100.{n}",
            category="typo",
            comment=comment,
            suggestion=suggestion,
        )
    spelled = verify.spelled
    calls: list[verify.Subject] = []

    def counted(subject: verify.Subject, earlier: Any = ()) -> list[verify.Finding]:
        calls.append(subject)
        return spelled(subject, earlier)

    monkeypatch.setattr(
        verify, "CHECKS", tuple(counted if c is spelled else c for c in verify.CHECKS)
    )
    grouping.group_article(koursk.pk)

    assert [subject.suggestion for subject in calls] == ["déployés", "déployées"]
    assert {subject.comment for subject in calls} == {""}  # it cannot read one
    reports = list(models.Report.objects.order_by("pk"))
    languages = [
        [f["data"]["report"] for f in r.findings if f["check"] == "language"] for r in reports
    ]
    assert languages == [[], ["de"], ["en"], []]
    without_language = [[f for f in r.findings if f["check"] != "language"] for r in reports]
    assert without_language[0] == without_language[1] == without_language[2]
    assert _finding(reports[0], "spelling")["verdict"] == "confirmed"
    assert without_language[3] != without_language[0]
    # As each would have been found alone, in a batch of its own.
    monkeypatch.undo()
    for report in models.Report.objects.select_related("version").order_by("pk"):
        [alone] = grouping._triage(koursk, [Received.of(report)])
        assert json.loads(json.dumps(alone.findings)) == report.findings

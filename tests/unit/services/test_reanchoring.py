"""Open cases follow their passage into a new version, or say why they cannot."""

from __future__ import annotations

from typing import Any

import pytest

from errata import models
from errata.services.articles import upsert_article
from errata.services.reanchoring import Outcome, reanchor_article
from tests.factories import ARTICLE_TEXT
from tests.unit.intake import builders

pytestmark = pytest.mark.django_db
ORIGIN = "https://quotidien.example"


def report(
    article: models.Article, exact: str, suggestion: str = "", ip: str = "192.0.2.1"
) -> models.Case:
    return builders.case(
        article.site,
        exact,
        ip=ip,
        url=article.url,
        category="typo" if suggestion else "factual",
        comment="Erreur dans ce passage.",
        suggestion=suggestion,
    )


def push(article: models.Article, text: str) -> models.ArticleVersion:
    return upsert_article(
        article.site,
        url=article.url,
        source=models.ArticleSource.CMS,
        version_source=models.VersionSource.CMS,
        text=text,
    ).version


def test_a_case_follows_its_passage_when_text_is_added_before_it(article: models.Article) -> None:
    case = report(article, "Grégoire Martin")
    version = push(article, "Mise à jour : le vote a eu lieu à 22 heures.\n\n" + ARTICLE_TEXT)

    [outcome] = reanchor_article(version)

    case.refresh_from_db()
    assert outcome.outcome == Outcome.FOLLOWED
    assert case.version == version
    assert version.text[case.anchor_start : case.anchor_end] == "Grégoire Martin"
    event = case.events.get(kind=models.CaseEventKind.REANCHORED)
    assert event.by_system
    assert event.data["outcome"] == "followed"


def test_a_typo_fixed_as_the_reader_suggested_is_flagged_fixed_by_edit(
    article: models.Article,
) -> None:
    typo_text = ARTICLE_TEXT.replace("dépenses de fonctionnement", "dépences de fonctionnement")
    push(article, typo_text)
    case = report(article, "dépences", suggestion="dépenses")
    version = push(article, ARTICLE_TEXT)

    [outcome] = reanchor_article(version)

    case.refresh_from_db()
    assert outcome.outcome == Outcome.FIXED_BY_EDIT
    assert outcome.suggestion_matches
    assert case.anchor_state == models.AnchorState.FIXED_BY_EDIT
    assert version.text[case.anchor_start : case.anchor_end] == "dépenses"
    event = case.events.get(kind=models.CaseEventKind.REANCHORED)
    assert event.data["suggestion_matches"] is True
    assert "as a reader suggested" in event.note


def test_the_other_occurrence_of_a_fixed_name_never_takes_the_case(
    article: models.Article,
) -> None:
    # The Hypothesis "Robin" bug: after the fix, the note must not jump to another Robin.
    two_martins = (
        ARTICLE_TEXT + "\n\nGrégoire Marton a quitté la séance. Grégoire Martin est resté."
    )
    push(article, two_martins)
    case = report(article, "Grégoire Marton", suggestion="Grégoire Martin")
    version = push(article, two_martins.replace("Grégoire Marton a", "Grégoire Martin a"))

    [outcome] = reanchor_article(version)

    case.refresh_from_db()
    assert outcome.outcome == Outcome.FIXED_BY_EDIT
    start = version.text.index("Grégoire Martin a quitté")
    assert case.anchor_start == start


def test_a_deleted_passage_is_removed_not_fixed(article: models.Article) -> None:
    case = report(article, "dont 45 millions pour les écoles")
    paragraphs = ARTICLE_TEXT.split("\n\n")
    version = push(article, "\n\n".join(paragraphs[:2]))

    [outcome] = reanchor_article(version)

    case.refresh_from_db()
    assert outcome.outcome == Outcome.REMOVED
    assert case.anchor_state == models.AnchorState.REMOVED
    assert case.version == version
    assert case.is_open
    event = case.events.get(kind=models.CaseEventKind.REANCHORED)
    assert event.data["outcome"] == "removed"


def test_words_deleted_from_a_sentence_that_stays_are_fixed_not_removed(
    article: models.Article,
) -> None:
    case = report(article, "Grégoire Martin")
    rewritten = ARTICLE_TEXT.replace("Le maire, Grégoire Martin, a salué", "Le maire a salué")
    rewritten = rewritten.replace("« un budget de responsabilité »", "« un budget sérieux »")
    [outcome] = reanchor_article(push(article, rewritten))

    case.refresh_from_db()
    assert outcome.outcome == Outcome.FIXED_BY_EDIT
    assert case.anchor_state == models.AnchorState.FIXED_BY_EDIT
    assert case.anchor_start == case.anchor_end == rewritten.index("a salué")


def test_only_the_latest_version_is_followed(article: models.Article) -> None:
    report(article, "Grégoire Martin")
    older = push(article, "Premier ajout.\n\n" + ARTICLE_TEXT)
    newer = push(article, "Second ajout.\n\n" + ARTICLE_TEXT)

    assert reanchor_article(older) == []
    assert [o.outcome for o in reanchor_article(newer)] == [Outcome.FOLLOWED]


def test_closed_and_whole_article_cases_are_left_alone(article: models.Article) -> None:
    closed = report(article, "Grégoire Martin")
    models.CaseEvent.objects.record(
        closed, models.CaseEventKind.DECIDED, new_status=models.CaseStatus.DECLINED
    )
    report(article, "", ip="192.0.2.7")
    version = push(article, "Ajout.\n\n" + ARTICLE_TEXT)

    assert reanchor_article(version) == []


def test_a_cms_push_re_anchors_open_cases_through_the_task(
    article: models.Article, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    case = report(article, "Grégoire Martin")

    with django_capture_on_commit_callbacks(execute=True):
        version = push(article, "Ajout en tête.\n\n" + ARTICLE_TEXT)

    case.refresh_from_db()
    assert case.version == version
    assert case.events.filter(kind=models.CaseEventKind.REANCHORED).count() == 1


def test_the_task_run_twice_moves_each_case_once(article: models.Article) -> None:
    """A task whose worker died is run again (errata.ops.leases): the second run finds
    the cases already in the version, and records no second move."""
    from errata import tasks

    case = report(article, "Grégoire Martin")
    version = push(article, "Ajout en tête.\n\n" + ARTICLE_TEXT)

    assert tasks.reanchor_article.call(version.pk) == 1
    assert tasks.reanchor_article.call(version.pk) == 0

    case.refresh_from_db()
    assert case.version == version
    assert case.events.filter(kind=models.CaseEventKind.REANCHORED).count() == 1


def test_a_readers_new_snapshot_re_anchors_the_open_cases(
    site: models.Site, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from errata.services import reports

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    url = f"{ORIGIN}/reader-only"

    def submit(text: str, exact: str, ip: str) -> None:
        reports.submit(
            builders.submission(site, exact, url=url, lang="fr", text=text, comment="Inexact."),
            builders.meta(ip=ip),
        )

    with django_capture_on_commit_callbacks(execute=True):
        submit(ARTICLE_TEXT, "Grégoire Martin", "192.0.2.1")
        submit("Chapeau ajouté.\n\n" + ARTICLE_TEXT, "45 millions", "192.0.2.2")

    first = models.Case.objects.get(quote="Grégoire Martin")
    latest = first.article.latest_version()
    assert latest is not None
    assert latest.source == models.VersionSource.WIDGET
    assert first.version == latest
    assert latest.text[first.anchor_start : first.anchor_end] == "Grégoire Martin"

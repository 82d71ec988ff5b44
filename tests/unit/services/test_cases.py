"""Every case action: permission, state rules, its CaseEvent, and nothing written on refusal."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from errata import models
from errata.errors import Problem
from errata.services import cases
from tests import factories
from tests.functional.conftest import row_counts
from tests.functional.desk.cases import hosted_article, member, open_case
from tests.functional.desk.smtp import IMMEDIATE_TASKS

pytestmark = pytest.mark.django_db

BEFORE = "1,2 milliard"


@pytest.fixture
def editor(site: models.Site) -> Any:
    return member(site)


@pytest.fixture
def stranger(db: None) -> Any:
    return member(factories.SiteFactory())


def refused(call: Any, status: int, code: str | None = None) -> Problem:
    counts = row_counts()
    with pytest.raises(Problem) as caught:
        call()
    assert caught.value.status == status, caught.value
    if code:
        assert caught.value.code == code
    assert row_counts() == counts
    return caught.value


def last_event(case: models.Case) -> models.CaseEvent:
    return case.events.order_by("-pk").first()  # type: ignore[return-value]


ACTIONS = {
    "assign": lambda actor, case: cases.assign(actor, case, None),
    "note": lambda actor, case: cases.add_note(actor, case, "Vérifier"),
    "accept": lambda actor, case: cases.accept(
        actor, case, kind="correction", passage_after="1,3 milliard"
    ),
    "decline": lambda actor, case: cases.decline(actor, case, "not_an_error"),
    "spam": lambda actor, case: cases.mark_spam(actor, case),
    "duplicate": lambda actor, case: cases.mark_duplicate(actor, case, "ERR-0000-00000"),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_no_action_for_someone_outside_the_site(
    article: models.Article, stranger: Any, action: str
) -> None:
    case = open_case(article)
    refused(lambda: ACTIONS[action](stranger, case), 404)
    refused(lambda: ACTIONS[action](AnonymousUser(), case), 404)


def test_an_inactive_member_cannot_act(article: models.Article, editor: Any) -> None:
    editor.is_active = False
    editor.save()
    case = open_case(article)
    refused(lambda: cases.add_note(editor, case, "x"), 404)


def test_assigning_puts_a_new_case_in_progress(article: models.Article, editor: Any) -> None:
    case = open_case(article)
    colleague = member(article.site)

    cases.assign(editor, case, colleague)

    case.refresh_from_db()
    assert case.assignee == colleague
    assert case.status == models.CaseStatus.IN_PROGRESS
    event = last_event(case)
    assert event.kind == models.CaseEventKind.ASSIGNED
    assert event.actor == editor
    assert (event.old_status, event.new_status) == ("new", "in_progress")
    assert event.data == {"assignee": colleague.username, "previous": None}

    cases.unassign(editor, case)
    case.refresh_from_db()
    assert case.assignee is None
    assert case.status == models.CaseStatus.IN_PROGRESS
    assert last_event(case).data == {"assignee": None, "previous": colleague.username}


def test_only_members_of_the_site_can_be_assigned(
    article: models.Article, editor: Any, stranger: Any
) -> None:
    case = open_case(article)
    problem = refused(lambda: cases.assign(editor, case, stranger), 422)
    assert problem.field == "assignee"


def test_a_note_is_recorded_and_must_say_something(article: models.Article, editor: Any) -> None:
    case = open_case(article)
    cases.add_note(editor, case, "  Appeler la mairie.  ")
    event = last_event(case)
    assert (event.kind, event.note, event.actor) == ("note", "Appeler la mairie.", editor)
    assert case.status == models.CaseStatus.NEW

    assert refused(lambda: cases.add_note(editor, case, "   "), 422).field == "note"
    assert refused(lambda: cases.add_note(editor, case, "x" * 5001), 422).field == "note"


def test_accepting_a_hosted_article_publishes_the_new_text(site: models.Site, editor: Any) -> None:
    article = hosted_article(site)
    case = open_case(article)
    old = article.latest_version()

    correction = cases.accept(editor, case, kind="correction", passage_after="1,3 milliard")

    case.refresh_from_db()
    assert case.status == models.CaseStatus.CORRECTED
    assert case.closed_at is not None
    new = article.latest_version()
    assert new is not None
    assert old is not None
    assert new.pk != old.pk
    assert new.source == models.VersionSource.CORRECTION
    assert new.text == old.text.replace(BEFORE, "1,3 milliard", 1)
    assert correction.version_after == new
    assert (correction.passage_before, correction.passage_after) == (BEFORE, "1,3 milliard")
    assert correction.notice == (
        "Correction : une version précédente de cet article indiquait « 1,2 milliard ». "
        "Il s'agissait de « 1,3 milliard »."
    )
    event = last_event(case)
    assert (event.kind, event.actor, event.new_status) == ("decided", editor, "corrected")


def test_the_editor_may_rewrite_the_notice(site: models.Site, editor: Any) -> None:
    case = open_case(hosted_article(site))
    correction = cases.accept(
        editor, case, kind="clarification", passage_after="1,3 milliard", notice=" Précision. "
    )
    assert (correction.kind, correction.notice) == ("clarification", "Précision.")


def test_accepting_a_cms_article_changes_no_text_and_queues_the_webhook(
    article: models.Article, editor: Any
) -> None:
    site = article.site
    site.webhook_url, site.webhook_secret = "https://cms.quotidien.example/hook", "s3cret"
    site.save()
    versions = article.versions.count()

    correction = cases.accept(editor, open_case(article), kind="update", passage_after="1,3 md")

    assert article.versions.count() == versions
    assert correction.version_after is None
    delivery = models.WebhookDelivery.objects.get()
    assert delivery.correction == correction
    assert delivery.url == "https://cms.quotidien.example/hook"


def test_no_webhook_without_a_webhook_url(article: models.Article, editor: Any) -> None:
    cases.accept(editor, open_case(article), kind="correction", passage_after="1,3 milliard")
    assert not models.WebhookDelivery.objects.exists()


def test_silent_fixes_only_where_the_site_allows_them(site: models.Site, editor: Any) -> None:
    case = open_case(hosted_article(site))
    assert (
        refused(
            lambda: cases.accept(editor, case, kind="silent", passage_after="1,3 milliard"), 422
        ).field
        == "kind"
    )

    site.allow_silent_fixes = True
    site.save()
    correction = cases.accept(editor, case, kind="silent", passage_after="1,3 milliard")
    assert correction.notice == ""
    assert not models.Correction.objects.published().exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "erratum", "passage_after": "x"}, "kind"),
        ({"kind": "correction", "passage_after": BEFORE}, "passage_after"),
        ({"kind": "correction", "passage_after": "x" * 5001}, "passage_after"),
        ({"kind": "correction", "passage_after": "1,3", "notice": "  "}, "notice"),
        ({"kind": "correction", "passage_after": "1,3", "notice": "x" * 2001}, "notice"),
    ],
)
def test_refused_corrections_write_nothing(
    site: models.Site, editor: Any, kwargs: dict[str, str], field: str
) -> None:
    case = open_case(hosted_article(site))
    assert refused(lambda: cases.accept(editor, case, **kwargs), 422).field == field


def test_a_case_on_an_older_version_cannot_be_accepted(site: models.Site, editor: Any) -> None:
    article = hosted_article(site)
    case = open_case(article)
    factories.ArticleVersionFactory(article=article, text="Un tout autre texte.")
    refused(
        lambda: cases.accept(editor, case, kind="correction", passage_after="1,3"),
        409,
        "article-changed",
    )


def test_a_whole_article_case_gets_a_notice_only(site: models.Site, editor: Any) -> None:
    article = hosted_article(site)
    case = open_case(article, quote="")
    correction = cases.accept(editor, case, kind="editors_note", passage_after="")
    assert correction.notice.startswith("Note de la rédaction : cet article a été modifié le ")
    assert correction.version_after is None
    other = open_case(article, quote="")
    assert (
        refused(lambda: cases.accept(editor, other, kind="update", passage_after="x"), 422).field
        == "passage_after"
    )


def test_declining_records_the_reason(article: models.Article, editor: Any) -> None:
    case = open_case(article)
    cases.decline(editor, case, "opinion", note="Tribune.")
    case.refresh_from_db()
    assert (case.status, case.decline_reason) == ("declined", "opinion")
    event = last_event(case)
    assert (event.kind, event.note, event.data) == ("decided", "Tribune.", {"reason": "opinion"})
    other = open_case(article)
    assert refused(lambda: cases.decline(editor, other, "boring"), 422).field == "reason"


@pytest.mark.parametrize("action", ["accept", "decline", "spam", "duplicate", "assign"])
def test_a_closed_case_must_be_reopened_first(
    article: models.Article, editor: Any, action: str
) -> None:
    case = open_case(article)
    cases.decline(editor, case, "cannot_verify")
    refused(lambda: ACTIONS[action](editor, case), 409, "case-closed")


def test_reopening_clears_the_decision(article: models.Article, editor: Any) -> None:
    case = open_case(article)
    cases.decline(editor, case, "out_of_scope")
    cases.reopen(editor, case)
    case.refresh_from_db()
    assert (case.status, case.decline_reason, case.closed_at) == ("in_progress", "", None)
    refused(lambda: cases.reopen(editor, case), 409, "case-open")


def test_duplicates_stay_within_the_site(article: models.Article, editor: Any) -> None:
    original, copy = open_case(article), open_case(article)
    other_article = factories.ArticleVersionFactory().article
    # References count per site: the other site's third case has a number this one lacks.
    elsewhere = [open_case(other_article) for _ in range(3)][-1]
    assert not models.Case.objects.for_site(article.site).filter(reference=elsewhere.reference)

    assert refused(lambda: cases.mark_duplicate(editor, copy, elsewhere.reference), 422).field == (
        "duplicate_of"
    )
    refused(lambda: cases.mark_duplicate(editor, copy, copy.reference), 422)

    cases.mark_duplicate(editor, copy, original.reference)
    copy.refresh_from_db()
    assert (copy.status, copy.duplicate_of) == ("duplicate", original)
    assert last_event(copy).data == {"duplicate_of": original.reference}


def test_a_duplicate_of_a_duplicate_points_at_the_original(
    article: models.Article, editor: Any
) -> None:
    original, first, second = open_case(article), open_case(article), open_case(article)
    cases.mark_duplicate(editor, first, original.reference)
    cases.mark_duplicate(editor, second, first.reference)
    second.refresh_from_db()
    assert second.duplicate_of == original


def test_spam_holds_the_reports_and_not_spam_releases_them(
    article: models.Article, editor: Any
) -> None:
    case = open_case(article)
    refused(lambda: cases.mark_not_spam(editor, case), 409)
    cases.mark_spam(editor, case)
    assert set(case.reports.values_list("status", flat=True)) == {"held"}
    refused(lambda: cases.reopen(editor, case), 409, "case-is-spam")

    cases.mark_not_spam(editor, case)
    case.refresh_from_db()
    assert case.status == models.CaseStatus.NEW
    assert set(case.reports.values_list("status", flat=True)) == {"received"}


def test_every_action_is_in_the_history_in_order(site: models.Site, editor: Any) -> None:
    case = open_case(hosted_article(site))
    cases.assign(editor, case, editor)
    cases.add_note(editor, case, "Vérifié auprès de la mairie.")
    cases.accept(editor, case, kind="correction", passage_after="1,3 milliard")
    cases.reopen(editor, case)
    kinds = list(case.events.values_list("kind", "new_status"))
    assert kinds == [
        ("opened", "new"),
        ("assigned", "in_progress"),
        ("note", ""),
        ("decided", "corrected"),
        ("status_changed", "in_progress"),
    ]


def test_other_cases_follow_their_passages_into_the_corrected_text(
    site: models.Site, editor: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = IMMEDIATE_TASKS
    article = hosted_article(site)
    budget, mayor = open_case(article), open_case(article, quote="Grégoire Martin")

    with django_capture_on_commit_callbacks(execute=True):
        cases.accept(editor, budget, kind="correction", passage_after="1,3 milliard d'euros")

    mayor.refresh_from_db()
    latest = article.latest_version()
    assert latest is not None
    assert mayor.version_id == latest.pk
    assert latest.text[mayor.anchor_start : mayor.anchor_end] == "Grégoire Martin"
    assert mayor.events.filter(kind="reanchored").exists()
    correction = cases.accept(editor, mayor, kind="correction", passage_after="Grégoire Martín")
    assert correction.passage_before == "Grégoire Martin"

"""What re-anchoring found, on the case page: removed, rewritten, pinned, re-attached."""

from __future__ import annotations

from typing import Any

import pytest

from errata import models
from errata.services import cases as case_services
from errata.services.articles import upsert_article
from tests.factories import ARTICLE_TEXT
from tests.functional.desk.cases import member, open_case
from tests.functional.desk.conftest import signed_in

pytestmark = pytest.mark.django_db
ORIGIN = "https://quotidien.example"
_AT = ARTICLE_TEXT.index("L'opposition")
SENTENCE = ARTICLE_TEXT[_AT : ARTICLE_TEXT.index("fonctionnement.") + len("fonctionnement.")]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _push(site: models.Site, text: str) -> models.Article:
    return upsert_article(
        site,
        url=f"{ORIGIN}/budget",
        source=models.ArticleSource.CMS,
        version_source=models.VersionSource.CMS,
        title="Lyon adopte son budget",
        language="fr",
        text=text,
    ).article


def _url(case: models.Case) -> str:
    return f"/desk/{case.site.slug}/cases/{case.reference}/"


def _edited(site: models.Site, text: str, capture: Any) -> None:
    with capture(execute=True):
        _push(site, text)


def test_a_removed_passage_is_shown_and_closed_in_one_click(
    site: models.Site, django_capture_on_commit_callbacks: Any
) -> None:
    assert SENTENCE in ARTICLE_TEXT
    case = open_case(_push(site, ARTICLE_TEXT), quote="hausse de 8 %")
    _edited(site, ARTICLE_TEXT.replace(" " + SENTENCE, ""), django_capture_on_commit_callbacks)
    case.refresh_from_db()
    assert case.anchor_state == models.AnchorState.REMOVED
    editor = signed_in(member(site))

    page = editor.get(_url(case)).content.decode()
    assert "Passage removed" in page
    assert "Close: passage removed" in page
    french = editor.get(_url(case), headers={"accept-language": "fr"}).content.decode()
    assert "Passage supprimé" in french

    assert editor.post(_url(case) + "close-fixed/").status_code == 302
    case.refresh_from_db()
    assert case.status == models.CaseStatus.CORRECTED
    decided = case.events.get(kind=models.CaseEventKind.DECIDED)
    assert decided.note == "Closed: the passage was removed from the article."


def test_a_rewritten_sentence_is_shown_with_its_replacement(
    site: models.Site, django_capture_on_commit_callbacks: Any
) -> None:
    case = open_case(_push(site, ARTICLE_TEXT), quote="hausse de 8 %")
    other = "Les élus écologistes ont réclamé un audit indépendant des comptes de la ville."
    _edited(site, ARTICLE_TEXT.replace(SENTENCE, other), django_capture_on_commit_callbacks)
    case.refresh_from_db()
    assert case.anchor_state == models.AnchorState.REWRITTEN
    assert case.version.text[case.anchor_start : case.anchor_end] == other

    page = signed_in(member(site)).get(_url(case)).content.decode()
    assert "Sentence rewritten" in page
    assert other.replace("'", "&#x27;") in page
    assert "Close: sentence rewritten" in page


def test_a_decided_case_is_pinned_to_its_version_even_when_reopened(
    site: models.Site, django_capture_on_commit_callbacks: Any
) -> None:
    article = _push(site, ARTICLE_TEXT)
    case = open_case(article, quote="1,2 milliard")
    version = case.version
    editor = member(site)
    case_services.decline(editor, case, models.DeclineReason.NOT_AN_ERROR)
    case_services.reopen(editor, case)
    _edited(site, "Mise à jour.\n\n" + ARTICLE_TEXT, django_capture_on_commit_callbacks)

    case.refresh_from_db()
    assert case.decided_version == version
    assert case.version == version  # not followed into the new version
    assert not case.events.filter(kind=models.CaseEventKind.REANCHORED).exists()
    # An open case that was never decided does follow.
    fresh = open_case(article, quote="45 millions")
    _edited(
        site, "Mise à jour.\n\n" + ARTICLE_TEXT + "\n\nFin.", django_capture_on_commit_callbacks
    )
    fresh.refresh_from_db()
    assert fresh.version != version
    assert fresh.events.filter(kind=models.CaseEventKind.REANCHORED).exists()


def test_an_orphan_is_re_attached_by_hand_with_who_and_why(
    site: models.Site, django_capture_on_commit_callbacks: Any
) -> None:
    case = open_case(_push(site, ARTICLE_TEXT), quote="Grégoire Martin")
    rewritten = (
        "Le budget de Lyon a été adopté mardi soir après six heures de débats.\n\n"
        "Le maire de la ville a défendu des choix responsables face à l'opposition."
    )
    _edited(site, rewritten, django_capture_on_commit_callbacks)
    case.refresh_from_db()
    assert case.anchor_state in models.AnchorState.unattached()
    user = member(site)
    editor = signed_in(user)
    page = editor.get(_url(case)).content.decode()
    assert "Re-attach by hand" in page
    assert 'data-start="' in page

    passage = "Le maire de la ville"
    start = rewritten.index(passage)
    missing = editor.post(_url(case) + "reattach/", {"passage": "Grégoire", "reason": "x"})
    assert missing.status_code == 422
    response = editor.post(
        _url(case) + "reattach/",
        {"passage": passage, "start": start, "reason": "Le nom a été retiré ; c'est lui."},
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.anchor_state == models.AnchorState.ANCHORED
    assert case.version.text[case.anchor_start : case.anchor_end] == passage
    event = case.events.get(kind=models.CaseEventKind.REATTACHED)
    assert event.actor == user
    assert event.note == "Le nom a été retiré ; c'est lui."
    assert event.data["to"] == [start, start + len(passage)]
    history = editor.get(_url(case)).content.decode()
    assert "Re-attached by hand" in history


def test_an_anchored_case_cannot_be_re_attached(site: models.Site) -> None:
    case = open_case(_push(site, ARTICLE_TEXT), quote="1,2 milliard")
    refused = signed_in(member(site)).post(
        _url(case) + "reattach/", {"passage": "45 millions", "reason": "ailleurs"}
    )
    assert refused.status_code == 409
    case.refresh_from_db()
    assert case.version.text[case.anchor_start : case.anchor_end] == "1,2 milliard"


def test_a_passage_occurring_twice_needs_its_position(site: models.Site) -> None:
    text = ARTICLE_TEXT + "\n\nLe budget prévoit aussi 45 millions pour les crèches."
    article = _push(site, ARTICLE_TEXT)
    case = open_case(article, quote="Grégoire Martin")
    case.anchor_state = models.AnchorState.ORPHANED
    case.save(update_fields=["anchor_state"])
    _push(site, text)
    editor = signed_in(member(site))
    ambiguous = editor.post(_url(case) + "reattach/", {"passage": "45 millions", "reason": "r"})
    assert ambiguous.status_code == 422
    second = text.rindex("45 millions")
    chosen = editor.post(
        _url(case) + "reattach/", {"passage": "45 millions", "start": second, "reason": "r"}
    )
    assert chosen.status_code == 302
    case.refresh_from_db()
    assert case.anchor_start == second

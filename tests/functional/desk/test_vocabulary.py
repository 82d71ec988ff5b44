"""« Not a typo »: an editor adds a flagged word to the site's vocabulary in one click."""

from __future__ import annotations

import pytest

from errata import models
from tests.functional.desk.cases import member
from tests.functional.desk.conftest import signed_in
from tests.functional.desk.test_one_click import _article, _report

pytestmark = pytest.mark.django_db

TEXT = "Le XV de France joue. Le maul dévaste la défense galloise à Cardiff."


def _spelling(case: models.Case) -> dict:  # type: ignore[type-arg]
    report = case.reports.order_by("-created_at", "-pk").first()
    assert report is not None
    [found] = [f for f in report.findings if f["check"] == "spelling"]
    return found  # type: ignore[no-any-return]


def test_an_editor_adds_a_flagged_word_and_errata_knows_it_from_then_on(
    site: models.Site,
) -> None:
    article = _article(site, models.ArticleSource.HOSTED, TEXT)
    case = _report(article, "maul", "")
    assert _spelling(case)["verdict"] == "possible"
    editor_user = member(site)
    editor = signed_in(editor_user)
    url = f"/desk/{site.slug}/cases/{case.reference}/"
    assert "« maul » is not a typo: add it to the site" in editor.get(url).content.decode()

    response = editor.post(url + "vocabulary/", {"word": "maul"})

    assert response.status_code == 302
    word = models.SiteWord.objects.get(site=site)
    assert (word.word, word.language, word.added_by) == ("maul", "fr", editor_user)
    event = case.events.get(kind=models.CaseEventKind.VOCABULARY)
    assert (event.actor, event.data) == (editor_user, {"word": "maul", "language": "fr"})
    assert "« maul »" in editor.get(url).content.decode()  # the history row says which
    again = _report(article, "Le maul", "")
    assert _spelling(again)["verdict"] == "not_confirmed"


def test_only_a_word_the_check_flagged_can_be_added(site: models.Site) -> None:
    article = _article(site, models.ArticleSource.HOSTED, TEXT)
    case = _report(article, "maul", "")
    editor = signed_in(member(site))
    url = f"/desk/{site.slug}/cases/{case.reference}/vocabulary/"

    assert editor.post(url, {"word": "n'importe"}).status_code == 422
    assert editor.post(url, {"word": "maul"}).status_code == 302
    assert editor.post(url, {"word": "maul"}).status_code == 409  # already known
    assert models.SiteWord.objects.count() == 1


def test_another_sites_editor_cannot_add_words(site: models.Site) -> None:
    article = _article(site, models.ArticleSource.HOSTED, TEXT)
    case = _report(article, "maul", "")
    outsider = signed_in(member(models.Site.objects.create(slug="autre", name="Autre")))

    response = outsider.post(
        f"/desk/{site.slug}/cases/{case.reference}/vocabulary/", {"word": "maul"}
    )

    assert response.status_code in (403, 404)
    assert not models.SiteWord.objects.exists()

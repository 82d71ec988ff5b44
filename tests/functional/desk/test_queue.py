"""The queue: order, due times, filters, search, counts, and the polled rows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from errata import models
from errata.intake.store import Stored
from errata.services import cases, reports
from tests import factories
from tests.functional.desk.cases import hosted_article, member, open_case
from tests.functional.desk.conftest import signed_in
from tests.unit.intake import builders

pytestmark = pytest.mark.django_db


def references(response: Any) -> list[str]:
    return [case.reference for case, _ in response.context["rows"]]


@pytest.fixture
def editor(site: models.Site) -> Any:
    return member(site, username="claire")


def test_open_cases_by_priority_then_due_time(site: models.Site, editor: Any) -> None:
    article = hosted_article(site)
    low = open_case(article, priority=10)
    urgent_later = open_case(article, priority=50)
    urgent_sooner = open_case(article, priority=50)
    models.Case.objects.filter(pk=urgent_sooner.pk).update(
        due_at=timezone.now() + timedelta(hours=1)
    )
    closed = open_case(article, priority=90)
    cases.decline(editor, closed, "opinion")

    response = signed_in(editor).get("/desk/")

    assert references(response) == [urgent_sooner.reference, urgent_later.reference, low.reference]
    counts = response.context["counts"]
    assert (counts["open"], counts["new"], counts["declined"], counts["all"]) == (3, 3, 1, 4)


def test_overdue_cases_are_highlighted(site: models.Site, editor: Any) -> None:
    late = open_case(hosted_article(site))
    models.Case.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    html = signed_in(editor).get("/desk/").content.decode()
    assert f'<tr class="overdue" data-reference="{late.reference}">' in html
    assert "overdue" in html


def test_filters_and_search(site: models.Site, editor: Any) -> None:
    article = hosted_article(site)
    budget = open_case(article, reports=[{"comment": "La délibération dit 1,3 milliard."}])
    typo = open_case(
        article, quote="Grégoire Martin", category="typo", reports=[{"comment": "Orthographe"}]
    )
    cases.assign(editor, typo, editor)
    client = signed_in(editor)

    assert references(client.get("/desk/?category=typo")) == [typo.reference]
    assert references(client.get("/desk/?assignee=me")) == [typo.reference]
    assert references(client.get("/desk/?assignee=none")) == [budget.reference]
    assert references(client.get("/desk/?assignee=claire")) == [typo.reference]
    assert '<option value="claire">claire</option>' in client.get("/desk/").content.decode()
    assert references(client.get("/desk/?status=in_progress")) == [typo.reference]
    # "Délibération": ASCII letters match in any case on both engines (SQLite's LIKE
    # folds ASCII only, so accented capitals are not promised).
    assert references(client.get("/desk/?q=D%C3%A9LIB%C3%A9RATION")) == [budget.reference]
    assert references(client.get("/desk/?q=gr%C3%A9goire")) == [typo.reference]
    assert references(client.get(f"/desk/?q={typo.reference}")) == [typo.reference]
    assert set(references(client.get(f"/desk/?article={article.pk}"))) == {
        budget.reference,
        typo.reference,
    }
    assert references(client.get(f"/desk/?site={site.slug}&q=nothing-like-this")) == []


def test_bad_filters_show_the_open_queue(site: models.Site, editor: Any) -> None:
    case = open_case(hosted_article(site))
    response = signed_in(editor).get("/desk/?status=bogus&article=abc&q=" + "x" * 500)
    assert response.status_code == 200
    assert references(response) == [case.reference]


def test_an_editor_sees_only_their_sites(site: models.Site, editor: Any) -> None:
    mine = open_case(hosted_article(site))
    other_site = factories.SiteFactory()
    theirs = open_case(hosted_article(other_site, url="https://other.example/a"))

    response = signed_in(editor).get(f"/desk/?site={other_site.slug}")
    assert references(response) == []
    assert references(signed_in(editor).get("/desk/")) == [mine.reference]
    models.Membership.objects.create(site=other_site, user=editor)
    assert set(references(signed_in(editor).get("/desk/"))) == {mine.reference, theirs.reference}


def test_new_cases_appear_in_the_polled_rows(site: models.Site, editor: Any) -> None:
    client = signed_in(editor)
    page = client.get("/desk/").content.decode()
    assert 'hx-get="/desk/queue/rows/?"' in page
    assert 'hx-trigger="every 15s"' in page
    case = open_case(hosted_article(site))

    rows = client.get("/desk/queue/rows/", HTTP_HX_REQUEST="true")

    assert rows.status_code == 200
    assert case.reference in rows.content.decode()
    assert "<html" not in rows.content.decode()


def test_reader_text_is_escaped_in_the_queue(site: models.Site, editor: Any) -> None:
    article = factories.ArticleFactory(
        site=site, url="https://quotidien.example/x", title="<img src=x onerror=alert(1)>"
    )
    factories.ArticleVersionFactory(article=article)
    open_case(article)
    html = signed_in(editor).get("/desk/").content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_search_with_a_nul_character_is_not_a_server_error(
    site: models.Site, editor: Any
) -> None:
    # PostgreSQL's text cannot hold U+0000; the desk's form refuses it before any query.
    response = signed_in(editor).get("/desk/", {"q": "budget\x00"})

    assert response.status_code == 200


def test_a_case_reference_with_a_nul_character_is_not_found(site: models.Site, editor: Any) -> None:
    response = signed_in(editor).get(f"/desk/{site.slug}/cases/ERR%00/")

    assert response.status_code == 404


def test_a_report_not_yet_filed_shows_as_being_checked(site: models.Site, editor: Any) -> None:
    article = hosted_article(site)
    other_site = factories.SiteFactory(origins=["https://autre.example"])
    stored = builders.receive(site, "1,2 milliard", url=article.url)
    builders.receive(
        other_site,
        origin="https://autre.example",
        url="https://autre.example/a",
        text="Un autre article.",
    )
    assert isinstance(stored, Stored)
    client = signed_in(editor)

    rows = client.get("/desk/queue/rows/", HTTP_HX_REQUEST="true")

    [arriving] = rows.context["arriving"]  # the other site's report is not shown
    assert arriving.reference == stored.receipt.reference
    assert "Just received, being checked" in rows.content.decode()
    assert client.get(f"/desk/?status={models.CaseStatus.SPAM}").context["arriving"] == []

    reports.group_received(article.pk)

    assert client.get("/desk/queue/rows/").context["arriving"] == []
    assert references(client.get("/desk/")) == [stored.receipt.reference]


def test_a_joined_reports_reference_finds_its_case(site: models.Site, editor: Any) -> None:
    article = hosted_article(site)
    first = builders.case(site, "1,2 milliard", url=article.url)
    second = builders.report(site, "1,2 milliard", url=article.url, ip="192.0.2.8")
    assert second.case == first
    client = signed_in(editor)

    assert references(client.get(f"/desk/?q={second.reference}")) == [first.reference]
    page = client.get(f"/desk/{site.slug}/cases/{second.reference}/")
    assert page.status_code == 200
    assert page.context["case"] == first

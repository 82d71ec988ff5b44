"""The case page: the passage in the article, reports, findings, history, and actions."""

from __future__ import annotations

import re
from typing import Any

import pytest

from errata import models
from errata.services import cases
from tests import factories
from tests.functional.desk.cases import hosted_article, member, open_case
from tests.functional.desk.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(site: models.Site) -> Any:
    return member(site, username="claire")


def page(client: Any, case: models.Case) -> str:
    response = client.get(f"/desk/{case.site.slug}/cases/{case.reference}/")
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_passage_is_highlighted_and_other_cases_marked(site: models.Site, editor: Any) -> None:
    article = hosted_article(site)
    case = open_case(article)
    other = open_case(article, quote="Grégoire Martin")

    html = page(signed_in(editor), case)

    assert '<mark id="passage">1,2 milliard</mark>' in html
    assert f'title="{other.reference}">Grégoire Martin</a>' in html
    # Each paragraph of the article is its own <p>.
    assert html.count("<p>Le budget prévoit 300 millions") == 1


def test_reader_and_article_text_is_escaped(site: models.Site, editor: Any) -> None:
    article = factories_article_with(site, "Le maire a dit <b>non</b> & <script>x()</script> hier.")
    case = open_case(
        article,
        quote="<script>x()</script>",
        reports=[
            {
                "comment": "<script>alert('c')</script>",
                "suggestion": "<img src=x onerror=alert(1)>",
                "findings": [
                    {
                        "check": "<i>spelling</i>",
                        "verdict": "ok",
                        "code": "spelling.misspelled",
                        "params": {"words": ["<b>r</b>"], "basis": ["<u>x</u>"]},
                        "data": {"kind": "misspelling", "flagged": ["<b>r</b>"]},
                    },
                    {"check": "dates", "verdict": "x", "code": "<s>code</s>", "params": {}},
                ],
            }
        ],
    )

    html = page(signed_in(editor), case)

    assert "<script>" not in html.split("</head>")[1]
    assert "<img src=x" not in html
    for raw in ("<b>non</b>", "<b>r</b>", "<i>spelling</i>", "<u>x</u>", "<s>code</s>"):
        assert raw not in html
    assert '<mark id="passage">&lt;script&gt;x()&lt;/script&gt;</mark>' in html
    assert "&lt;script&gt;alert(&#x27;c&#x27;)&lt;/script&gt;" in html


def factories_article_with(site: models.Site, text: str) -> models.Article:
    article = factories.ArticleFactory(
        site=site, url="https://quotidien.example/escape", source=models.ArticleSource.HOSTED
    )
    factories.ArticleVersionFactory(article=article, text=text)
    return article


def test_reports_suggestions_findings_and_contacts(site: models.Site, editor: Any) -> None:
    case = open_case(
        hosted_article(site),
        reports=[
            {"suggestion": "1,3 milliard", "contact_email": "lectrice@example.org"},
            {"suggestion": "1,3  Milliard", "language": "en"},
            {"suggestion": "1,4 milliard"},
            {
                "suggestion": "",
                "findings": [
                    {
                        "check": "figures",
                        "verdict": "conflict",
                        "code": "figures.conflict",
                        "params": {"figure": "1,2 milliard", "mentions": ["1,3 milliard"]},
                        "data": {},
                    }
                ],
            },
        ],
    )
    client = signed_in(editor)
    html = page(client, case)

    suggestions = re.findall(r"<li><q>(.*?)</q> <span class=\"count\">× (\d+)</span>", html)
    assert suggestions == [("1,3 milliard", "2"), ("1,4 milliard", "1")]
    # The top suggestion prefills the new wording.
    assert re.search(r'<textarea name="passage_after"[^>]*>\s*1,3 milliard</textarea>', html)
    assert (
        "<b>figures</b>: conflict — « 1,2 milliard » here; the same thing elsewhere in the "
        "article: « 1,3 milliard »."
    ) in html
    assert 'href="mailto:lectrice@example.org"' in html
    assert html.count("no contact") == 3
    # The email is shown on the case page only.
    assert "lectrice@example.org" not in client.get("/desk/").content.decode()
    assert "lectrice@example.org" not in client.get(f"/desk/{site.slug}/stats/").content.decode()


def test_the_history_lists_every_event(site: models.Site, editor: Any) -> None:
    case = open_case(hosted_article(site))
    cases.assign(editor, case, editor)
    cases.add_note(editor, case, "Vérifier <auprès> de la mairie")
    html = page(signed_in(editor), case)
    history = html.split('<ol class="history">')[1]
    assert history.index("Opened") < history.index("Assigned") < history.index("Note")
    assert "by claire" in history
    assert "by errata" in history
    assert "Vérifier &lt;auprès&gt; de la mairie" in history


def test_accepting_from_the_desk_previews_then_publishes(site: models.Site, editor: Any) -> None:
    case = open_case(hosted_article(site), reports=[{"suggestion": "1,3 milliard"}])
    client = signed_in(editor)
    base = f"/desk/{site.slug}/cases/{case.reference}/"

    preview = client.post(
        base + "preview/",
        {"kind": "correction", "passage_after": "1,3 milliard"},
        HTTP_HX_REQUEST="true",
    )
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "<del>1,2</del><ins>1,3</ins>" in html
    notice = "Correction : une version précédente de cet article indiquait « 1,2 milliard »"
    assert notice in html.replace("&#x27;", "'")
    assert not models.Correction.objects.exists()

    published = client.post(
        base + "accept/",
        {"kind": "correction", "passage_after": "1,3 milliard", "notice": "Rectificatif : 1,3."},
    )

    assert published.status_code == 302
    assert published["Location"] == base
    correction = models.Correction.objects.get()
    assert correction.notice == "Rectificatif : 1,3."
    after = client.get(base).content.decode()
    assert "The correction is published." in after
    assert "Rectificatif : 1,3." in after
    assert 'action="' + base + 'reopen/"' in after


def test_a_refused_action_shows_the_reason_on_the_case_page(site: models.Site, editor: Any) -> None:
    case = open_case(hosted_article(site))
    base = f"/desk/{site.slug}/cases/{case.reference}/"
    client = signed_in(editor)

    response = client.post(base + "accept/", {"kind": "silent", "passage_after": "1,3"})
    assert response.status_code == 422  # not a choice on this site
    response = client.post(
        base + "preview/", {"kind": "correction", "passage_after": "1,2 milliard"}
    )
    assert response.status_code == 422
    assert "passage_after: is the same as the passage" in response.content.decode()
    assert client.post(base + "reopen/").status_code == 409


def test_decline_duplicate_spam_and_back(site: models.Site, editor: Any) -> None:
    article = hosted_article(site)
    case, original = open_case(article), open_case(article)
    client = signed_in(editor)
    base = f"/desk/{site.slug}/cases/{case.reference}/"

    assert (
        client.post(base + "decline/", {"reason": "opinion", "note": "Tribune"}).status_code == 302
    )
    case.refresh_from_db()
    assert (case.status, case.decline_reason) == ("declined", "opinion")
    assert client.post(base + "reopen/").status_code == 302
    assert client.post(base + "duplicate/", {"duplicate_of": original.reference}).status_code == 302
    case.refresh_from_db()
    assert case.duplicate_of == original
    assert client.post(base + "reopen/").status_code == 302
    assert client.post(base + "spam/").status_code == 302
    assert client.post(base + "not-spam/").status_code == 302
    assert client.post(base + "note/", {"note": "Fini."}).status_code == 302
    assert client.post(base + "assign/", {"assignee": "claire"}).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.assignee) == ("in_progress", editor)
    assert client.post(base + "assign/", {"assignee": "nobody-here"}).status_code == 422


def test_actions_need_the_csrf_token(site: models.Site, editor: Any) -> None:
    case = open_case(hosted_article(site))
    client = signed_in(editor)
    client.handler.enforce_csrf_checks = True
    response = client.post(f"/desk/{site.slug}/cases/{case.reference}/spam/")
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.status == "new"

"""`/api/v1/cases…` over HTTP with a desk token: the same services as the desk."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from errata import models
from tests.functional.conftest import row_counts
from tests.functional.desk.cases import hosted_article, open_case
from tests.functional.desk.conftest import Newsroom

pytestmark = pytest.mark.django_db


def api(room: Newsroom, method: str, path: str, body: Any = None, token: str | None = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token or room.editor_token}"}
    if method == "GET":
        return Client().get(path, **headers)
    return Client().post(
        path, data=json.dumps(body or {}), content_type="application/json", **headers
    )


def test_list_shows_the_queue_without_emails(newsroom: Newsroom) -> None:
    response = api(newsroom, "GET", "/api/v1/cases")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["counts"]["open"] == 1
    [case] = body["results"]
    assert case["reference"] == newsroom.case.reference
    assert case["site"] == newsroom.site.slug
    assert case["desk_url"] == f"/desk/{newsroom.site.slug}/cases/{newsroom.case.reference}/"
    assert "lectrice@example.org" not in response.content.decode()


def test_detail_says_whether_a_contact_exists(newsroom: Newsroom) -> None:
    body = api(newsroom, "GET", f"/api/v1/cases/{newsroom.case.reference}").json()
    assert [r["has_contact"] for r in body["reports"]] == [True]
    assert body["events"][0]["kind"] == "opened"
    assert "contact_email" not in json.dumps(body)


def test_detail_gives_findings_and_reasons_as_code_and_message(newsroom: Newsroom) -> None:
    case = open_case(
        hosted_article(newsroom.site, url="https://quotidien.example/codes"),
        reports=[
            {
                "suggestion": "1,3 milliard",
                "spam_reasons": [{"code": "spam.links", "params": {"count": 1}}],
                "findings": [
                    {
                        "check": "figures",
                        "verdict": "conflict",
                        "code": "figures.conflict",
                        "params": {"figure": "1,2 milliard", "mentions": ["1,3 milliard"]},
                        "data": {"figure": "1,2 milliard"},
                    }
                ],
            },
            {"suggestion": "1,3  Milliard"},
        ],
    )
    models.Case.objects.filter(pk=case.pk).update(
        priority_reasons=[{"code": "priority.readers", "params": {"count": 2}}]
    )
    body = api(newsroom, "GET", f"/api/v1/cases/{case.reference}").json()

    [finding] = body["reports"][0]["findings"]
    assert finding["code"] == "figures.conflict"
    assert finding["params"]["mentions"] == ["1,3 milliard"]
    assert finding["message"] == (
        "« 1,2 milliard » here; the same thing elsewhere in the article: « 1,3 milliard »."
    )
    assert body["reports"][0]["spam_reasons"] == [
        {"code": "spam.links", "params": {"count": 1}, "message": "links: 1"}
    ]
    assert body["priority_reasons"] == [
        {"code": "priority.readers", "params": {"count": 2}, "message": "2 readers"}
    ]
    # The desk's rule: identical wordings (case and spacing aside) counted together.
    assert body["suggestions"] == [{"text": "1,3 milliard", "count": 2}]


def test_accept_through_the_api_is_recorded_under_the_token_owner(newsroom: Newsroom) -> None:
    ref = newsroom.case.reference
    response = api(
        newsroom,
        "POST",
        f"/api/v1/cases/{ref}/actions/accept",
        {"kind": "correction", "passage_after": "1,3 milliard"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "corrected"
    assert body["corrections"][0]["notice"].startswith("Correction : une version précédente")
    decided = models.CaseEvent.objects.get(kind="decided")
    assert decided.actor == newsroom.editor
    assert body["replies"] == [
        {"language": "fr", "status": "pending", "attempts": 0, "sent_at": None}
    ]


def test_every_action_through_the_api(newsroom: Newsroom) -> None:
    ref = newsroom.case.reference
    other = open_case(newsroom.case.article)
    base = f"/api/v1/cases/{ref}/actions/"
    steps = [
        ("assign", {"assignee": "claire"}, "in_progress"),
        ("note", {"note": "Vérifier."}, "in_progress"),
        ("decline", {"reason": "opinion"}, "declined"),
        ("reopen", None, "in_progress"),
        ("duplicate", {"duplicate_of": other.reference}, "duplicate"),
        ("reopen", None, "in_progress"),
        ("spam", None, "spam"),
        ("not-spam", None, "new"),
        ("assign", {"assignee": None}, "new"),
    ]
    for action, body, status in steps:
        response = api(newsroom, "POST", base + action, body)
        assert response.status_code == 200, (action, response.content)
        assert response.json()["status"] == status, action


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("assign", {"assignee": "olivier"}, "assignee"),
        ("assign", {"assignee": "ghost"}, "assignee"),
        ("note", {"note": ""}, "note"),
        ("note", {"note": "x" * 5001}, "note"),
        ("note", {"note": "ok", "status": "corrected"}, "status"),
        ("accept", {"kind": "erratum"}, "kind"),
        ("accept", {"kind": "correction", "passage_after": "1,2 milliard"}, "passage_after"),
        ("accept", {"kind": "correction", "passage_after": "x", "notice": "y" * 2001}, "notice"),
        ("decline", {"reason": "boring"}, "reason"),
        ("duplicate", {"duplicate_of": "ERR-2026-99999"}, "duplicate_of"),
    ],
)
def test_refusals_name_the_field_and_write_nothing(
    newsroom: Newsroom, action: str, body: dict[str, Any], field: str
) -> None:
    counts = row_counts()
    response = api(
        newsroom, "POST", f"/api/v1/cases/{newsroom.case.reference}/actions/{action}", body
    )
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == field
    assert row_counts() == counts


def test_state_conflicts_are_409(newsroom: Newsroom) -> None:
    response = api(newsroom, "POST", f"/api/v1/cases/{newsroom.case.reference}/actions/reopen")
    assert response.status_code == 409
    assert response.json()["code"] == "case-open"


def test_list_filters_are_validated(newsroom: Newsroom) -> None:
    assert api(newsroom, "GET", "/api/v1/cases?status=bogus").json()["field"] == "status"
    assert api(newsroom, "GET", "/api/v1/cases?category=bogus").json()["field"] == "category"
    assert api(newsroom, "GET", "/api/v1/cases?limit=1000").json()["field"] == "limit"
    # Past any database's integers: a 422 naming the field, never a 500.
    huge = api(newsroom, "GET", "/api/v1/cases?offset=9223372036854775808")
    assert (huge.status_code, huge.json()["field"]) == (422, "offset")
    assert api(newsroom, "GET", "/api/v1/cases?offset=1000000").status_code == 200
    body = api(newsroom, "GET", "/api/v1/cases?status=all&q=1,2%20milliard&limit=1").json()
    assert body["count"] == 1


def test_a_reference_on_two_of_my_sites_needs_the_site(newsroom: Newsroom) -> None:
    models.Membership.objects.create(site=newsroom.other_site, user=newsroom.editor)
    twin = open_case(hosted_article(newsroom.other_site, url="https://gazette.example/a"))
    assert twin.reference == newsroom.case.reference
    response = api(newsroom, "GET", f"/api/v1/cases/{twin.reference}")
    assert (response.status_code, response.json()["field"]) == (409, "site")
    chosen = api(newsroom, "GET", f"/api/v1/cases/{twin.reference}?site=gazette").json()
    assert chosen["site"] == "gazette"


def test_an_outsider_token_cannot_act(newsroom: Newsroom) -> None:
    counts = row_counts()
    response = api(
        newsroom,
        "POST",
        f"/api/v1/cases/{newsroom.case.reference}/actions/spam",
        token=newsroom.outsider_token,
    )
    assert response.status_code == 404
    assert row_counts() == counts


def test_tokens_are_managed_on_the_desk(newsroom: Newsroom) -> None:
    client = Client()
    client.force_login(newsroom.editor)
    page = client.post("/desk/tokens/", {"name": "newsletter bot"})
    raw = page.context["raw"]
    assert raw.startswith("dt_")
    assert raw in page.content.decode()
    assert models.DeskToken.objects.filter(user=newsroom.editor).count() == 2
    assert raw not in client.get("/desk/tokens/").content.decode()
    assert Client().get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    token = models.DeskToken.objects.get(name="newsletter bot")
    assert client.post(f"/desk/tokens/{token.pk}/revoke/").status_code == 302
    assert Client().get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    outsider_token = models.DeskToken.objects.get(user=newsroom.outsider)
    assert client.post(f"/desk/tokens/{outsider_token.pk}/revoke/").status_code == 404


def test_an_oversize_body_is_a_413_problem(newsroom: Newsroom) -> None:
    counts = row_counts()
    response = api(
        newsroom,
        "POST",
        f"/api/v1/cases/{newsroom.case.reference}/actions/note",
        {"note": "x" * 1_100_000},
    )
    assert response.status_code == 413
    assert response.json()["field"] == "body"
    assert row_counts() == counts


def test_malformed_json_is_a_400_problem(newsroom: Newsroom) -> None:
    response = Client().post(
        f"/api/v1/cases/{newsroom.case.reference}/actions/note",
        data="{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {newsroom.editor_token}",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_the_status_filter_lists_every_case_status() -> None:
    from errata.api.cases import StatusFilter

    assert {choice.value for choice in StatusFilter} == {"open", "all", *models.CaseStatus.values}


def test_an_orphan_is_re_attached_through_the_api(newsroom: Newsroom) -> None:
    case = newsroom.case
    case.anchor_state = models.AnchorState.ORPHANED
    case.save(update_fields=["anchor_state"])
    path = f"/api/v1/cases/{case.reference}/actions/reattach"
    text = case.version.text
    passage = text[10:30]

    response = api(newsroom, "POST", path, {"passage": passage, "start": 10, "reason": "ici"})

    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert (case.anchor_state, case.anchor_start, case.anchor_end) == ("anchored", 10, 30)
    event = case.events.get(kind=models.CaseEventKind.REATTACHED)
    assert (event.actor, event.note) == (newsroom.editor, "ici")
    again = api(newsroom, "POST", path, {"passage": passage, "start": 10, "reason": "ici"})
    assert again.status_code == 409
    assert again.json()["code"] == "passage-attached"


def test_a_nul_character_is_refused_by_name_not_a_server_error(newsroom: Newsroom) -> None:
    # PostgreSQL's text cannot hold U+0000; found by the API fuzz test on PostgreSQL.
    response = api(newsroom, "GET", "/api/v1/cases?q=budget%00")

    assert response.status_code == 422
    assert response.json()["field"] == "q"
    assert response.json()["errors"][0]["code"] == "nul_character"


def test_a_reference_with_a_nul_character_is_not_found(newsroom: Newsroom) -> None:
    response = api(newsroom, "GET", "/api/v1/cases/ERR%00")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"

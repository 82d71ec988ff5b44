"""The permission walk: every URL under /desk/ and /api/v1/cases, reversed with sample
arguments, as an anonymous visitor, as an editor of another site, and as the right
editor (or administrator). A URL added without an expectation here fails the test."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from errata import models
from tests.functional.desk.conftest import Newsroom, signed_in

pytestmark = pytest.mark.django_db


def walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), f"{namespace}:{pattern.name}"


def guarded_urls() -> list[str]:
    """Every named URL the desk and the desk API serve."""
    return sorted(
        {
            name
            for route, name in walk(get_resolver().url_patterns)
            if route.startswith("desk/") or route.startswith("api/v1/cases")
        }
    )


# name: (method, status for the right person on a fresh open case, who is right).
# Actions are posted with the valid data in BODIES.
EXPECTED: dict[str, tuple[str, int, str]] = {
    "desk:login": ("GET", 302, "editor"),  # already signed in: to the queue
    "desk:logout": ("POST", 302, "editor"),
    "desk:language": ("POST", 302, "editor"),
    "desk:queue": ("GET", 200, "editor"),
    "desk:queue-rows": ("GET", 200, "editor"),
    "desk:tokens": ("GET", 200, "editor"),
    "desk:revoke-token": ("POST", 302, "editor"),
    "desk:case": ("GET", 200, "editor"),
    "desk:assign": ("POST", 302, "editor"),
    "desk:note": ("POST", 302, "editor"),
    "desk:preview": ("POST", 200, "editor"),
    "desk:accept": ("POST", 302, "editor"),
    "desk:decline": ("POST", 302, "editor"),
    "desk:duplicate": ("POST", 422, "editor"),  # no such case to be a duplicate of
    "desk:spam": ("POST", 302, "editor"),
    "desk:not-spam": ("POST", 409, "editor"),  # the case is not spam
    "desk:reopen": ("POST", 409, "editor"),  # the case is open
    "desk:apply-fix": ("POST", 409, "editor"),  # no verified spelling fix
    "desk:close-fixed": ("POST", 409, "editor"),  # the article was not edited
    "desk:reattach": ("POST", 409, "editor"),  # the case's passage is still there
    "desk:add-word": ("POST", 422, "editor"),  # no word of the case was flagged
    "desk:stats": ("GET", 200, "editor"),
    "desk:stats-csv": ("GET", 200, "editor"),
    "desk:audit": ("GET", 200, "admin"),
    "desk:audit-csv": ("GET", 200, "admin"),
    "desk:templates": ("GET", 200, "admin"),
    "desk:edit-template": ("GET", 200, "admin"),
    "desk:site-admin": ("GET", 200, "admin"),
    "desk:site-settings": ("POST", 302, "admin"),
    "desk:site-setup": ("POST", 302, "admin"),
    "desk:add-origin": ("POST", 302, "admin"),
    "desk:remove-origin": ("POST", 302, "admin"),
    "desk:add-member": ("POST", 302, "admin"),
    "desk:remove-member": ("POST", 302, "admin"),
    "desk:issue-key": ("POST", 200, "admin"),
    "desk:revoke-key": ("POST", 302, "admin"),
    "desk:reader-data": ("GET", 200, "admin"),
    "desk:reader-export": ("POST", 200, "admin"),
    "desk:reader-erase": ("POST", 302, "admin"),
    "api:cases-list": ("GET", 200, "editor"),
    "api:case-detail": ("GET", 200, "editor"),
    "api:case-assign": ("POST", 200, "editor"),
    "api:case-note": ("POST", 200, "editor"),
    "api:case-accept": ("POST", 200, "editor"),
    "api:case-decline": ("POST", 200, "editor"),
    "api:case-duplicate": ("POST", 422, "editor"),
    "api:case-spam": ("POST", 200, "editor"),
    "api:case-not-spam": ("POST", 409, "editor"),
    "api:case-reopen": ("POST", 409, "editor"),
    "api:case-apply-fix": ("POST", 409, "editor"),
    "api:case-close-fixed": ("POST", 409, "editor"),
    "api:case-reattach": ("POST", 409, "editor"),
}
BODIES: dict[str, dict[str, Any]] = {
    "assign": {"assignee": None},
    "note": {"note": "Vérifier."},
    "preview": {"kind": "correction", "passage_after": "1,3 milliard"},
    "accept": {"kind": "correction", "passage_after": "1,3 milliard"},
    "decline": {"reason": "opinion"},
    "duplicate": {"duplicate_of": "ERR-2026-99999"},
    "add-word": {"word": "Koursk"},
    "language": {"language": "fr", "next": "/desk/"},
    "site-settings": {
        "name": "Le Quotidien",
        "language": "fr",
        "sla_hours": 12,
        "contact_retention_days": 30,
        "webhook_url": "",
    },
    "site-setup": {"article_selector": "div.article-body", "url_rule": "exact"},
    "add-origin": {"origin": "https://www.quotidien.example"},
    "add-member": {"username": "olivier", "role": "editor"},
    "issue-key": {"name": "CMS"},
    "reattach": {"passage": "45 millions", "reason": "Le passage est là."},
    "reader-export": {"email": "lectrice@example.org"},
    "reader-erase": {"email": "lectrice@example.org", "confirm": "on"},
}
# Site pages an editor (not administrator) is refused.
ADMIN_ONLY = {"desk:audit", "desk:audit-csv", "desk:templates", "desk:edit-template"}
ADMIN_ONLY |= {"desk:site-admin", "desk:site-settings", "desk:add-member", "desk:remove-member"}
ADMIN_ONLY |= {"desk:issue-key", "desk:revoke-key"}
ADMIN_ONLY |= {"desk:site-setup", "desk:add-origin", "desk:remove-origin"}
ADMIN_ONLY |= {"desk:reader-data", "desk:reader-export", "desk:reader-erase"}
# Pages about no site in particular: an outsider sees them, with their own sites only.
SITELESS = {"desk:login", "desk:logout", "desk:language", "desk:queue", "desk:queue-rows"}
SITELESS |= {"desk:tokens", "api:cases-list"}


def test_every_guarded_url_has_an_expectation() -> None:
    assert guarded_urls() == sorted(EXPECTED)


def url_of(name: str, room: Newsroom, user: Any) -> str:
    samples: dict[str, Any] = {
        "site": room.site.slug,
        "reference": room.case.reference,
        "token_id": models.DeskToken.objects.filter(user=room.editor).values_list("pk", flat=True)[
            0
        ],
        "purpose": "notice",
        "key": "correction",
        "language": "fr",
        "membership_id": models.Membership.objects.get(user=room.editor).pk,
        "key_id": models.ApiKey.objects.filter(site=room.site).values_list("pk", flat=True)[0],
        "origin_id": models.SiteOrigin.objects.filter(site=room.site).values_list("pk", flat=True)[
            0
        ],
    }
    pattern = dict(walk(get_resolver().url_patterns))
    route = next(route for route, n in pattern.items() if n == name)
    kwargs = {
        key: value for key, value in samples.items() if f"<{key}>" in route or f":{key}>" in route
    }
    return reverse(name, kwargs=kwargs)


def call(client: Client, method: str, name: str, url: str, token: str | None = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method == "GET":
        return client.get(url, **headers)
    body = BODIES.get(name.split(":")[1].removeprefix("case-"), {})
    if name.startswith("api:"):
        body = {k: v for k, v in body.items() if k != "next"}
        return client.post(url, data=json.dumps(body), content_type="application/json", **headers)
    form = {k: "" if v is None else v for k, v in body.items()}
    return client.post(url, form, **headers)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_anonymous_visitors_are_sent_to_sign_in(newsroom: Newsroom, name: str) -> None:
    method, _, _ = EXPECTED[name]
    url = url_of(name, newsroom, None)
    response = call(Client(), method, name, url)
    if name.startswith("api:"):
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
    elif name == "desk:login":
        assert response.status_code == 200
    else:
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("desk:login"))
    assert newsroom.case.reference not in response.content.decode()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_editors_of_another_site_see_nothing_of_it(newsroom: Newsroom, name: str) -> None:
    method, _, _ = EXPECTED[name]
    url = url_of(name, newsroom, newsroom.outsider)
    client = Client() if name.startswith("api:") else signed_in(newsroom.outsider)
    token = newsroom.outsider_token if name.startswith("api:") else None
    response = call(client, method, name, url, token)
    if name in SITELESS:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 404, url
    if name == "api:cases-list":
        assert response.json()["count"] == 0
    # The page may repeat the address the outsider asked for; nothing else of the case.
    assert newsroom.case.reference not in response.content.decode().replace(url, "")
    assert "lectrice@example.org" not in response.content.decode()
    newsroom.case.refresh_from_db()
    assert newsroom.case.status == models.CaseStatus.NEW
    assert models.DeskToken.objects.filter(user=newsroom.editor, revoked_at=None).exists()
    assert models.ApiKey.objects.filter(site=newsroom.site, revoked_at=None).count() == 1
    assert models.Membership.objects.filter(site=newsroom.site).count() == 2
    newsroom.site.refresh_from_db()
    assert newsroom.site.sla_hours == 24
    assert newsroom.case.reports.get().contact_email == "lectrice@example.org"
    assert not models.ReaderRequest.objects.exists()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_right_person_is_served(newsroom: Newsroom, name: str) -> None:
    method, status, who = EXPECTED[name]
    person = newsroom.admin if who == "admin" else newsroom.editor
    url = url_of(name, newsroom, person)
    if name.startswith("api:"):
        response = call(Client(), method, name, url, newsroom.editor_token)
    else:
        response = call(signed_in(person), method, name, url)
    assert response.status_code == status, (url, response.content[:300])


@pytest.mark.parametrize("name", sorted(ADMIN_ONLY))
def test_administrator_pages_refuse_editors(newsroom: Newsroom, name: str) -> None:
    method = EXPECTED[name][0]
    response = call(signed_in(newsroom.editor), method, name, url_of(name, newsroom, None))
    assert response.status_code == 403
    assert models.ApiKey.objects.filter(site=newsroom.site, revoked_at=None).count() == 1
    assert models.Membership.objects.filter(site=newsroom.site).count() == 2
    assert newsroom.case.reports.get().contact_email == "lectrice@example.org"
    assert not models.ReaderRequest.objects.exists()


def test_a_revoked_token_is_refused(newsroom: Newsroom) -> None:
    models.DeskToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    response = Client().get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {newsroom.editor_token}")
    assert response.status_code == 401


def test_a_site_api_key_is_not_a_desk_token(newsroom: Newsroom) -> None:
    _key, raw = models.ApiKey.issue(newsroom.site, "cms")
    response = Client().get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401

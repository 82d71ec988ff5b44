"""PUT /api/v1/articles over HTTP: a CMS pushes articles with its site's API key."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from errata import models
from errata.api.schemas.articles import CMS_TEXT_MAX
from tests import factories
from tests.functional.conftest import row_counts

pytestmark = pytest.mark.django_db

URL = "https://quotidien.example/economie/budget-lyon"
TEXT = "Le conseil municipal de Lyon a adopté mardi un budget de 1,2 milliard d'euros."

Push = Callable[..., Any]


def article_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "url": URL,
        "title": "Lyon adopte son budget",
        "lang": "fr",
        "published_at": "2026-11-24T18:30:00+01:00",
        "text": TEXT,
    }
    payload.update(overrides)
    return {name: value for name, value in payload.items() if value is not None}


@pytest.fixture
def api_key(site: models.Site) -> str:
    _, raw = models.ApiKey.issue(site, "CMS")
    return raw


@pytest.fixture
def push(client: Client, api_key: str) -> Push:
    def put(payload: Any, key: str | None = None, raw: bytes | None = None, **headers: Any) -> Any:
        if "HTTP_AUTHORIZATION" not in headers:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {key or api_key}"
        return client.put(
            "/api/v1/articles",
            data=raw if raw is not None else json.dumps(payload),
            content_type="application/json",
            **headers,
        )

    return put


def test_a_new_article_is_created_with_its_first_version(site: models.Site, push: Push) -> None:
    response = push(article_payload())

    assert response.status_code == 201, response.content
    body = response.json()
    article = models.Article.objects.for_site(site).get()
    version = article.latest_version()
    assert version is not None
    assert body["article"] == {
        "url": URL,
        "title": "Lyon adopte son budget",
        "lang": "fr",
        "source": "cms",
        "cms_id": "",
    }
    assert body["version"]["id"] == version.pk
    assert body["version"]["text_hash"] == version.text_hash
    assert body["version"]["created"] is True
    assert body["changed"] is True
    assert version.source == models.VersionSource.CMS
    assert version.text == TEXT
    assert article.published_at is not None
    assert article.published_at.isoformat() == "2026-11-24T17:30:00+00:00"
    assert "Access-Control-Allow-Origin" not in response  # server to server, no CORS


def test_the_same_text_again_makes_no_new_version(push: Push) -> None:
    first = push(article_payload()).json()

    again = push(article_payload(text=None, html=f"<article><p>{TEXT}</p>\n</article>"))

    assert again.status_code == 200
    assert again.json()["changed"] is False
    assert again.json()["version"]["id"] == first["version"]["id"]
    assert models.ArticleVersion.objects.count() == 1


def test_a_changed_text_makes_a_new_version_and_updates_the_title(push: Push) -> None:
    first = push(article_payload()).json()

    changed = push(
        article_payload(title="Lyon vote son budget", text=TEXT.replace("1,2", "1,3"))
    ).json()

    assert changed["changed"] is True
    assert changed["version"]["id"] != first["version"]["id"]
    assert changed["article"]["title"] == "Lyon vote son budget"
    assert models.ArticleVersion.objects.count() == 2


def test_the_url_is_canonicalised_like_the_widgets(article: models.Article, push: Push) -> None:
    response = push(article_payload(url="https://Quotidien.example/budget#commentaires"))

    assert response.status_code == 200
    assert response.json()["article"]["url"] == article.url
    assert models.Article.objects.count() == 1


def test_a_push_makes_a_reader_supplied_article_authoritative(
    site: models.Site, push: Push
) -> None:
    reader = factories.ArticleFactory(site=site, url=URL, source=models.ArticleSource.READER)
    factories.ArticleVersionFactory(article=reader, source=models.VersionSource.WIDGET)

    body = push(article_payload()).json()

    assert body["article"]["source"] == "cms"
    reader.refresh_from_db()
    assert reader.source == models.ArticleSource.CMS


def test_a_key_of_one_site_never_touches_another_sites_article(
    article: models.Article, client: Client
) -> None:
    other = factories.SiteFactory(slug="autre", origins=["https://autre.example"])
    _, other_key = models.ApiKey.issue(other, "CMS")
    version = article.latest_version()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {other_key}"}
    before = row_counts()

    response = client.put(
        "/api/v1/articles",
        data=json.dumps(article_payload(url=article.url, text="Texte réécrit par un tiers.")),
        content_type="application/json",
        **headers,
    )

    assert response.status_code == 422
    assert response.json()["field"] == "url"
    assert response.json()["code"] == "url-not-allowed"
    assert row_counts() == before
    assert article.latest_version() == version


def test_sites_sharing_an_origin_each_push_their_own_article(
    article: models.Article, client: Client
) -> None:
    sister = factories.SiteFactory(slug="soeur", origins=["https://quotidien.example"])
    _, sister_key = models.ApiKey.issue(sister, "CMS")
    version = article.latest_version()

    response = client.put(
        "/api/v1/articles",
        data=json.dumps(article_payload(url=article.url, text="Le texte de l'édition sœur.")),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {sister_key}",
    )

    assert response.status_code == 201
    assert models.Article.objects.for_site(sister).get().url == article.url
    assert article.latest_version() == version


def test_csrf_does_not_apply_to_a_bearer_key(api_key: str) -> None:
    response = Client(enforce_csrf_checks=True).put(
        "/api/v1/articles",
        data=json.dumps(article_payload()),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api_key}",
    )

    assert response.status_code == 201


@pytest.mark.parametrize(
    "authorization",
    [
        pytest.param(None, id="no header"),
        pytest.param("Bearer ek_not-a-key", id="unknown key"),
        pytest.param("Bearer ", id="empty key"),
        pytest.param("Basic ZWs6a2V5", id="not bearer"),
        pytest.param("Bearer " + "ek_" + "x" * 5000, id="absurdly long"),
        pytest.param("PUBLIC", id="public key"),
        pytest.param("REVOKED", id="revoked key"),
    ],
)
def test_a_request_without_a_valid_key_is_unauthenticated(
    site: models.Site, client: Client, authorization: str | None
) -> None:
    if authorization == "PUBLIC":
        authorization = f"Bearer {site.public_key}"
    elif authorization == "REVOKED":
        key, raw = models.ApiKey.issue(site, "old CMS")
        models.ApiKey.objects.filter(pk=key.pk).update(revoked_at=timezone.now())
        authorization = f"Bearer {raw}"
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization is not None else {}
    before = row_counts()

    response = client.put(
        "/api/v1/articles",
        data=json.dumps(article_payload()),
        content_type="application/json",
        **headers,
    )

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["field"] == "Authorization"
    assert response.json()["code"] == "unauthenticated"
    assert row_counts() == before


def test_a_key_records_when_it_was_last_used(site: models.Site, push: Push) -> None:
    push(article_payload())

    assert models.ApiKey.objects.get(site=site).last_used_at is not None


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        pytest.param({"title": None}, "title", "missing", id="no title"),
        pytest.param({"text": None}, "text", "text-or-html", id="neither text nor html"),
        pytest.param({"html": "<p>x</p>"}, "text", "text-or-html", id="both text and html"),
        pytest.param({"text": " \n\u200b "}, "text", "empty-text", id="blank text"),
        pytest.param(
            {"text": None, "html": "<script>var x;</script><p hidden>x</p>"},
            "html",
            "empty-text",
            id="html with nothing visible",
        ),
        pytest.param(
            {"text": "x" * (CMS_TEXT_MAX + 1)}, "text", "string_too_long", id="text too long"
        ),
        pytest.param(
            {"text": None, "html": "y" * (CMS_TEXT_MAX + 1)},
            "html",
            "string_too_long",
            id="html too long",
        ),
        pytest.param({"text": 42}, "text", "string_type", id="text not a string"),
        pytest.param({"lang": "français"}, "lang", "string_pattern_mismatch", id="bad lang"),
        pytest.param(
            {"published_at": "2026-11-24T18:30:00"},
            "published_at",
            "timezone_aware",
            id="naive date",
        ),
        pytest.param({"published_at": "mardi"}, "published_at", "datetime_from_date_parsing"),
        pytest.param({"url": "javascript:alert(1)"}, "url", "invalid-url", id="not http"),
        pytest.param(
            {"url": "https://elsewhere.example/budget"},
            "url",
            "url-not-allowed",
            id="outside the site",
        ),
        pytest.param({"url": "https://x.example/" + "a" * 2000}, "url", "string_too_long"),
        pytest.param({"site": "quotidien"}, "site", "extra_forbidden", id="server-owned field"),
    ],
)
def test_bad_input_is_refused_with_a_problem_naming_the_field(
    push: Push, change: dict[str, Any], field: str, code: str
) -> None:
    payload = article_payload()
    payload.update(change)
    payload = {name: value for name, value in payload.items() if value is not None}
    before = row_counts()

    response = push(payload)

    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["field"] == field
    assert code in {problem["code"], *(error["code"] for error in problem["errors"])}
    assert field in problem["detail"]
    assert row_counts() == before


def test_a_body_over_the_upload_limit_is_413_before_anything_else(
    push: Push, settings: Any
) -> None:
    oversize = json.dumps(article_payload(text="z" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
    before = row_counts()

    for response in (
        push(None, raw=oversize.encode(), HTTP_AUTHORIZATION=""),
        push(None, raw=oversize.encode()),
    ):
        assert response.status_code == 413
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["field"] == "body"
        assert response.json()["code"] == "body-too-large"
    assert row_counts() == before


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [(b'{"url": ', 400, "malformed-json"), (b"[]", 422, "invalid-field")],
)
def test_a_body_that_is_not_a_json_object_is_refused(
    push: Push, raw: bytes, status: int, code: str
) -> None:
    response = push(None, raw=raw)

    assert response.status_code == status
    assert response.json()["code"] == code
    assert not models.Article.objects.exists()


def test_the_cms_id_is_kept_and_follows_the_cms(site: models.Site, push: Push) -> None:
    first = push(article_payload(cms_id="post-4711"))
    assert first.status_code == 201
    assert first.json()["article"]["cms_id"] == "post-4711"

    # A push without an id leaves it; a push with another replaces it.
    assert push(article_payload(title="Lyon vote")).json()["article"]["cms_id"] == "post-4711"
    assert push(article_payload(cms_id="4712")).json()["article"]["cms_id"] == "4712"
    assert models.Article.objects.for_site(site).get().cms_id == "4712"


@pytest.mark.parametrize("cms_id", ["", "has space", "x" * 101, "tab\there"])
def test_a_bad_cms_id_is_refused_naming_it(push: Push, cms_id: str) -> None:
    before = row_counts()

    response = push(article_payload(cms_id=cms_id))

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert "cms_id" in json.dumps(response.json())
    assert row_counts() == before

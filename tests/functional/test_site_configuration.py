"""Configuration errors and the URL rule over HTTP: what the widget and a CMS are told
when a site is not set up for a page, and how http/https and www. variants of a canonical
URL land on one article."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from errata import models
from tests import factories
from tests.functional.conftest import PostReport, report_payload, row_counts

pytestmark = pytest.mark.django_db

TEXT = "Le conseil municipal de Lyon a adopté mardi un budget de 1,2 milliard d'euros."


def snapshot(url: str) -> dict[str, Any]:
    return {"url": url, "title": "Lyon adopte son budget", "lang": "fr", "text": TEXT}


def test_an_http_canonical_url_of_an_https_site_lands_on_the_https_article(
    site: models.Site, post_report: PostReport
) -> None:
    first = post_report(report_payload(site, article=snapshot("http://quotidien.example/budget")))
    second = post_report(
        report_payload(site, article=snapshot("https://www.quotidien.example/budget#top")),
        REMOTE_ADDR="203.0.113.9",
    )

    assert first.status_code == 201, first.content
    assert second.status_code == 201, second.content
    article = models.Article.objects.for_site(site).get()
    assert article.url == "https://quotidien.example/budget"
    assert models.Case.objects.count() == 1


def test_the_exact_rule_refuses_the_variant_naming_the_setting(
    site: models.Site, post_report: PostReport
) -> None:
    site.url_rule = models.UrlRule.EXACT
    site.save()
    before = row_counts()

    response = post_report(report_payload(site, article=snapshot("http://quotidien.example/b")))

    assert response.status_code == 422
    problem = response.json()
    assert (problem["code"], problem["field"], problem["setting"]) == (
        "url-not-allowed",
        "article.url",
        "allowed_origins",
    )
    assert "https://quotidien.example" in problem["detail"]
    assert "exact" in problem["detail"]
    assert row_counts() == before


def test_a_site_without_origins_is_not_configured(post_report: PostReport, db: None) -> None:
    site = factories.SiteFactory(origins=[])
    before = row_counts()

    response = post_report(report_payload(site, article=snapshot("https://quotidien.example/b")))

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert (problem["code"], problem["field"], problem["setting"]) == (
        "site-not-configured",
        "Origin",
        "allowed_origins",
    )
    assert "errata site add-origin" in problem["detail"]
    assert row_counts() == before


@pytest.mark.parametrize(
    ("change", "origin", "status", "code", "setting"),
    [
        ({"site": "pk_unknown"}, "https://quotidien.example", 422, "unknown-site", "data-site"),
        ({}, "https://evil.example", 403, "origin-not-allowed", "allowed_origins"),
        # The page's origin is exact, whatever the URL rule: it is the CORS allow-list.
        ({}, "http://quotidien.example", 403, "origin-not-allowed", "allowed_origins"),
    ],
)
def test_configuration_errors_name_the_setting_to_fix(
    article: models.Article,
    post_report: PostReport,
    change: dict[str, Any],
    origin: str,
    status: int,
    code: str,
    setting: str,
) -> None:
    response = post_report(report_payload(article.site, **change), origin=origin)

    assert response.status_code == status
    assert (response.json()["code"], response.json()["setting"]) == (code, setting)


def test_a_reading_error_names_no_setting(article: models.Article, post_report: PostReport) -> None:
    response = post_report(report_payload(article.site, comment="", suggestion=""))

    assert response.status_code == 422
    assert "setting" not in response.json()


def test_a_cms_push_of_a_www_variant_updates_the_same_article(
    client: Client, site: models.Site
) -> None:
    _key, raw = models.ApiKey.issue(site, "CMS")

    def push(url: str, text: str) -> Any:
        return client.put(
            "/api/v1/articles",
            data=json.dumps({"url": url, "title": "Budget", "lang": "fr", "text": text}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )

    created = push("https://quotidien.example/budget", TEXT)
    updated = push("http://www.quotidien.example/budget", TEXT + " Le vote a eu lieu.")

    assert (created.status_code, updated.status_code) == (201, 200)
    article = models.Article.objects.for_site(site).get()
    assert article.url == "https://quotidien.example/budget"
    assert article.versions.count() == 2


def test_the_widget_config_carries_the_article_selector(client: Client, site: models.Site) -> None:
    def selector() -> Any:
        return client.get("/api/v1/widget-config", {"site": site.public_key}).json()[
            "article_selector"
        ]

    assert selector() == ""
    site.article_selector = "div.article-body"
    site.save()
    assert selector() == "div.article-body"


def test_corrections_are_found_under_an_http_canonical_url(
    client: Client, article: models.Article
) -> None:
    response = client.get(
        "/api/v1/corrections",
        {"site": article.site.public_key, "url": "http://www.quotidien.example/budget"},
    )

    assert response.status_code == 200
    assert response.json()["article"]["url"] == "https://quotidien.example/budget"

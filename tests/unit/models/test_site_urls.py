"""Which article URLs a site accepts, and under which URL each article is stored."""

from __future__ import annotations

import pytest

from errata import models
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def https_site() -> models.Site:
    return factories.SiteFactory(origins=["https://www.quotidien.example"])


@pytest.mark.parametrize(
    ("url", "stored"),
    [
        ("https://www.quotidien.example/a?x=1#top", "https://www.quotidien.example/a?x=1"),
        ("http://www.quotidien.example/a", "https://www.quotidien.example/a"),
        ("http://quotidien.example/a", "https://www.quotidien.example/a"),
        ("https://QUOTIDIEN.example/A", "https://www.quotidien.example/A"),
        ("https://quotidien.example:443/a", "https://www.quotidien.example/a"),
        ("http://quotidien.example:80", "https://www.quotidien.example/"),
    ],
)
def test_same_host_variants_are_accepted_and_land_on_the_listed_origin(
    https_site: models.Site, url: str, stored: str
) -> None:
    assert https_site.url_rule == models.UrlRule.SAME_HOST  # the default
    assert https_site.allows_url(url)
    assert https_site.canonical_article_url(url) == stored


@pytest.mark.parametrize(
    "url",
    [
        "https://news.quotidien.example/a",  # another host, not a www. variant
        "https://quotidien.example.evil.example/a",
        "https://evilquotidien.example/a",
        "https://www.quotidien.example:8443/a",  # another port is another server
        "ftp://www.quotidien.example/a",
        "https://www.www.quotidien.example.example/a",
    ],
)
def test_other_hosts_and_ports_are_not_variants(https_site: models.Site, url: str) -> None:
    assert not https_site.allows_url(url)


def test_the_exact_rule_accepts_only_listed_origins(https_site: models.Site) -> None:
    https_site.url_rule = models.UrlRule.EXACT

    assert https_site.allows_url("https://www.quotidien.example/a")
    assert not https_site.allows_url("http://www.quotidien.example/a")
    assert not https_site.allows_url("https://quotidien.example/a")
    assert https_site.canonical_article_url("http://www.quotidien.example/a#x") == (
        "http://www.quotidien.example/a"
    )


def test_a_listed_origin_keeps_its_articles_where_they_are() -> None:
    # Both forms listed: each stays itself, as before the rule existed.
    site = factories.SiteFactory(origins=["http://quotidien.example", "https://quotidien.example"])

    assert site.canonical_article_url("http://quotidien.example/a") == "http://quotidien.example/a"
    assert site.canonical_article_url("https://quotidien.example/a") == (
        "https://quotidien.example/a"
    )
    # An unlisted variant goes to https first, then the same spelling of the host.
    assert site.canonical_article_url("http://www.quotidien.example/a") == (
        "https://quotidien.example/a"
    )


def test_a_site_without_origins_accepts_nothing() -> None:
    site = factories.SiteFactory(origins=[])

    assert not site.allows_url("https://quotidien.example/a")


def test_a_port_is_kept_with_its_host() -> None:
    site = factories.SiteFactory(origins=["http://localhost:8000"])

    assert site.allows_url("http://localhost:8000/a")
    assert site.canonical_article_url("https://localhost:8000/a") == "http://localhost:8000/a"
    assert not site.allows_url("http://localhost:8001/a")
    assert not site.allows_url("http://localhost/a")

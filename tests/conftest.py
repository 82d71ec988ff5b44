"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from errata import models
from tests import factories


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    # Rate-limit counters live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(db: None) -> models.Site:
    return factories.SiteFactory(slug="quotidien", origins=["https://quotidien.example"])


@pytest.fixture
def article(site: models.Site) -> models.Article:
    article = factories.ArticleFactory(site=site, url="https://quotidien.example/budget")
    factories.ArticleVersionFactory(article=article)
    return article

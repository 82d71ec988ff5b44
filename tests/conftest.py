"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from errata import models
from errata.intake import resolve, sites
from tests import factories


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    # Rate-limit counters live in the cache; each test starts with none.
    cache.clear()
    # What intake remembers per process (sites, resolved versions) is rolled back with
    # each test, and SQLite gives the same primary keys again.
    sites.forget()
    resolve.forget()
    yield
    cache.clear()
    sites.forget()
    resolve.forget()


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    """Tasks run when queued: a stored report is filed into its case at once."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def site(db: None) -> models.Site:
    return factories.SiteFactory(slug="quotidien", origins=["https://quotidien.example"])


@pytest.fixture
def article(site: models.Site) -> models.Article:
    article = factories.ArticleFactory(site=site, url="https://quotidien.example/budget")
    factories.ArticleVersionFactory(article=article)
    return article

"""Upserting articles: a new version only when the normalised text changes."""

from __future__ import annotations

import pytest

from errata import models
from errata.services.articles import Upserted, upsert_article

pytestmark = pytest.mark.django_db


def _push(site: models.Site, **kwargs: str) -> Upserted:
    return upsert_article(
        site,
        url="https://quotidien.example/a",
        source=models.ArticleSource.CMS,
        version_source=models.VersionSource.CMS,
        title="Titre",
        language="fr",
        **kwargs,
    )


def test_only_a_changed_text_makes_a_new_version(site: models.Site) -> None:
    first = _push(site, text="Un  texte.\n\nDeux paragraphes.")
    same = _push(site, html="<p>Un texte.</p><p>Deux   paragraphes.</p>")
    changed = _push(site, text="Un texte corrigé.\n\nDeux paragraphes.")

    assert first.version_created
    assert first.article_created
    assert not same.version_created
    assert changed.version_created
    assert models.ArticleVersion.objects.count() == 2


def test_a_publishers_text_supersedes_a_readers_snapshot(site: models.Site) -> None:
    upsert_article(
        site,
        url="https://quotidien.example/a",
        source=models.ArticleSource.READER,
        version_source=models.VersionSource.WIDGET,
        text="Ce que le lecteur a vu.",
    )
    result = _push(site, text="Le texte de la rédaction.")

    article = models.Article.objects.get()
    assert article.source == models.ArticleSource.CMS
    assert article.latest_version().text == "Le texte de la rédaction."  # type: ignore[union-attr]
    assert result.version_created


def test_an_article_needs_text(site: models.Site) -> None:
    with pytest.raises(ValueError, match="needs text"):
        _push(site, text="  \n ")
    assert not models.Article.objects.exists()

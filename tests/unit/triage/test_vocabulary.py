"""The site's learned vocabulary: names from every article, jargon from several."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from errata import models
from errata.triage.vocabulary import SITE_MIN_ARTICLES, site_vocabulary, warm
from tests import factories

pytestmark = pytest.mark.django_db


def _article(site: models.Site, text: str, language: str = "fr") -> models.ArticleVersion:
    article = factories.ArticleFactory(site=site, language=language)
    version: models.ArticleVersion = factories.ArticleVersionFactory(article=article, text=text)
    return version


def test_names_from_any_article_of_the_site_are_learned(site: models.Site, koursk: str) -> None:
    _article(site, koursk)
    assert {"Blinken", "Rutte", "Kyiv"} <= site_vocabulary(site.pk, "fr")


def test_jargon_needs_several_articles(site: models.Site) -> None:
    for _ in range(SITE_MIN_ARTICLES - 1):
        _article(site, "La stratégie indo-pacifique et le datajournalisme avancent.")
    assert "datajournalisme" not in site_vocabulary(site.pk, "fr")

    _article(site, "Le datajournalisme progresse.")
    assert "datajournalisme" in site_vocabulary(site.pk, "fr")


def test_the_vocabulary_of_another_site_or_language_is_not_used(koursk: str) -> None:
    ours, theirs = factories.SiteFactory(), factories.SiteFactory()
    _article(theirs, koursk)
    _article(ours, "Texte sans nom propre.")
    _article(ours, "Antony Blinken said on Friday.", language="en")

    assert "Rutte" not in site_vocabulary(ours.pk, "fr")
    assert "Blinken" not in site_vocabulary(ours.pk, "fr")
    assert "Blinken" in site_vocabulary(ours.pk, "en")


def test_the_vocabulary_is_cached_until_a_version_is_added(site: models.Site, koursk: str) -> None:
    _article(site, koursk)
    site_vocabulary(site.pk, "fr")
    with CaptureQueriesContext(connection) as cached:
        assert "Rutte" in site_vocabulary(site.pk, "fr")
    # Only "what is the latest version?" and the editors' words, in one statement.
    assert len(cached) == 1

    _article(site, "Le ministre Olaf Scholz et Volodymyr Zelensky se sont rencontrés.")
    assert "Zelensky" in site_vocabulary(site.pk, "fr")


def test_warm_learns_every_site_before_any_report(site: models.Site, koursk: str) -> None:
    _article(site, koursk)
    warm()
    with CaptureQueriesContext(connection) as cached:
        assert "Rutte" in site_vocabulary(site.pk, "fr")
    assert len(cached) == 1


def test_only_the_newest_version_of_each_article_counts(site: models.Site) -> None:
    article = factories.ArticleFactory(site=site)
    factories.ArticleVersionFactory(article=article, text="Le maire Olaf Zelenkowski parle.")
    factories.ArticleVersionFactory(article=article, text="Le maire Olaf Zelenkowsky parle.")
    learned = site_vocabulary(site.pk, "fr")
    assert "Zelenkowsky" in learned
    assert "Zelenkowski" not in learned  # corrected since: no longer the site's word


def test_a_word_an_editor_accepted_is_known_at_once(site: models.Site, koursk: str) -> None:
    _article(site, koursk)
    assert "maul" not in site_vocabulary(site.pk, "fr")
    models.SiteWord.objects.create(site=site, language="fr", word="maul")

    assert "maul" in site_vocabulary(site.pk, "fr")
    assert "maul" not in site_vocabulary(site.pk, "en")
    assert "maul" not in site_vocabulary(factories.SiteFactory().pk, "fr")

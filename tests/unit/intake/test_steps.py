"""Each request step of intake alone: immutable values in, a typed result or a Problem out."""

from __future__ import annotations

import pytest

from errata import models
from errata.anchoring import Span
from errata.errors import Problem
from errata.intake import anchor, idempotency, resolve, spam, validate
from errata.intake.submission import QuoteSelection
from tests import factories
from tests.unit.intake import builders

pytestmark = pytest.mark.django_db


def test_the_site_comes_from_its_public_key_and_origin(site: models.Site) -> None:
    found = validate.check_site_and_origin(builders.submission(site), builders.meta())
    assert found == site

    with pytest.raises(Problem) as refused:
        validate.check_site_and_origin(
            builders.submission(site), builders.meta(origin="https://ailleurs.example")
        )
    assert (refused.value.status, refused.value.code) == (403, "origin-not-allowed")
    with pytest.raises(Problem) as unknown:
        validate.check_site_and_origin(
            builders.submission(site, site_key="pk_inconnue"), builders.meta()
        )
    assert unknown.value.field == "site"


def test_a_site_is_forgotten_when_its_origins_change(site: models.Site) -> None:
    validate.check_site_and_origin(builders.submission(site), builders.meta())
    models.SiteOrigin.objects.filter(site=site).delete()  # the signal of each row

    with pytest.raises(Problem) as refused:
        validate.check_site_and_origin(builders.submission(site), builders.meta())
    # No origin left: the site is not set up (a configuration error, errata.site_checks).
    assert refused.value.code == "site-not-configured"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"category": "rumeur"}, "category"),
        ({"comment": "", "suggestion": " "}, "comment"),
        ({"email": "pas une adresse"}, "email"),
        ({"start": 9, "end": 3}, "selector.end"),
        ({"language": "français"}, "language"),
    ],
)
def test_content_is_checked_without_the_database(
    site: models.Site, fields: dict[str, object], field: str
) -> None:
    with pytest.raises(Problem) as refused:
        validate.check_content(builders.submission(site, "1,2 milliard", **fields))
    assert refused.value.field == field


def test_a_known_article_resolves_to_its_version(article: models.Article) -> None:
    version = article.latest_version()
    assert version is not None
    snapshot = builders.submission(article.site, url=article.url, text=version.text).article

    resolved = resolve.article_and_version(article.site, snapshot)

    assert (resolved.article_id, resolved.version_id) == (article.pk, version.pk)
    assert resolved.text == version.text
    assert not resolved.new_article
    assert not resolved.new_version


def test_an_unknown_article_is_described_not_written(site: models.Site) -> None:
    snapshot = builders.submission(
        site, url=f"{builders.ORIGIN}/neuf#haut", text="Un   texte\u00a0neuf.", title=" Titre "
    ).article

    resolved = resolve.article_and_version(site, snapshot)

    assert resolved.new_article
    assert resolved.new_version
    assert (resolved.url, resolved.title) == (f"{builders.ORIGIN}/neuf", "Titre")
    assert resolved.text == resolve.normalised("Un   texte\u00a0neuf.")[0]
    assert not models.Article.objects.exists()
    with pytest.raises(Problem) as refused:
        resolve.article_and_version(site, builders.submission(site, url=snapshot.url).article)
    assert refused.value.code == "text-required"


def test_a_publishers_article_ignores_the_readers_snapshot(article: models.Article) -> None:
    models.Article.objects.filter(pk=article.pk).update(source=models.ArticleSource.CMS)
    published = article.latest_version()
    assert published is not None
    snapshot = builders.submission(article.site, url=article.url, text="Un autre texte.").article

    resolved = resolve.article_and_version(article.site, snapshot)

    assert resolved.version_id == published.pk


def test_a_new_version_is_seen_at_once_by_this_process(article: models.Article) -> None:
    snapshot = builders.submission(article.site, url=article.url).article
    before = resolve.article_and_version(article.site, snapshot)
    newer = factories.ArticleVersionFactory(article=article, text="Texte corrigé.")

    after = resolve.article_and_version(article.site, snapshot)

    assert before.version_id != newer.pk
    assert after.version_id == newer.pk


def test_the_passage_is_located_in_the_text() -> None:
    text = "Le budget est de 1,2 milliard d'euros."
    span = anchor.locate(QuoteSelection(exact="1,2\u00a0milliard"), text)
    assert span is not None
    assert text[span.start : span.end] == "1,2 milliard"
    assert anchor.locate(QuoteSelection(), text) is None
    with pytest.raises(Problem) as refused:
        anchor.locate(QuoteSelection(exact="conseil régional"), text)
    assert (refused.value.field, refused.value.code) == ("selector.exact", "quote-not-found")


def test_a_span_overlaps_only_a_span_it_shares_characters_with() -> None:
    span = Span(10, 20, 1.0, "exact")
    assert span.overlaps(19, 30)
    assert not span.overlaps(20, 30)
    assert not span.overlaps(None, 30)


def test_the_reports_own_spam_signals_need_no_query(
    site: models.Site, django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        verdict = spam.own(builders.submission(site, honeypot="http://spam.example"))
    assert verdict.held
    assert [r["code"] for r in verdict.reasons] == ["spam.honeypot"]
    assert not spam.own(builders.submission(site)).held


@pytest.mark.parametrize("key", ["", " ", "a" * 256, "clé", "deux mots"])
def test_a_malformed_idempotency_key_names_the_header(key: str) -> None:
    with pytest.raises(Problem) as refused:
        idempotency.parse_key(key)
    assert (refused.value.status, refused.value.field) == (400, "Idempotency-Key")


def test_an_idempotency_key_fingerprints_the_report_not_its_transport(
    site: models.Site,
) -> None:
    first = builders.submission(site, "1,2 milliard", fill_time_ms=3_000, proof_of_work="a")
    retry = builders.submission(site, "1,2 milliard", fill_time_ms=8_000, proof_of_work="b")
    other = builders.submission(site, "1,2 milliard", comment="Autre chose.")

    assert idempotency.fingerprint(first) == idempotency.fingerprint(retry)
    assert idempotency.fingerprint(first) != idempotency.fingerprint(other)
    assert idempotency.parse_key("0f8e7d6c-b5a4") == "0f8e7d6c-b5a4"
    assert idempotency.parse_key(None) is None

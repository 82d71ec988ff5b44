"""The article's language: the text wins over a declared language it contradicts, on
confident detection only; real French text (UD French-GSD) under `lang="en"`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from errata import models
from errata.intake.store import Stored
from errata.services.articles import upsert_article
from errata.services.reports import group_received
from errata.triage import language
from errata.triage.vocabulary import forget
from tests.unit.intake import builders

UD = Path(__file__).parents[2] / "fixtures" / "triage" / "ud-french-gsd" / "sentences.jsonl"
# Real sentences that hold « santé » and « exemple », correctly spelled.
SENTENCES = ("fr-ud-dev_00507", "fr-ud-dev_00570", "fr-ud-dev_00809", "fr-ud-dev_01098")
ENGLISH = (
    "The city council passed a budget of 1.2 billion euros on Tuesday, after a debate "
    "that lasted most of the night. The opposition voted against it and said the "
    "spending on schools was too low for a growing city. The mayor answered that the "
    "new plan would open three schools and a library before the next election."
)


@pytest.fixture(scope="module")
def french() -> str:
    rows = [json.loads(line) for line in UD.read_text(encoding="utf-8").splitlines()]
    by_id = {row["id"]: row["text"] for row in rows}
    return " ".join(by_id[sentence] for sentence in SENTENCES)


def test_confident_detection_overrides_the_declared_language(french: str) -> None:
    assert language.article_language("en", french, "en") == "fr"
    assert language.article_language("en-GB", french) == "fr"
    assert language.article_language("fr", ENGLISH, "fr") == "en"


def test_a_declared_tag_of_the_detected_language_is_kept(french: str) -> None:
    assert language.article_language("fr-CA", french) == "fr-CA"
    assert language.article_language("FR", french) == "FR"


@pytest.mark.parametrize("text", ["Santé : par exemple, le ministre.", "", "1 200 000 €"])
def test_too_little_text_keeps_the_declared_language_or_the_sites(text: str) -> None:
    assert language.article_language("en", text, "fr") == "en"
    assert language.article_language("", text, "fr") == "fr"


@pytest.mark.django_db
def test_french_text_under_lang_en_is_checked_against_the_french_dictionary(
    site: models.Site, french: str
) -> None:
    forget()
    url = "https://quotidien.example/sante"
    reports = []
    quotes = [("santé", "connu des soucis de "), ("exemple", "en réduisant par ")]
    for number, (word, prefix) in enumerate(quotes):
        stored = builders.receive(
            site,
            word,
            url=url,
            title="Santé",
            lang="en",
            text=french,
            prefix=prefix,
            category="typo",
            comment="Faute d'orthographe ?",
            ip=f"192.0.2.{number + 1}",
        )
        assert isinstance(stored, Stored)
        assert stored.receipt.language == "fr"  # the answer to the reader, too
        # Triage runs when the report is filed into its case, as the task worker does.
        group_received(stored.article_id)
        reports.append(models.Report.objects.get(pk=stored.report_id))

    assert models.Article.objects.get(url=url).language == "fr"
    for report, (word, _prefix) in zip(reports, quotes, strict=True):
        spelling = [f for f in report.findings if f["check"] == "spelling"]
        # Against the English dictionary, each word was flagged as a possible misspelling.
        assert all(word not in f["data"]["flagged"] for f in spelling), spelling
        assert all(f["verdict"] != "confirmed" for f in spelling), spelling


@pytest.mark.django_db
def test_a_cms_push_declaring_en_for_french_text_is_stored_as_french(
    site: models.Site, french: str
) -> None:
    upserted = upsert_article(
        site,
        url="https://quotidien.example/sante",
        source=models.ArticleSource.CMS,
        version_source=models.VersionSource.CMS,
        language="en",
        text=french,
    )

    assert upserted.article.language == "fr"

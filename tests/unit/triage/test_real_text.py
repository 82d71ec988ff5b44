"""Real, proofread French (UD French-GSD, tests/fixtures/triage/ud-french-gsd): correct
words are not confirmed misspelled, real typos with their fix are."""

from __future__ import annotations

import pytest
from bench.triage.real import _articles
from bench.triage.ud import load

from errata.triage import spelling
from errata.triage.vocabulary import Vocabulary, learn_article
from errata.triage.words import tokens

ARTICLES = 8  # of 48: 320 sentences, about 6,000 words


def test_the_fixture_locates_the_marked_typos_in_their_sentences() -> None:
    sentences = load()
    assert len(sentences) == 1_892
    typos = [(s.text[t.start : t.end], t.form) for s in sentences for t in s.typos]
    assert len(typos) == 119
    assert all(found == form for found, form in typos)


@pytest.fixture(scope="module")
def articles() -> list[tuple[str, list[tuple[int, int, str, bool]]]]:
    return _articles()[:ARTICLES]


def test_no_correct_word_of_real_text_is_confirmed_misspelled(
    articles: list[tuple[str, list[tuple[int, int, str, bool]]]],
) -> None:
    confirmed = []
    for text, typos in articles:
        vocabulary = Vocabulary("fr", article=learn_article(text, "fr"))
        for token in tokens(text, "fr"):
            if any(start < token.end and token.start < end for start, end, _, _ in typos):
                continue
            result = spelling.check_in(text, token.start, token.end, "", vocabulary)
            if result.verdict == spelling.CONFIRMED:
                confirmed.append(token.text)
    assert confirmed == []


def test_real_typos_with_the_readers_fix_are_confirmed(
    articles: list[tuple[str, list[tuple[int, int, str, bool]]]],
) -> None:
    verdicts = {}
    for text, typos in articles:
        vocabulary = Vocabulary("fr", article=learn_article(text, "fr"))
        for start, end, correct, _ in typos:
            if correct in ("hôpital", "très", "agréables"):
                result = spelling.check_in(text, start, end, correct, vocabulary)
                verdicts[correct] = (result.verdict, result.suggestion_fixes)
    assert verdicts == {
        "hôpital": (spelling.CONFIRMED, True),
        "très": (spelling.CONFIRMED, True),  # « Trés »: an accent wrong inside
        "agréables": (spelling.CONFIRMED, True),  # « des séjours … agréable »
    }

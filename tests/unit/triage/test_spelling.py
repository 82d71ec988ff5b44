"""Spelling verification: is the quote misspelled, does the suggestion fix it?"""

from __future__ import annotations

import pytest

from errata.triage import spelling
from errata.triage.vocabulary import Vocabulary, learn_article
from errata.triage.words import tokens


def test_every_word_of_the_seed_article_is_known_once_its_names_are_learned(
    koursk: str, koursk_vocabulary: Vocabulary
) -> None:
    unknown = {t.text for t in tokens(koursk, "fr") if not koursk_vocabulary.knows(t.text)}
    assert unknown == set()


@pytest.mark.parametrize("name", ["Koursk", "Blinken", "Rutte", "OTAN", "Austin", "Kyiv"])
def test_the_seed_article_names_are_never_flagged(name: str, koursk_vocabulary: Vocabulary) -> None:
    result = spelling.check(name, "", koursk_vocabulary)
    assert result.verdict == spelling.NOT_CONFIRMED


@pytest.mark.parametrize("quote", ["l'OTAN", "l’OTAN", "d'Austin", "indo-pacifique"])
def test_elisions_and_compounds_are_known(quote: str, koursk_vocabulary: Vocabulary) -> None:
    assert spelling.check(quote, "", koursk_vocabulary).verdict == spelling.NOT_CONFIRMED


def test_a_name_not_learned_is_unknown_but_only_possible() -> None:
    result = spelling.check("Blinken", "", Vocabulary("fr"))
    assert (result.verdict, result.flagged, result.basis) == (
        spelling.POSSIBLE,
        ("Blinken",),
        ("name",),
    )


def test_a_misspelled_word_in_context_is_confirmed_and_the_suggestion_fixes_it(
    koursk_vocabulary: Vocabulary,
) -> None:
    result = spelling.check("ont été deployés dans", "ont été déployés dans", koursk_vocabulary)

    assert result.verdict == spelling.CONFIRMED
    assert result.kind == "misspelling"
    assert result.flagged == ("deployés",)
    assert result.suggestion_fixes is True
    assert result.fix == spelling.Fix(8, 16, "déployés")


def test_a_suggestion_of_just_the_corrected_word_is_placed_in_the_quote(
    koursk_vocabulary: Vocabulary,
) -> None:
    result = spelling.check("les soldats deployés", "déployés", koursk_vocabulary)
    assert result.suggestion_fixes is True
    assert result.fix == spelling.Fix(12, 20, "déployés")


def test_a_suggestion_with_its_own_misspelling_does_not_fix(
    koursk_vocabulary: Vocabulary,
) -> None:
    result = spelling.check("apperçu", "apperçus", koursk_vocabulary)
    # One edit from « aperçu », but the reader's fix does not corroborate it.
    assert (result.verdict, result.basis) == (spelling.POSSIBLE, ("near",))
    assert result.suggestion_fixes is False
    assert result.unknown_in_suggestion == ("apperçus",)


def test_a_suggestion_that_leaves_the_misspelling_does_not_fix(
    koursk_vocabulary: Vocabulary,
) -> None:
    result = spelling.check(
        "soldats deployés à Koursk", "soldats deployés en Russie", koursk_vocabulary
    )
    # One accent from « déployés », but the reader's fix leaves it: nothing corroborates.
    assert (result.verdict, result.basis) == (spelling.POSSIBLE, ("near",))
    assert result.suggestion_fixes is False


def test_a_correct_passage_is_not_confirmed(koursk_vocabulary: Vocabulary) -> None:
    result = spelling.check("la région de Koursk", "la région de Kursk", koursk_vocabulary)
    assert result.verdict == spelling.NOT_CONFIRMED
    assert result.unknown_in_suggestion == ("Kursk",)


@pytest.mark.parametrize(
    ("quote", "suggestion", "before", "language"),
    [
        ("les soldat", "les soldats", "", "fr"),
        ("soldat nord-coréens", "soldats nord-coréens", "environ 8 000 ", "fr"),
        ("several report", "several reports", "", "en"),
        ("les hôpital", "les hôpitaux", "", "fr"),
    ],
)
def test_number_agreement_with_the_determiner_is_confirmed(
    quote: str, suggestion: str, before: str, language: str
) -> None:
    result = spelling.check(quote, suggestion, Vocabulary(language), before=before)
    assert (result.verdict, result.kind) == (spelling.CONFIRMED, "agreement")
    assert result.suggestion_fixes is True


@pytest.mark.parametrize(
    ("quote", "suggestion", "before", "language"),
    [
        ("this reports", "this report", "", "en"),  # « this series » is right
        ("le soldats", "le soldat", "", "fr"),  # « le temps », « la fois » are right
        ("décembre", "décembres", "Il est arrivé le 6 ", "fr"),  # a date, not a count
        ("mais", "mai", "En 2019, la même année, ", "fr"),  # no determiner: punctuation
        ("fois", "foi", "Pour la première ", "fr"),  # dropping an s: another word
        ("soldat", "soldats", "le 1 ", "fr"),  # one is singular
    ],
)
def test_agreement_the_rule_cannot_decide_is_only_possible(
    quote: str, suggestion: str, before: str, language: str
) -> None:
    result = spelling.check(quote, suggestion, Vocabulary(language), before=before)
    assert (result.verdict, result.kind) == (spelling.POSSIBLE, "agreement")


def test_agreement_without_a_determiner_to_tell_is_only_possible() -> None:
    result = spelling.check("troupe", "troupes", Vocabulary("fr"))
    assert (result.verdict, result.kind) == (spelling.POSSIBLE, "agreement")


@pytest.mark.parametrize(
    ("quote", "suggestion", "language"),
    [
        ("la ville ou il vit", "la ville où il vit", "fr"),
        ("il a des enfants", "il à des enfants", "fr"),
        ("their going", "they're going", "en"),
    ],
)
def test_a_homophone_swap_is_possible_not_confirmed(
    quote: str, suggestion: str, language: str
) -> None:
    result = spelling.check(quote, suggestion, Vocabulary(language, article=frozenset({"Kyiv"})))
    assert (result.verdict, result.kind) == (spelling.POSSIBLE, "homophone")


def test_a_rare_spelling_of_a_frequent_name_is_not_learned(koursk: str) -> None:
    text = koursk.replace("Blinken a souligné", "Blinkne a souligné")
    learned = learn_article(text, "fr")
    assert "Blinken" in learned
    assert "Blinkne" not in learned


def test_a_misspelling_opening_a_sentence_is_not_learned() -> None:
    learned = learn_article("Deploiement des troupes. Le Pentagone a confirmé.", "fr")
    assert "Deploiement" not in learned


def test_english_names_and_possessives() -> None:
    vocabulary = Vocabulary("en", article=learn_article("Secretary Antony Blinken said.", "en"))
    assert spelling.check("Blinken's visit", "", vocabulary).verdict == spelling.NOT_CONFIRMED
    assert spelling.check("the goverment said", "the government said", vocabulary).suggestion_fixes


@pytest.mark.parametrize(
    ("quote", "suggestion"),
    [
        ("il a été a Kyiv", "il a été à Kyiv"),
        ("a partir de lundi", "à partir de lundi"),
        ("il à annoncé", "il a annoncé"),
    ],
)
def test_a_and_a_grave_where_grammar_allows_only_one(quote: str, suggestion: str) -> None:
    result = spelling.check(quote, suggestion, Vocabulary("fr", article=frozenset({"Kyiv"})))
    assert (result.verdict, result.kind) == (spelling.CONFIRMED, "homophone")


def test_words_differing_only_by_accents_are_possible() -> None:
    result = spelling.check("le marche est ouvert", "le marché est ouvert", Vocabulary("fr"))
    assert (result.verdict, result.kind) == (spelling.POSSIBLE, "accent")


@pytest.mark.parametrize(
    ("quote", "suggestion", "fixed"),
    [
        ("les soldats", "les soldats nord-coréens", "les soldats nord-coréens"),
        ("soldats déployés", "les soldats déployés", "les soldats déployés"),
        ("les les soldats", "les soldats", "les soldats"),
        ("ont été deployés dans", "déployés", "ont été déployés dans"),
        ("8 000 soldats", "10 000 soldats", "8 000 soldats"),  # figures are not words
        ("1er novembre", "2 novembre", "1er novembre"),
    ],
)
def test_applying_the_fix_gives_what_the_reader_asked(
    quote: str, suggestion: str, fixed: str
) -> None:
    result = spelling.check(quote, suggestion, Vocabulary("fr"))
    if result.fix is not None:
        quote = quote[: result.fix.start] + result.fix.replacement + quote[result.fix.end :]
    assert quote == fixed


def test_no_input_breaks_the_checker() -> None:
    samples = ["", " ", "8 000", "l'", "’", "a", "les soldats", "Koursk !", "« »", "é-é", "--"]
    for quote in samples:
        for suggestion in samples:
            spelling.check(quote, suggestion, Vocabulary("fr"))
            spelling.check(quote, suggestion, Vocabulary("en"), before=quote)


def test_jargon_is_learned_but_not_a_typo_of_it() -> None:
    text = (
        "La gigafactory ouvre. La gigafactory emploie 600 personnes. La gigafactory recrute. "
        "Une association drouaise proteste contre la gigafacory, avec la mairie drouaise."
    )
    learned = learn_article(text, "fr")
    assert {"gigafactory", "drouaise"} <= learned
    assert "gigafacory" not in learned
    assert "deploiement" not in learn_article("Le deploiement des troupes.", "fr")


@pytest.mark.parametrize(
    "typo",
    [
        "gouvrenemnt",  # two letters swapped and one dropped: far from any word
        "lapolice",  # two words glued
    ],
)
def test_a_word_used_once_is_not_learned_whatever_its_distance(typo: str) -> None:
    text = f"Le {typo} a annoncé un plan. Le ministre a parlé. La ville a voté."
    assert typo not in learn_article(text, "fr")
    twice = f"Le {typo} a annoncé un plan. Le {typo} a parlé."
    assert typo in learn_article(twice, "fr")  # several uses: jargon, learned


def test_a_name_must_be_capitalised_in_most_of_its_uses() -> None:
    text = "Selon Gouvrenemnt, le gouvrenemnt et le gouvrenemnt ont parlé."
    assert "Gouvrenemnt" not in learn_article(text, "fr")
    assert "Koursov" in learn_article("La ville de Koursov a voté. Le maire de Koursov.", "fr")


@pytest.mark.parametrize(
    ("quote", "suggestion", "before"),
    [
        ("par", "pars", "Les habitants "),  # the determiner belongs to « habitants »
        ("mai", "mais", "du 3 au 4 "),  # a number before a month is a date
    ],
)
def test_the_determiner_or_number_must_be_the_nouns_own(
    quote: str, suggestion: str, before: str
) -> None:
    result = spelling.check(quote, suggestion, Vocabulary("fr"), before=before)
    assert result.verdict != spelling.CONFIRMED


def test_grammalecte_decides_agreement_where_it_is_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from errata.triage import grammar

    text = "Le magasin les solde demain. Les soldat sont partis."
    start = text.index("les solde")
    end = start + len("les solde")

    monkeypatch.setattr(grammar, "available", lambda: False)
    alone = spelling.check_in(text, start, end, "les soldes", Vocabulary("fr"))
    assert (alone.verdict, alone.basis) == (spelling.CONFIRMED, ("rule",))
    monkeypatch.undo()
    if not grammar.available():
        pytest.skip("Grammalecte is an optional extra (make grammalecte)")
    # « il les solde »: a pronoun and a verb. Grammalecte reads the sentence and sees
    # no error, so errata's rule alone does not confirm.
    judged = spelling.check_in(text, start, end, "les soldes", Vocabulary("fr"))
    assert (judged.verdict, judged.basis) == (spelling.POSSIBLE, ("rule", "grammar_silent"))
    other = text.index("Les soldat")
    flagged = spelling.check_in(text, other, other + 10, "Les soldats", Vocabulary("fr"))
    assert (flagged.verdict, flagged.basis) == (spelling.CONFIRMED, ("grammar",))

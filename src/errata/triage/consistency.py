"""Does the article agree with itself about the figures, dates and people in a passage?

For a factual report errata lists every other mention, in the same article, of what the
passage states: each number attached to the same noun ("8 000 soldats" here, "10 000
soldats" two sentences later), and each title given to a person named in the passage.
Dates are checked on their own: a 31 November, a weekday that does not match its date,
a date after the article's publication told in the past tense.

Nouns are compared by a crude stem (lower case, final s/x dropped): good enough to pair
"soldat" with "soldats", never meant as a lemmatiser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from errata.triage import dictionaries
from errata.triage.dates import Date, DateProblem, find_dates, problems
from errata.triage.words import tokens

_SPACE = "[ \u00a0\u202f]"
_NUMBER = re.compile(
    rf"(?<![\w,.])(?P<value>\d{{1,3}}(?:{_SPACE}\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    rf"(?:{_SPACE}?(?P<scale>%|pour cent|per cent|percent|milliards?|millions?|billions?"
    r"|thousands?|mille|k€|M€|Md€))?"
    rf"(?:{_SPACE}(?:(?:de|des|du|of the|of){_SPACE}|d['’]))?"
    rf"(?:{_SPACE}?(?P<noun>[^\W\d_][\w'’-]*))?",
    re.UNICODE,
)
_SKIPPED_NOUNS = frozenset(
    [
        "de",
        "des",
        "du",
        "d",
        "la",
        "le",
        "les",
        "et",
        "à",
        "au",
        "aux",
        "en",
        "of",
        "the",
        "and",
        "in",
        "to",
        "a",
        "an",
        "on",
        "for",
        "pour",
        "par",
        "sur",
        "dans",
        "avec",
        "selon",
        "contre",
        "soit",
        "que",
        "qui",
        "ou",
        "plus",
        "moins",
        "environ",
        "by",
        "with",
        "from",
        "at",
        "per",
        "than",
        "or",
        "more",
        "less",
        "over",
        "under",
    ]
)
_CURRENCIES = frozenset(["euros", "euro", "dollars", "dollar", "pounds", "livres", "francs"])
_TITLES = (
    "président|présidente|ministre|secrétaire|directeur|directrice|maire|député|députée|"
    "sénateur|sénatrice|général|chancelier|chancelière|porte-parole|ambassadeur|"
    "ambassadrice|gouverneur|juge|procureur|procureure|commissaire|préfet|préfète|adjoint|"
    "adjointe|conseiller|conseillère|professeur|professeure|entraîneur|patron|patronne|"
    "president|secretary|minister|mayor|senator|general|chancellor|spokesman|spokeswoman|"
    "spokesperson|ambassador|governor|judge|prosecutor|director|commissioner|councillor|"
    "councilor|professor|chief executive|chairman|chairwoman|chair|coach|leader"
)
_TITLED = re.compile(
    rf"\b(?P<title>(?i:{_TITLES})\b[^.;:!?\n()]{{0,50}}?),?\s+"
    r"(?P<name>[A-ZÀ-Ý][\w’'-]+(?:\s+[A-ZÀ-Ý][\w’'-]+)+)",
    re.UNICODE,
)
_CAPITALISED = re.compile(r"^[A-ZÀ-Ý]")


@dataclass(frozen=True)
class Figure:
    text: str
    value: str
    noun: str
    start: int
    end: int
    qualifier: str = ""  # the word after the noun ("nord-coréens"): what thing it counts


_YEAR = re.compile(r"^(1[89]|20|21)\d\d$")
_NEXT_WORD = re.compile(r"^[ \u00a0\u202f]+([^\W\d_][\w'’-]*)")


@dataclass(frozen=True)
class Title:
    person: str
    title: str
    start: int


def _stem(noun: str) -> str:
    noun = noun.lower().replace("’", "'")
    return noun[:-1] if len(noun) > 3 and noun.endswith(("s", "x")) else noun


def figures(text: str, offset: int = 0) -> list[Figure]:
    """Numbers with the noun they count, e.g. ("8 000 soldats", "8 000", "soldat").

    Dates are dates, not figures: « le 6 décembre », « en 2019 » are left out, so two
    days of one month never "conflict".
    """
    found = []
    dates = [(d.start, d.end) for lang in ("fr", "en") for d in find_dates(text, lang)]
    for match in _NUMBER.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in dates):
            continue
        if _YEAR.match(match.group("value")) and not match.group("scale"):
            continue  # a year: "en 2019", "in 2024 the council"
        noun = match.group("noun") or ""
        if noun.lower() in _SKIPPED_NOUNS or (match.group("scale") and noun.lower() in _CURRENCIES):
            noun = ""  # "300 millions d'euros": the scale says more than the currency
        value = re.sub(_SPACE, " ", match.group("value"))
        if match.group("scale"):
            value = f"{value} {match.group('scale')}"
        label = noun or (match.group("scale") or "")
        if not label:
            continue
        end = match.end() if noun else match.end("scale")
        following = _NEXT_WORD.match(text[end:]) if noun else None
        qualifier = following.group(1).lower() if following else ""
        found.append(
            Figure(
                text=text[match.start() : end].strip(),
                value=value,
                noun=_stem(label),
                start=offset + match.start(),
                end=offset + end,
                qualifier="" if qualifier in _SKIPPED_NOUNS else qualifier,
            )
        )
    return found


def same_thing(one: Figure, other: Figure) -> bool:
    """Whether two figures count the same thing: the same noun, and the same word after
    it when both have one ("soldats nord-coréens" and "soldats ukrainiens" differ)."""
    if one.noun != other.noun:
        return False
    return not (one.qualifier and other.qualifier and one.qualifier != other.qualifier)


@lru_cache(maxsize=64)
def _article_figures(article: str) -> tuple[Figure, ...]:
    # Every report on an article asks again; the article's text does not change.
    return tuple(figures(article))


def other_figures(article: str, start: int, end: int) -> list[tuple[Figure, list[Figure]]]:
    """For each figure of article[start:end], the article's other figures of that noun."""
    everywhere = _article_figures(article)
    # Read in the article, a figure keeps the words after it ("soldats nord-coréens").
    passage = [f for f in everywhere if start <= f.start < end] or figures(
        article[start:end], offset=start
    )
    return [
        (
            figure,
            [
                other
                for other in everywhere
                if other.noun == figure.noun and not (start <= other.start < end)
            ],
        )
        for figure in passage
    ]


@lru_cache(maxsize=64)
def titles(text: str) -> tuple[Title, ...]:
    found = []
    for match in _TITLED.finditer(text):
        name = match.group("name")
        title = re.sub(r"\s+", " ", match.group("title")).strip(" ,").lower()
        found.append(Title(person=name.split()[-1], title=title, start=match.start()))
    return tuple(found)


def title_conflicts(article: str, passage: str) -> dict[str, list[Title]]:
    """People named in the passage whom the article gives more than one title."""
    named = {word.strip("’',.") for word in passage.split() if _CAPITALISED.match(word)}
    by_person: dict[str, list[Title]] = {}
    for title in titles(article):
        if title.person in named:
            by_person.setdefault(title.person, []).append(title)
    return {
        person: mentions
        for person, mentions in by_person.items()
        if len({mention.title for mention in mentions}) > 1
    }


def date_problems(passage: str, language: str, published: Date | None) -> list[DateProblem]:
    """Each impossible, out-of-time or uncheckable date in the passage."""
    return [
        problem
        for found in find_dates(passage, language)
        for problem in problems(found, passage, language, published)
    ]


@lru_cache(maxsize=64)
def _names(text: str, language: str) -> frozenset[str]:
    return frozenset(
        t.text
        for t in tokens(text, language)
        if t.capitalised and len(t.text) > 3 and not dictionaries.knows(language, t.text)
    )


def name_variants(article: str, passage: str, language: str) -> dict[str, list[str]]:
    """Capitalised words of the passage that the article also spells another way.

    "Blinkin" in the passage and "Blinken" elsewhere: one of them is wrong. Words the
    dictionary knows are left out ("Marie" and "Marin" are both right).
    """

    elsewhere = _names(article, language)
    variants: dict[str, list[str]] = {}
    for name in sorted(_names(passage, language)):
        others = sorted(
            other
            for other in elsewhere
            if other != name
            and other[:1] == name[:1]
            and Levenshtein.distance(name, other, score_cutoff=2) <= 2
        )
        if others:
            variants[name] = others
    return variants

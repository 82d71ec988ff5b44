"""Varied, valid reports for the intake benchmark, the way a day of readers sends them.

Pure: given the site's key and the articles' stored text, a seeded generator produces the
bodies and the reader address each is sent from. The mix exercises every path of intake:
passages all over each article (so reports both open cases and join them), the five
categories, comments with and without suggestions, some contact emails, a few links, a
few bots caught by the honeypot, and readers who report more than once.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

CONTEXT = 32  # code points of prefix and suffix, as the widget sends
CATEGORIES = (("factual", 40), ("typo", 30), ("misleading", 10), ("outdated", 10), ("other", 10))
COMMENTS = {
    "fr": (
        "Le chiffre est faux : le communiqué officiel indique {n}.",
        "Ce nom est mal orthographié, vérifiez la page {n} du rapport.",
        "Cette information date de {n} et n'est plus à jour.",
        "Il manque le contexte : le vote a eu lieu en deux temps ({n} voix).",
        "Coquille dans ce passage, ligne {n}.",
    ),
    "en": (
        "The figure is wrong: the official statement says {n}.",
        "This name is misspelled; see page {n} of the report.",
        "This dates from {n} and is out of date.",
        "Missing context: the vote was held in two rounds ({n} votes).",
        "Typo in this passage, line {n}.",
    ),
}
WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class StoredArticle:
    """An article as errata stored it: `text` is the normalised text offsets count in."""

    url: str
    title: str
    language: str
    text: str


@dataclass(frozen=True)
class Mix:
    """Shares of the traffic, from what a busy news site sees."""

    whole_article: float = 0.05
    suggestion: float = 0.5
    email: float = 0.2
    link: float = 0.03
    bot: float = 0.02
    readers: int = 20_000


def passage(text: str, rng: random.Random) -> dict[str, Any]:
    """A selector for one to six consecutive words, with context and code-point offsets."""
    words = list(WORD.finditer(text))
    first = rng.randrange(len(words))
    last = min(len(words) - 1, first + rng.randrange(6))
    start, end = words[first].start(), words[last].end()
    return {
        "exact": text[start:end],
        "prefix": text[max(0, start - CONTEXT) : start],
        "suffix": text[end : end + CONTEXT],
        "start": start,
        "end": end,
    }


def reader_address(rng: random.Random, readers: int) -> str:
    number = rng.randrange(readers)
    return f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"


def report(
    site_key: str, article: StoredArticle, rng: random.Random, mix: Mix = Mix()
) -> dict[str, Any]:
    language = article.language if article.language in COMMENTS else "en"
    comment = rng.choice(COMMENTS[language]).format(n=rng.randrange(2, 2_000))
    if rng.random() < mix.link:
        comment += " Source : https://sources.example/doc"
    body: dict[str, Any] = {
        "site": site_key,
        "article": {"url": article.url, "title": article.title, "lang": article.language},
        "category": rng.choices([c for c, _ in CATEGORIES], [w for _, w in CATEGORIES])[0],
        "comment": comment,
        "language": language,
        "fill_time_ms": rng.randrange(2_000, 90_000),
    }
    if rng.random() >= mix.whole_article:
        body["selector"] = passage(article.text, rng)
        if rng.random() < mix.suggestion:
            body["suggestion"] = body["selector"]["exact"].upper()
    if rng.random() < mix.email:
        body["email"] = f"lecteur{rng.randrange(mix.readers)}@example.org"
    if rng.random() < mix.bot:
        body["website"] = "https://cheap-pills.example"
    return body


def reports(
    site_key: str, articles: list[StoredArticle], count: int, seed: int = 2026, mix: Mix = Mix()
) -> Iterator[tuple[str, dict[str, Any]]]:
    """`count` (reader address, body) pairs; the same seed gives the same traffic."""
    rng = random.Random(seed)
    for _ in range(count):
        yield reader_address(rng, mix.readers), report(site_key, rng.choice(articles), rng, mix)


def isso_comment(report: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The comment a reader would post to isso instead of `report`: (request path, body).

    The same words: the quoted passage, the reader's comment and suggestion, the email
    when there is one. The thread is the article's path; the title travels with every
    comment, so isso never fetches the page to read it.
    """
    lines = []
    selector = report.get("selector")
    if selector:
        lines.append(f"> {selector['exact']}")
    lines.append(report["comment"])
    if report.get("suggestion"):
        lines.append(f"Suggestion: {report['suggestion']}")
    article = report["article"]
    body = {
        "text": "\n\n".join(lines),
        "author": None,
        "email": report.get("email"),
        "website": None,
        "parent": None,
        "title": article["title"],
    }
    return f"/new?uri={quote(urlsplit(article['url']).path, safe='')}", body

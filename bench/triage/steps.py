"""Time the triage steps inside the real intake pipeline, on a real database.

    ERRATA_RATE_LIMIT_REPORTS=0/1m ERRATA_RATE_LIMIT_ARTICLE=0/1m \\
        pytest bench/triage/steps.py -q -s -p no:cacheprovider
    DATABASE_URL=postgres://… (same command)     # on PostgreSQL

A site with ten articles of the French corpus; 100 reports (half typo, half factual,
each from another reader, quoting six words of a paragraph with a suggestion) through
`pipeline.run`; the median time of each step and of
each verify check, then the pipeline without the triage checks and the spam step.
Rate limits are switched off by the environment so that every report goes through.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests import factories

from errata.intake import pipeline, spam, verify
from errata.intake.submission import ArticleSnapshot, QuoteSelection, ReportSubmission, RequestMeta
from errata.text import normalise
from errata.triage import grammar, language

CORPUS = Path(__file__).parent / "corpus" / "fr"
REPORTS = 100


def _timed(
    name: str, step: Callable[..., Any], spent: dict[str, list[float]]
) -> Callable[..., Any]:
    def wrapper(intake: Any) -> Any:
        started = time.perf_counter()
        result = step(intake)
        spent.setdefault(name, []).append((time.perf_counter() - started) * 1000)
        return result

    return wrapper


@pytest.mark.django_db
def test_triage_steps_within_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    language.warm()
    grammar.warm()  # as a worker does when it starts (ops/gunicorn_conf.py)
    site = factories.SiteFactory(slug="bench", origins=["https://bench.example"])
    quotes: list[tuple[int, str]] = []
    for number, path in enumerate(sorted(CORPUS.glob("*.txt"))[:10]):
        text = normalise(path.read_text("utf-8"))
        article = factories.ArticleFactory(site=site, url=f"https://bench.example/{number}")
        factories.ArticleVersionFactory(article=article, text=text)
        # Six words from each paragraph: what a reader selects around a word.
        quotes.extend(
            (number, " ".join(paragraph.split(" ")[10:16]))
            for paragraph in text.split("\n\n")[2:12]
            if len(paragraph.split(" ")) > 20
        )

    def run(count: int) -> float:
        times = []
        for k in range(count):
            submission = ReportSubmission(
                site_key=site.public_key,
                article=ArticleSnapshot(url=f"https://bench.example/{quotes[k % len(quotes)][0]}"),
                selection=QuoteSelection(exact=quotes[k % len(quotes)][1]),
                category="typo" if k % 2 else "factual",
                comment="Il y a une erreur dans ce passage, le chiffre est faux.",
                suggestion=quotes[k % len(quotes)][1].replace("e", "é", 1),
            )
            started = time.perf_counter()
            pipeline.run(
                submission,
                RequestMeta(origin="https://bench.example", ip=f"10.1.{k // 200}.{k % 200}"),
            )
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    run(5)  # warm: dictionaries, vocabularies, caches
    spent: dict[str, list[float]] = {}
    monkeypatch.setattr(
        pipeline,
        "STEPS",
        tuple(_timed(step.__module__.split(".")[-1], step, spent) for step in pipeline.STEPS),
    )
    monkeypatch.setattr(
        verify, "CHECKS", tuple(_timed(c.__name__, c, spent) for c in verify.CHECKS)
    )
    full = run(REPORTS)
    monkeypatch.undo()
    monkeypatch.setattr(verify, "CHECKS", (verify.suggestion_changes_passage,))
    monkeypatch.setattr(pipeline, "STEPS", tuple(s for s in pipeline.STEPS if s is not spam.score))
    bare = run(REPORTS)
    for name, values in spent.items():
        print(f"{name:32} {statistics.median(values):6.2f} ms")
    print(
        f"pipeline median {full:.2f} ms; without triage {bare:.2f} ms; added {full - bare:.2f} ms"
    )
    assert full - bare <= 10

"""How well spelling verification does on real text: false flags, recall, latency.

    python -m bench.triage.evaluate                 # both languages, the table for the docs
    python -m bench.triage.evaluate --language fr --show 30   # list the false flags too

It ends with the evaluation on real text (`bench.triage.real`, UD French-GSD), the one
whose words and typos the checker's rules and lists never saw.

The corpus (bench/triage/corpus/{fr,en}/*.txt) is correct, published-quality news text
written for this evaluation. For each article:

1. False flags per 1,000 words: every word checked as if a reader had quoted it, with
   the dictionary alone, then with the article's learned vocabulary, then with the
   site's (learned from the corpus's other articles, as a site would have them).
   Proper nouns of the article flagged after learning it are counted apart: goal 0.
2. Typos: words picked at random (fixed seed) get one realistic typo each (bench.triage
   .typos); the article's text carries the typo, and a reader reports it: quote = the
   wrong word with two words of context each side, suggestion = the same with the right
   word, category typo. Recall of "misspelled: confirmed", and how often the suggestion
   is confirmed as the fix. Typos that happen to make another real word ("drop" turning
   "mandat" into "manat") are counted apart: no dictionary can see them.
3. Latency of the inline checks for one report (language of the comment, spelling,
   typography, dates, consistency), median and 95th percentile, vocabulary warm.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import django

CORPUS = Path(__file__).parent / "corpus"
PER_ARTICLE = 60  # typos injected per article and kind, at most
SEED = 20261125


def _setup() -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "errata.conf.settings")
    django.setup()


@dataclass
class Tally:
    words: int = 0
    flags: dict[str, int] = field(default_factory=lambda: Counter())  # stage → flagged words
    flagged_words: Counter[str] = field(default_factory=Counter)  # after site learning
    names_flagged: Counter[str] = field(default_factory=Counter)
    injected: Counter[str] = field(default_factory=Counter)
    real_word: Counter[str] = field(default_factory=Counter)
    confirmed: Counter[str] = field(default_factory=Counter)
    possible: Counter[str] = field(default_factory=Counter)
    fixed: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    learning: list[float] = field(default_factory=list)  # ms to learn one article, cold
    grammar: Counter[str] = field(default_factory=Counter)  # real-word typos Grammalecte sees
    grammar_flags: int = 0  # Grammalecte's errors on the correct text
    confirmed_false: int = 0  # correct words confirmed misspelled, every word reported


def _articles(language: str) -> list[tuple[str, str]]:
    from errata.text import normalise

    return [
        (path.name, normalise(path.read_text(encoding="utf-8")))
        for path in sorted((CORPUS / language).glob("*.txt"))
    ]


def _false_flags(tally: Tally, text: str, language: str, site: frozenset[str]) -> None:
    from errata.triage.vocabulary import Vocabulary, learn_article
    from errata.triage.words import tokens

    found = tokens(text, language)
    tally.words += len(found)
    stages = {
        "dictionary": Vocabulary(language),
        "+ article": Vocabulary(language, article=learn_article(text, language)),
        "+ site": Vocabulary(language, article=learn_article(text, language), site=site),
    }
    for stage, vocabulary in stages.items():
        flagged = [t for t in found if not vocabulary.knows(t.text)]
        tally.flags[stage] += len(flagged)
        if stage == "+ article":
            tally.names_flagged.update(
                t.text for t in flagged if t.capitalised and not t.sentence_start
            )
        if stage == "+ site":
            tally.flagged_words.update(t.text for t in flagged)
            # A flagged word is not necessarily "confirmed" (triage.unknown): the verdict
            # a reader reporting it alone would get. Known words are never confirmed.
            from errata.triage import spelling

            tally.confirmed_false += sum(
                spelling.check_in(text, t.start, t.end, "", vocabulary).verdict
                == spelling.CONFIRMED
                for t in flagged
            )


def _report(text: str, start: int, end: int, right: str) -> tuple[str, str, str]:
    """Quote (two words of context each side, within the paragraph), suggestion, before."""
    left = text.rfind("\n", 0, start) + 1
    right_end = text.find("\n", end)
    right_end = len(text) if right_end < 0 else right_end
    words_before = text[left:start].split(" ")
    words_after = text[end:right_end].split(" ")
    head = " ".join(words_before[-3:])
    tail = " ".join(words_after[:3])
    quote = head + text[start:end] + tail
    suggestion = head + right + tail
    before = text[max(0, start - len(head) - 64) : start - len(head)]
    return quote.strip(), suggestion.strip(), before


def _inline_checks(
    text: str, quote: str, suggestion: str, before: str, vocabulary: object
) -> object:
    from errata.triage import consistency, language, spelling, typography

    language.report_language("Faute d'orthographe dans ce passage.", suggestion)
    result = spelling.check(quote, suggestion, vocabulary, before=before)  # type: ignore[arg-type]
    typography.issues(quote, vocabulary.language)  # type: ignore[attr-defined]
    consistency.date_problems(quote, vocabulary.language, None)  # type: ignore[attr-defined]
    start = text.find(quote)
    consistency.other_figures(text, max(start, 0), max(start, 0) + len(quote))
    return result


def _grammar_confirms(text: str, start: int, end: int, right_word: str) -> bool:
    """Whether Grammalecte flags [start, end) of `text` and proposes the right word, as the
    verify step requires to say "confirmed"."""
    from errata.triage import grammar

    left, right = grammar.sentence_around(text, start, end)
    return any(
        left + error.start < end and start < left + error.end and right_word in error.suggestions
        for error in grammar.errors(text[left:right])
    )


def _grammar_false_flags(tally: Tally, text: str) -> None:
    """Grammalecte's grammar errors on correct text, sentence by sentence."""
    from errata.triage import grammar

    for paragraph in text.split("\n\n"):
        tally.grammar_flags += len(grammar.errors(paragraph))


def _typos(tally: Tally, name: str, text: str, language: str, site: frozenset[str]) -> None:
    from bench.triage.typos import KINDS, inject
    from errata.triage import dictionaries, grammar, spelling
    from errata.triage.vocabulary import Vocabulary, learn_article
    from errata.triage.words import tokens

    rng = random.Random(f"{SEED}:{name}")
    found = tokens(text, language)
    for kind in KINDS:
        candidates = list(range(1, len(found)))
        rng.shuffle(candidates)
        done = 0
        for index in candidates:
            if done >= PER_ARTICLE:
                break
            token, previous = found[index], found[index - 1]
            common_opening = token.sentence_start and dictionaries.knows(
                language, token.text.lower()
            )
            if (token.capitalised and not common_opening) or len(token.text) < 2:
                continue  # names: a misspelled name is the consistency check's business
            wrong = inject(token.text, previous.text, kind, language, rng)
            if not wrong or wrong == token.text:
                continue
            done += 1
            modified = text[: token.start] + wrong + text[token.end :]
            end = token.start + len(wrong)
            quote, suggestion, before = _report(modified, token.start, end, token.text)
            vocabulary = Vocabulary(language, article=learn_article(modified, language), site=site)
            started = time.perf_counter()
            result = _inline_checks(modified, quote, suggestion, before, vocabulary)
            tally.latencies.append((time.perf_counter() - started) * 1000)
            assert isinstance(result, spelling.Spelling)
            real = kind in ("agreement", "homophone") or dictionaries.knows(language, wrong)
            label = (
                kind if not real or kind in ("agreement", "homophone") else f"{kind} (real word)"
            )
            tally.injected[label] += 1
            if real:
                tally.real_word[label] += 1
            if result.verdict == spelling.CONFIRMED:
                tally.confirmed[label] += 1
                tally.fixed[label] += bool(result.suggestion_fixes)
            elif result.verdict == spelling.POSSIBLE:
                tally.possible[label] += 1
            if real and language == "fr" and grammar.available():
                tally.grammar[label] += _grammar_confirms(modified, token.start, end, token.text)


def evaluate(language: str) -> Tally:
    from errata.triage import dictionaries, grammar
    from errata.triage.vocabulary import learn_article, learn_site, unknown_words

    articles = _articles(language)
    unknown = {name: unknown_words(text, language) for name, text in articles}
    tally = Tally()
    for _, text in articles:
        dictionaries.knows.cache_clear()
        learn_article.cache_clear()
        started = time.perf_counter()
        learn_article(text, language)
        tally.learning.append((time.perf_counter() - started) * 1000)
    for name, text in articles:
        site = learn_site(found for other, found in unknown.items() if other != name)
        _false_flags(tally, text, language, site)
        if language == "fr" and grammar.available():
            _grammar_false_flags(tally, text)
        _typos(tally, name, text, language, site)
    return tally


def _percent(part: int, whole: int, counts: bool = False) -> str:
    if not whole:
        return "–"
    share = f"{100 * part / whole:.1f} %"
    return f"{share} ({part:,} of {whole:,})" if counts else share


def table(results: dict[str, Tally], articles: dict[str, int]) -> str:
    lines = ["| measure | " + " | ".join(results) + " |", "| --- |" + " --- |" * len(results)]

    def row(label: str, values: list[str]) -> None:
        lines.append(f"| {label} | " + " | ".join(values) + " |")

    row("articles / words", [f"{articles[lang]} / {t.words:,}" for lang, t in results.items()])
    for stage in ("dictionary", "+ article", "+ site"):
        row(
            f"false flags per 1,000 words, {stage}",
            [f"{1000 * t.flags[stage] / t.words:.2f}" for t in results.values()],
        )
    row(
        "false confirmations per 1,000 words, + site (every word reported alone)",
        [f"{1000 * t.confirmed_false / t.words:.2f}" for t in results.values()],
    )
    row(
        "article's proper nouns flagged",
        [str(sum(t.names_flagged.values())) for t in results.values()],
    )
    kinds = sorted(
        {k for t in results.values() for k in t.injected}, key=lambda k: (k.endswith(")"), k)
    )
    nonword = [k for k in kinds if k in ("accent", "double", "drop", "swap")]
    row(
        "recall, spelling typos (non-word: accent, double, drop, swap)",
        [
            _percent(
                sum(t.confirmed[k] for k in nonword), sum(t.injected[k] for k in nonword), True
            )
            for t in results.values()
        ],
    )
    row(
        "suggestion confirmed as the fix (of confirmed)",
        [
            _percent(sum(t.fixed[k] for k in nonword), sum(t.confirmed[k] for k in nonword), True)
            for t in results.values()
        ],
    )
    for kind in kinds:
        row(
            f"{kind}: confirmed / possible (n)",
            [
                f"{_percent(t.confirmed[kind], t.injected[kind])} / "
                f"{_percent(t.possible[kind], t.injected[kind])} ({t.injected[kind]})"
                for t in results.values()
            ],
        )
    if any(t.grammar or t.grammar_flags for t in results.values()):
        row(
            "Grammalecte (optional): grammar flags per 1,000 correct words",
            [
                f"{1000 * t.grammar_flags / t.words:.2f}" if t.grammar_flags else "–"
                for t in results.values()
            ],
        )
        for kind in [k for k in kinds if k in ("agreement", "homophone") or k.endswith(")")]:
            row(
                f"Grammalecte (optional): {kind} confirmed",
                [
                    _percent(t.grammar[kind], t.injected[kind]) if t.grammar else "–"
                    for t in results.values()
                ],
            )
    row(
        "inline checks per report, median / p95",
        [
            f"{statistics.median(t.latencies):.2f} / "
            f"{statistics.quantiles(t.latencies, n=20)[-1]:.2f} ms"
            if len(t.latencies) > 1
            else "–"
            for t in results.values()
        ],
    )
    row(
        "learning one article's vocabulary (once per version), median / max",
        [
            f"{statistics.median(t.learning):.0f} / {max(t.learning):.0f} ms" if t.learning else "–"
            for t in results.values()
        ],
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--language", choices=["fr", "en"], action="append")
    parser.add_argument("--show", type=int, default=0, help="list the N most frequent false flags")
    args = parser.parse_args(argv)
    _setup()
    from errata.triage import language

    language.warm()
    results, articles = {}, {}
    for lang in args.language or ["fr", "en"]:
        results[lang] = evaluate(lang)
        articles[lang] = len(_articles(lang))
        if args.show:
            print(
                f"{lang} false flags after learning:",
                results[lang].flagged_words.most_common(args.show),
            )
            print(f"{lang} names flagged:", results[lang].names_flagged.most_common(args.show))
    print(table(results, articles))
    # Real text nobody here wrote (UD French-GSD): the figures that prove something.
    from bench.triage import real

    print()
    print(real.table(real.run(), grammar_installed()))
    return 0


def grammar_installed() -> bool:
    from errata.triage import grammar

    return grammar.available()


if __name__ == "__main__":
    sys.exit(main())

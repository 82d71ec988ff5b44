"""Triage on real text nobody here wrote: UD French-GSD (`bench/triage/ud.py`).

    python -m bench.triage.real                    # the table for docs/triage.md
    python -m bench.triage.real --show 40          # and the false confirmations

The 1,892 sentences are read in their order, 40 to an "article" (the treebank does not
say which sentences share a document, so an "article" here is a window of neighbouring
sentences, mostly from one source). Each article's vocabulary is learned from its text,
the site's from the other articles, as a site would have them. Then:

1. every correct word is reported alone (quote = the word, no suggestion, the article's
   text around it as context): each "confirmed" is a false confirmation;
2. each of the marked typos is reported with the correct form as the reader's fix, then
   without a fix: recall of "confirmed", and whether the fix is judged right;
3. agreement typos (those the treebank marks with CorrectNumber or CorrectGender);
4. the share of all "confirmed" verdicts that are right;
5. the time of one report's spelling check, context and Grammalecte included.

None of these words or typos were seen when the checker's rules were written, and the
checker uses no list drawn from them: unlike the injected typos of `evaluate.py`, whose
homophones and agreement patterns come from the checker's own lists.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

ARTICLE = 40  # sentences to an article


@dataclass
class Result:
    words: int = 0
    false: Counter[str] = field(default_factory=Counter)  # word (basis) → count
    false_total: int = 0
    possible_on_correct: int = 0
    typos: int = 0
    non_word: int = 0  # typos Hunspell does not know
    with_fix: Counter[str] = field(default_factory=Counter)  # verdict → count
    fix_right: int = 0
    without_fix: Counter[str] = field(default_factory=Counter)
    non_word_confirmed: Counter[str] = field(default_factory=Counter)  # with / without fix
    agreement: int = 0
    agreement_confirmed: int = 0
    agreement_wrong_fix_confirmed: int = 0
    timings: list[float] = field(default_factory=list)
    number_swaps: int = 0  # correct words a reader "corrects" to their other number
    number_swaps_confirmed: Counter[str] = field(default_factory=Counter)


def _setup() -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "errata.conf.settings")
    django.setup()


def _articles() -> list[tuple[str, list[tuple[int, int, str, str]]]]:
    """(text, typos as (start, end, form, correct, agreement?)) per article."""
    from bench.triage.ud import load

    sentences = load()
    articles = []
    for first in range(0, len(sentences), ARTICLE):
        parts, typos, at = [], [], 0
        for sentence in sentences[first : first + ARTICLE]:
            for typo in sentence.typos:
                agreement = "CorrectNumber" in typo.misc or "CorrectGender" in typo.misc
                typos.append((at + typo.start, at + typo.end, typo.correct, agreement))
            parts.append(sentence.text)
            at += len(sentence.text) + 1
        articles.append((" ".join(parts), typos))
    return articles


def _checker() -> Any:
    """spelling.check_in, or its equivalent for errata's code before issue 11 (to measure
    the old figures: run this file with PYTHONPATH pointing at the old sources)."""
    from errata.triage import spelling

    if hasattr(spelling, "check_in"):
        return spelling.check_in

    def check_in(article: str, start: int, end: int, suggestion: str, vocabulary: Any) -> Any:
        before = article[max(0, start - 64) : start]
        return spelling.check(article[start:end], suggestion, vocabulary, before=before)

    return check_in


def _other_number(word: str) -> str:
    """The word with a plural s added or dropped (lower-case words of 3+ letters)."""
    if len(word) < 3 or not word.islower() or not word.isalpha():
        return ""
    return word[:-1] if word.endswith("s") else word + "s"


def run(show: int = 0) -> Result:
    from errata.triage import dictionaries, spelling
    from errata.triage.vocabulary import Vocabulary, learn_article, learn_site, unknown_words
    from errata.triage.words import tokens

    check_in = _checker()

    articles = _articles()
    found = [unknown_words(text, "fr") for text, _ in articles]
    result = Result()
    for index, (text, typos) in enumerate(articles):
        site = learn_site(found[:index] + found[index + 1 :])
        vocabulary = Vocabulary("fr", article=learn_article(text, "fr"), site=site)
        spans = [(start, end) for start, end, _, _ in typos]
        for token in tokens(text, "fr"):
            if any(start < token.end and token.start < end for start, end in spans):
                continue
            result.words += 1
            checked = check_in(text, token.start, token.end, "", vocabulary)
            if checked.verdict == spelling.CONFIRMED:
                result.false_total += 1
                basis = ", ".join(getattr(checked, "basis", ()))
                result.false[f"{token.text} ({basis})"] += 1
            elif checked.verdict == spelling.POSSIBLE:
                result.possible_on_correct += 1
            other = _other_number(token.text)
            if other and dictionaries.knows("fr", other):
                # A reader "fixes" a correct word to its other number (« décembre » →
                # « décembres »): every confirmation is a false agreement fix.
                result.number_swaps += 1
                swapped = check_in(text, token.start, token.end, other, vocabulary)
                if swapped.verdict == spelling.CONFIRMED:
                    basis = ", ".join(getattr(swapped, "basis", ()))
                    result.number_swaps_confirmed[f"{token.text} → {other} ({basis})"] += 1
        for start, end, correct, agreement in typos:
            result.typos += 1
            form = text[start:end]
            non_word = not vocabulary.knows(form)
            result.non_word += non_word
            began = time.perf_counter()
            fixed = check_in(text, start, end, correct, vocabulary)
            result.timings.append((time.perf_counter() - began) * 1000)
            bare = check_in(text, start, end, "", vocabulary)
            result.with_fix[fixed.verdict] += 1
            result.without_fix[bare.verdict] += 1
            if fixed.verdict == spelling.CONFIRMED and fixed.suggestion_fixes:
                result.fix_right += 1
            if show:
                print(
                    f"  typo {form!r} → {correct!r}: {fixed.verdict} / {bare.verdict} "
                    f"{getattr(fixed, 'basis', '')}{' (agreement)' if agreement else ''}"
                )
            if non_word:
                result.non_word_confirmed["with fix"] += fixed.verdict == spelling.CONFIRMED
                result.non_word_confirmed["without"] += bare.verdict == spelling.CONFIRMED
            if agreement:
                result.agreement += 1
                result.agreement_confirmed += fixed.verdict == spelling.CONFIRMED
    if show:
        for word, count in result.false.most_common(show):
            print(f"  {count:3d}  {word}")
        for word, count in result.number_swaps_confirmed.most_common(show):
            print(f"  {count:3d}  {word}")
    return result


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} % ({part} of {whole})" if whole else "n/a"


def table(result: Result, grammalecte: bool) -> str:
    confirmed_right = result.with_fix["confirmed"] + result.without_fix["confirmed"]
    confirmed_all = confirmed_right + result.false_total
    rows = [
        ("Grammalecte installed", "yes" if grammalecte else "no"),
        ("correct words reported", f"{result.words:,}"),
        (
            "false confirmations per 1,000 words",
            f"{1000 * result.false_total / result.words:.2f} ({result.false_total})",
        ),
        (
            "correct words shown as possible, per 1,000",
            f"{1000 * result.possible_on_correct / result.words:.1f}",
        ),
        ("marked typos / of them not dictionary words", f"{result.typos} / {result.non_word}"),
        ("typos confirmed, reader's fix given", _pct(result.with_fix["confirmed"], result.typos)),
        (
            "typos confirmed or possible, fix given",
            _pct(result.with_fix["confirmed"] + result.with_fix["possible"], result.typos),
        ),
        ("typos confirmed, no fix", _pct(result.without_fix["confirmed"], result.typos)),
        (
            "non-word typos confirmed, fix / no fix",
            f"{_pct(result.non_word_confirmed['with fix'], result.non_word)} / {_pct(result.non_word_confirmed['without'], result.non_word)}",
        ),
        ("confirmed and the fix judged right", _pct(result.fix_right, result.typos)),
        (
            "agreement typos confirmed (fix given)",
            _pct(result.agreement_confirmed, result.agreement),
        ),
        (
            "correct words « fixed » to their other number: confirmed (false agreement fixes)",
            _pct(sum(result.number_swaps_confirmed.values()), result.number_swaps),
        ),
        ("share of confirmed verdicts that are right", _pct(confirmed_right, confirmed_all)),
        (
            "spelling check per report, median / p95",
            f"{statistics.median(result.timings):.2f} / "
            f"{statistics.quantiles(result.timings, n=20)[-1]:.2f} ms",
        ),
    ]
    return "\n".join(
        ["| measure | UD French-GSD |", "| --- | --- |"] + [f"| {a} | {b} |" for a, b in rows]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--show", type=int, default=0, help="list the N commonest false confirmations"
    )
    parser.add_argument(
        "--no-grammalecte", action="store_true", help="measure as if Grammalecte were absent"
    )
    args = parser.parse_args()
    _setup()
    from errata.triage import grammar

    if args.no_grammalecte:
        grammar.available = lambda: False  # type: ignore[assignment]

    result = run(args.show)
    print(table(result, grammar.available()))


if __name__ == "__main__":
    main()

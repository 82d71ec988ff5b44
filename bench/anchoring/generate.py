"""Labelled re-anchoring cases from the corpus: old text, new text, quote, expected outcome.

``cases()`` is deterministic (fixed seed). Each case takes one article, picks a quote the
way readers select (a word, a name, a figure, a phrase, a sentence), marks it, applies one
realistic edit (plus, sometimes, unrelated edits elsewhere) and reads the label back from
the markers (see ``edits.py``). ``python -m bench.anchoring.generate`` prints a summary.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.anchoring import edits
from bench.anchoring.edits import CLOSE, OPEN
from errata.anchoring import TextQuoteSelector, describe

SEED = 20240521
CASES_PER_ARTICLE = 25
CORPUS = Path(__file__).parent / "corpus"

Edit = Callable[[random.Random, str, str], "str | None"]

ANCHOR_EDITS: dict[str, tuple[int, Edit]] = {
    "unchanged": (4, lambda rng, text, lang: text),
    "typo_fixed_elsewhere": (6, edits.fix_typo_elsewhere),
    "figure_changed_elsewhere": (5, edits.change_figure_elsewhere),
    "date_changed_elsewhere": (4, edits.change_date_elsewhere),
    "sentence_inserted": (6, edits.insert_sentence),
    "sentence_deleted": (5, edits.delete_sentence_elsewhere),
    "paragraph_moved": (3, lambda rng, text, lang: edits.move_paragraph(rng, text, lang, False)),
    "own_paragraph_moved": (3, lambda rng, text, lang: edits.move_paragraph(rng, text, lang, True)),
    "rewording_nearby": (8, edits.reword_nearby),
}
FIXED_EDITS = {
    "quote_typo_fixed": 6,
    "quote_figure_corrected": 5,
    "quote_name_corrected": 7,
    "quote_word_deleted": 3,
    "quote_reworded": 4,
}
ORPHAN_EDITS = {"passage_deleted": 15}
UNRELATED: list[Callable[[random.Random, str, str, int], str | None]] = [
    edits.fix_typo_elsewhere,
    edits.change_figure_elsewhere,
    edits.insert_sentence,
    edits.delete_sentence_elsewhere,
]


@dataclass(frozen=True)
class Article:
    name: str
    lang: str
    text: str


@dataclass(frozen=True)
class Case:
    id: str
    article: str
    edit: str
    old_text: str
    new_text: str
    selector: TextQuoteSelector  # what the reader's widget sent, on old_text
    expect: str  # "anchor" | "fixed_by_edit" | "orphan"
    start: int = -1  # expected span in new_text (anchor) or replaced region (fixed_by_edit)
    end: int = -1


def articles() -> list[Article]:
    return [
        Article(path.stem, path.stem[:2], path.read_text(encoding="utf-8").strip())
        for path in sorted(CORPUS.glob("*.txt"))
    ]


def cases(seed: int = SEED) -> list[Case]:
    rng = random.Random(seed)
    kinds = {**{k: w for k, (w, _) in ANCHOR_EDITS.items()}, **FIXED_EDITS, **ORPHAN_EDITS}
    out: list[Case] = []
    for article in articles():
        made = attempts = 0
        while made < CASES_PER_ARTICLE and attempts < 50 * CASES_PER_ARTICLE:
            attempts += 1
            kind = rng.choices(list(kinds), weights=list(kinds.values()))[0]
            case = _case(rng, article, kind, f"{article.name}-{made:02d}-{kind}")
            if case is not None:
                out.append(case)
                made += 1
    return out


def _case(rng: random.Random, article: Article, kind: str, case_id: str) -> Case | None:
    span = _quote(rng, article.text, _style(rng, kind))
    if span is None:
        return None
    start, end = span
    marked = article.text[:start] + OPEN + article.text[start:end] + CLOSE + article.text[end:]
    old: str | None = marked
    if kind in ANCHOR_EDITS:
        new = ANCHOR_EDITS[kind][1](rng, marked, article.lang)
    elif kind in FIXED_EDITS:
        old, new = _correct_quote(rng, marked, article.lang, kind)
    else:
        new = edits.delete_passage(rng, marked, article.lang)
    if old is None or new is None or (new == old and kind != "unchanged"):
        return None
    # Unrelated edits stay clear of a corrected quote: right next to it, "which part is
    # the correction" has no single answer and the label would be arbitrary.
    margin = 40 if kind in FIXED_EDITS else 0
    for _ in range(rng.choice([0, 0, 1, 2])):
        new = rng.choice(UNRELATED)(rng, new, article.lang, margin) or new
    return _label(case_id, article.name, kind, old, new)


def _style(rng: random.Random, kind: str) -> str:
    forced = {
        "quote_figure_corrected": "figure",
        "quote_name_corrected": "repeated_name",
        "quote_word_deleted": "word",
        "quote_reworded": "phrase",
        "quote_typo_fixed": rng.choice(["word", "phrase"]),
    }
    if kind in forced:
        return forced[kind]
    if kind == "passage_deleted" and rng.random() < 0.6:
        return rng.choice(["repeated_name", "repeated_word"])
    return rng.choices(["word", "name", "figure", "phrase", "long"], [30, 15, 15, 25, 15])[0]


TOKEN = re.compile(r"\w+(?:[\u2019'-]\w+)*")


def _quote(rng: random.Random, text: str, style: str) -> tuple[int, int] | None:
    tokens = list(TOKEN.finditer(text))
    counts = Counter(t.group() for t in tokens)
    if style in ("word", "repeated_word"):
        pool = [t for t in tokens if len(t.group()) >= 4 and not t.group().isdigit()]
        if style == "repeated_word":
            pool = [t for t in pool if counts[t.group()] > 1]
    elif style in ("name", "repeated_name"):
        pool = [
            t for t in tokens if t.group()[0].isupper() and t.start() > 0 and len(t.group()) > 2
        ]
        pool = [t for t in pool if text[t.start() - 1] == " " and text[t.start() - 2] not in ".!?"]
        if style == "repeated_name":
            pool = [t for t in pool if counts[t.group()] > 1] or pool
    elif style == "figure":
        pool = [t for t in edits.NUMBER.finditer(text) if t.start() > 0]
    else:
        low, high = (2, 6) if style == "phrase" else (7, 18)
        size = rng.randint(low, high)
        index = rng.randrange(max(1, len(tokens) - size))
        chosen = tokens[index : index + size]
        if not chosen or "\n" in text[chosen[0].start() : chosen[-1].end()]:
            return None
        return chosen[0].start(), chosen[-1].end()
    if not pool:
        return None
    found = rng.choice(pool)
    return found.span()


def _correct_quote(
    rng: random.Random, marked: str, lang: str, kind: str
) -> tuple[str | None, str | None]:
    start, end = marked.index(OPEN) + 1, marked.index(CLOSE)
    quote = marked[start:end]
    words = list(edits.WORD.finditer(quote))
    if kind == "quote_typo_fixed":
        long_words = [w for w in words if len(w.group()) >= 5]
        if not long_words:
            return None, None
        w = rng.choice(long_words)
        wrong = quote[: w.start()] + edits.typo(rng, w.group()) + quote[w.end() :]
        return marked[:start] + wrong + marked[end:], marked  # the old version had the typo
    if kind == "quote_figure_corrected":
        return marked, marked[:start] + edits.other_number(rng, quote) + marked[end:]
    if kind == "quote_name_corrected":
        name = rng.choice([n for n in edits.NAMES[lang] if n != quote])
        return marked, marked[:start] + name + marked[end:]
    if kind == "quote_word_deleted":
        if marked[end + 1 : end + 2] != " ":
            return None, None
        return marked, marked[:start] + marked[end : end + 1] + marked[end + 2 :]
    if len(words) < 2:
        return None, None
    w = rng.choice(words)
    new_quote = quote[: w.start()] + rng.choice(edits.FILLERS[lang]) + quote[w.end() :]
    return marked, marked[:start] + new_quote + marked[end:]


def _label(case_id: str, article: str, kind: str, old: str, new: str) -> Case | None:
    if OPEN not in old or CLOSE not in old:
        return None
    old_start = old.index(OPEN)
    old_end = old.index(CLOSE) - 1
    old_text = old.replace(OPEN, "").replace(CLOSE, "")
    new_text = new.replace(OPEN, "").replace(CLOSE, "")
    selector = describe(old_text, old_start, old_end)
    window = selector.prefix + selector.exact + selector.suffix
    common = Case(case_id, article, kind, old_text, new_text, selector, "orphan")
    if OPEN not in new or CLOSE not in new:
        # Unlabelable if the passage survives elsewhere with one whole side of its context.
        for side in (selector.prefix + selector.exact, selector.exact + selector.suffix):
            if side in new_text and len(side) > len(selector.exact):
                return None
        return common if kind in ORPHAN_EDITS else None
    start, end = new.index(OPEN), new.index(CLOSE) - 1
    found = new_text[start:end]
    if kind in FIXED_EDITS:
        if found == selector.exact:
            return None
        return Case(
            case_id, article, kind, old_text, new_text, selector, "fixed_by_edit", start, end
        )
    if found != selector.exact or new_text.count(window) > 1 or kind in ORPHAN_EDITS:
        return None
    return Case(case_id, article, kind, old_text, new_text, selector, "anchor", start, end)


def main() -> None:
    generated = cases()
    print(f"{len(generated)} cases over {len(articles())} articles (seed {SEED})")
    for (expect, edit), count in sorted(Counter((c.expect, c.edit) for c in generated).items()):
        print(f"  {expect:14} {edit:26} {count}")


if __name__ == "__main__":
    main()

"""Labelled re-anchoring cases where the article repeats text: the hard part of anchoring.

Each corpus article is given one kind of repetition (a *unit* that occurs more than once):

* ``paragraph``: a paragraph repeated (a standfirst repeated as the first paragraph, a
  pull quote repeated further down);
* ``sentence``: a sentence of one paragraph repeated at the end of another;
* ``phrase``: a short phrase that recurs in different sentences, so that the quote's 16
  nearest characters on each side are the same at every copy while its 32-character
  context is not (« prendre rendez-vous avec le service » here and there).

A quote is picked inside one copy (the *reported* copy), then one edit kind is applied to
the reported copy, to another copy, or to both: the quote's word corrected, letters added
at its edge (« déviance » -> « déviances »), a figure changed, a word inserted or deleted
or fixed next to it, its sentence deleted or replaced by an unrelated one. The label is
computed from the construction (which copy was edited, where the quote now is), never
from a matcher. ``python -m bench.anchoring.repeated`` prints a summary.

Generated text proves less than real articles edited by real editors: the repetitions
and edits are the ones we thought of.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from bench.anchoring import edits
from bench.anchoring.generate import Article, Case, articles
from errata.anchoring import describe

SEED = 20260114
UNITS = ("paragraph", "sentence", "phrase")
TARGETS = ("reported", "other", "both")

PHRASES = {
    "fr": (
        "prendre rendez-vous avec le service concerné",
        [
            "Les usagers devront ",
            "À partir de lundi, les familles pourront ",
            "Il restera possible de ",
            "Selon la mairie, les habitants sont invités à ",
        ],
        [
            " avant la fin du mois.",
            ", a précisé la préfecture.",
            " par téléphone ou en ligne.",
            " dès la semaine prochaine.",
        ],
    ),
    "en": (
        "book an appointment with the relevant department",
        [
            "Residents will have to ",
            "From Monday, families will be able to ",
            "It will still be possible to ",
            "According to the council, people are asked to ",
        ],
        [
            " before the end of the month.",
            ", the county said.",
            " by phone or online.",
            " from next week.",
        ],
    ),
}
UNRELATED = {
    "fr": "Le conseil municipal se réunira de nouveau en séance publique le mois prochain.",
    "en": "The council will meet again in a public session next month.",
}


@dataclass
class Copy:
    paragraph: int  # index in the paragraph list
    offset: int  # where this copy's text starts in that paragraph
    text: str  # the copy's own text: the unit, or for a phrase the sentence holding it
    shift: int = 0  # where the repeated part starts in ``text``


@dataclass(frozen=True)
class Quote:
    start: int  # in the unit
    end: int
    kind: str  # "word" | "phrase" | "figure"


# An edit of one copy of the unit: (rng, unit, quote, language) -> new unit and, for the
# reported copy, what became of the quote: ("anchor" | "fixed_by_edit" | "rewritten",
# start, end) in the new unit, or ("removed", -1, -1). None: not applicable.
Outcome = tuple[str, int, int]
Edit = Callable[[random.Random, str, Quote, str], tuple[str, Outcome] | None]


def _word_grown(
    rng: random.Random, unit: str, quote: Quote, lang: str
) -> tuple[str, Outcome] | None:
    word = unit[quote.start : quote.end]
    if quote.kind != "word" or word[-1] in "sx":
        return None
    return unit[: quote.end] + "s" + unit[quote.end :], (
        "fixed_by_edit",
        quote.start,
        quote.end + 1,
    )


def _figure_changed(
    rng: random.Random, unit: str, quote: Quote, lang: str
) -> tuple[str, Outcome] | None:
    if quote.kind != "figure":
        return None
    figure = edits.other_number(rng, unit[quote.start : quote.end])
    return (
        unit[: quote.start] + figure + unit[quote.end :],
        ("fixed_by_edit", quote.start, quote.start + len(figure)),
    )


def _near(rng: random.Random, unit: str, quote: Quote, lang: str) -> list[re.Match[str]]:
    return [
        m
        for m in edits.WORD.finditer(unit)
        if (quote.start - 32 <= m.start() and m.end() <= quote.start - 1)
        or (quote.end + 1 <= m.start() and m.end() <= quote.end + 32)
    ]


def _shift(quote: Quote, at: int, delta: int) -> Outcome:
    if at <= quote.start:
        return "anchor", quote.start + delta, quote.end + delta
    return "anchor", quote.start, quote.end


def _word_inserted_near(
    rng: random.Random, unit: str, quote: Quote, lang: str
) -> tuple[str, Outcome] | None:
    words = _near(rng, unit, quote, lang)
    if not words:
        return None
    at = rng.choice(words).end()
    filler = " " + rng.choice(edits.FILLERS[lang])
    return unit[:at] + filler + unit[at:], _shift(quote, at, len(filler))


def _word_deleted_near(
    rng: random.Random, unit: str, quote: Quote, lang: str
) -> tuple[str, Outcome] | None:
    words = [m for m in _near(rng, unit, quote, lang) if unit[m.end() : m.end() + 1] == " "]
    if not words:
        return None
    found = rng.choice(words)
    size = found.end() + 1 - found.start()
    return unit[: found.start()] + unit[found.end() + 1 :], _shift(quote, found.start(), -size)


def _typo_fixed_near(
    rng: random.Random, unit: str, quote: Quote, lang: str
) -> tuple[str, Outcome] | None:
    words = [m for m in _near(rng, unit, quote, lang) if len(m.group()) >= 5]
    if not words:
        return None
    found = rng.choice(words)
    wrong = edits.typo(rng, found.group())
    new = unit[: found.start()] + wrong + unit[found.end() :]
    return new, _shift(quote, found.start(), len(wrong) - len(found.group()))


def _sentence_of(unit: str, quote: Quote) -> tuple[int, int] | None:
    for m in edits.SENTENCE.finditer(unit):
        if m.start() <= quote.start and quote.end <= m.end():
            return m.start(), m.end()
    return None


def _sentence_deleted(
    rng: random.Random, unit: str, quote: Quote, lang: str
) -> tuple[str, Outcome] | None:
    found = _sentence_of(unit, quote)
    if found is None:
        return None
    start, end = found
    return edits.tidy(unit[:start] + unit[end:]), ("removed", -1, -1)


def _sentence_rewritten(
    rng: random.Random, unit: str, quote: Quote, lang: str
) -> tuple[str, Outcome] | None:
    found = _sentence_of(unit, quote)
    if found is None:
        return None
    start, end = found
    other = UNRELATED[lang]
    return unit[:start] + other + unit[end:], ("rewritten", start, start + len(other))


EDITS: dict[str, Edit] = {
    "word_grown": _word_grown,
    "figure_changed": _figure_changed,
    "word_inserted_near": _word_inserted_near,
    "word_deleted_near": _word_deleted_near,
    "typo_fixed_near": _typo_fixed_near,
    "sentence_deleted": _sentence_deleted,
    "sentence_rewritten": _sentence_rewritten,
}
# "word_corrected" needs the old version built with a typo in every copy: see _case.
KINDS = ("word_corrected", *EDITS)


def cases(seed: int = SEED) -> list[Case]:
    """Every unit x edit kind x target, on every corpus article (when applicable)."""
    rng = random.Random(seed)
    out: list[Case] = []
    for article in articles():
        for unit_kind in UNITS:
            for kind in KINDS:
                for target in TARGETS:
                    for _attempt in range(20):
                        case = _case(rng, article, unit_kind, kind, target)
                        if case is not None:
                            out.append(case)
                            break
    return out


def _document(
    rng: random.Random, article: Article, unit_kind: str
) -> tuple[list[str], str, list[Copy]] | None:
    """The article with a repeated unit: paragraphs, the repeated text, its copies."""
    paragraphs = article.text.split("\n\n")
    if len(paragraphs) < 5:
        return None
    if unit_kind == "paragraph":
        source = rng.randrange(1, len(paragraphs))
        unit = paragraphs[source]
        target = 1 if rng.random() < 0.5 else rng.randrange(source + 2, len(paragraphs) + 2)
        paragraphs.insert(min(target, len(paragraphs)), unit)
        copies = [Copy(i, 0, unit) for i, p in enumerate(paragraphs) if p == unit]
        return paragraphs, unit, copies
    if unit_kind == "sentence":
        source = rng.randrange(1, len(paragraphs))
        sentences = [m.group() for m in edits.SENTENCE.finditer(paragraphs[source])]
        sentences = [s for s in sentences if len(s) > 40]
        if not sentences:
            return None
        unit = rng.choice(sentences)
        other = rng.choice([i for i in range(1, len(paragraphs)) if abs(i - source) > 1] or [0])
        paragraphs[other] += " " + unit
        copies = []
        for i, p in enumerate(paragraphs):
            at = p.find(unit)
            if at >= 0 and p.find(unit, at + 1) < 0:
                copies.append(Copy(i, at, unit))
        return (paragraphs, unit, copies) if len(copies) == 2 else None
    phrase, openings, endings = PHRASES[article.lang]
    places = rng.sample(range(1, len(paragraphs)), 3)
    copies = []
    for n, index in enumerate(sorted(places)):
        sentence = openings[n] + phrase + endings[n]
        copies.append(Copy(index, len(paragraphs[index]) + 1, sentence, len(openings[n])))
        paragraphs[index] += " " + sentence
    return paragraphs, phrase, copies


def _pick_quote(rng: random.Random, unit: str, kind: str) -> Quote | None:
    if kind == "figure_changed":
        figures = [m for m in edits.NUMBER.finditer(unit) if m.start() > 0]
        return Quote(*rng.choice(figures).span(), "figure") if figures else None
    words = [m for m in edits.WORD.finditer(unit) if len(m.group()) >= 4]
    if kind in ("word_corrected", "word_grown") or rng.random() < 0.7:
        if kind == "word_corrected":
            words = [m for m in words if len(m.group()) >= 5]
        return Quote(*rng.choice(words).span(), "word") if words else None
    tokens = list(edits.WORD.finditer(unit))
    if len(tokens) < 3:
        return None
    first = rng.randrange(len(tokens) - 2)
    last = min(len(tokens) - 1, first + rng.randint(1, 3))
    return Quote(tokens[first].start(), tokens[last].end(), "phrase")


def _case(
    rng: random.Random, article: Article, unit_kind: str, kind: str, target: str
) -> Case | None:
    built = _document(rng, article, unit_kind)
    if built is None:
        return None
    paragraphs, shared, copies = built
    picked = _pick_quote(rng, shared, kind)
    if picked is None:
        return None
    quotes = [Quote(picked.start + c.shift, picked.end + c.shift, picked.kind) for c in copies]
    reported = rng.randrange(len(copies))
    chosen = {
        "reported": [reported],
        "other": [rng.choice([i for i in range(len(copies)) if i != reported])],
        "both": list(range(len(copies))),
    }[target]
    edited: dict[int, tuple[str, Outcome]] = {}
    if kind == "word_corrected":
        # The old version has the typo in every copy; the edit corrects it where targeted.
        wrong = edits.typo(rng, shared[picked.start : picked.end])
        for n, (c, q) in enumerate(zip(copies, quotes, strict=True)):
            right = c.text
            c.text = right[: q.start] + wrong + right[q.end :]
            paragraphs[c.paragraph] = _splice(paragraphs[c.paragraph], c.offset, len(right), c.text)
            edited[n] = (right, ("fixed_by_edit", q.start, q.end))
            quotes[n] = Quote(q.start, q.start + len(wrong), "word")
    else:
        for n in chosen:
            found = EDITS[kind](rng, copies[n].text, quotes[n], article.lang)
            if found is None:
                return None
            edited[n] = found
    old_text = "\n\n".join(paragraphs)
    mine, quote = copies[reported], quotes[reported]
    q_start = _paragraph_start(paragraphs, mine.paragraph) + mine.offset + quote.start
    selector = describe(old_text, q_start, q_start + (quote.end - quote.start))
    new_paragraphs = _apply(paragraphs, copies, {n: edited[n][0] for n in chosen})
    new_text = "\n\n".join(p for p in new_paragraphs if p.strip())
    if len(chosen) == 1 and len({c.text for c in copies}) == 1:
        # Identical copies: the same edit made to another copy must give another text,
        # else nobody can tell which copy was edited ([P, P] -> [P] is either).
        for n in range(len(copies)):
            swapped = _apply(paragraphs, copies, {n: edited[chosen[0]][0]})
            if n != chosen[0] and "\n\n".join(p for p in swapped if p.strip()) == new_text:
                return None
    expect, start, end = (
        edited[reported][1] if reported in chosen else ("anchor", quote.start, quote.end)
    )
    if expect == "removed":
        start = end = -1
    else:
        # Where the reported copy now starts: paragraphs before it, then its offset.
        before = [p for p in new_paragraphs[: mine.paragraph] if p.strip()]
        base = sum(len(p) + 2 for p in before) + mine.offset
        start, end = base + start, base + end
        if expect == "anchor" and new_text[start:end] != selector.exact:
            return None  # the construction went wrong: no label rather than a wrong one
    case_id = f"{article.name}-{unit_kind}-{kind}-{target}"
    return Case(
        case_id, article.name, f"{kind}/{target}", old_text, new_text, selector, expect, start, end
    )


def _apply(paragraphs: list[str], copies: list[Copy], new: dict[int, str]) -> list[str]:
    """The paragraphs with copy ``n`` replaced by ``new[n]`` (an empty one may be left)."""
    out = list(paragraphs)
    for n, text in new.items():
        c = copies[n]
        out[c.paragraph] = _splice(out[c.paragraph], c.offset, len(c.text), text)
    return out


def _splice(paragraph: str, start: int, length: int, new: str) -> str:
    """Put ``new`` in place of ``paragraph[start:start + length]``; a copy deleted whole
    takes a space with it."""
    end = start + length
    if not new.strip():
        if start > 0 and paragraph[start - 1] == " ":
            start -= 1
        elif paragraph[end : end + 1] == " ":
            end += 1
        return paragraph[:start] + paragraph[end:]
    return paragraph[:start] + new + paragraph[end:]


def _paragraph_start(paragraphs: list[str], index: int) -> int:
    return sum(len(p) + 2 for p in paragraphs[:index])


def main() -> None:
    generated = cases()
    print(f"{len(generated)} repeated-text cases over {len(articles())} articles (seed {SEED})")
    for (expect, edit), count in sorted(Counter((c.expect, c.edit) for c in generated).items()):
        print(f"  {expect:14} {edit:32} {count}")


if __name__ == "__main__":
    main()

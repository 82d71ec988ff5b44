"""Realistic article edits, applied to text carrying two invisible markers around a quote.

The generator marks the reader's quote with U+E000 ... U+E001 (private-use characters
that no article contains), applies an edit, and reads the expected outcome back from the
markers: still there around the same quote = the quote moved (or not); there around
different text = the quote was corrected (fixed by edit); gone = the passage was deleted
(orphan). Labels therefore come from the edit itself, never from either matcher.
"""

from __future__ import annotations

import random
import re

OPEN, CLOSE = "\ue000", "\ue001"

WORD = re.compile(r"[^\W\d_]{3,}")
NUMBER = re.compile(r"\d+(?:[.,\u00a0]\d+)*")
# A sentence ends at . ! ? (optionally followed by a closing guillemet or quote mark)
# before white space; "1.2 million" does not end one. Paragraphs are never crossed.
SENTENCE = re.compile(r"\S.*?(?:[.!?]+(?:[\u00a0\u202f]?[»\"])?(?=[ \n]|$)|$)", re.M)

INSERTIONS = {
    "fr": [
        "Contacté, le ministère n\u2019a pas souhaité réagir dans l\u2019immédiat.",
        "L\u2019information a été confirmée dans la soirée par la préfecture.",
        "Une enquête administrative a par ailleurs été ouverte.",
        "(Mise à jour à 18\u00a0h\u00a040 avec de nouveaux éléments.)",
        "Le détail des mesures sera publié au Journal officiel.",
    ],
    "en": [
        "The ministry did not immediately respond to a request for comment.",
        "This story has been updated with additional details.",
        "Police said the investigation was continuing.",
        "Officials were expected to give further details on Friday.",
        "The figures have not been independently verified.",
    ],
}
NAMES = {
    "fr": ["Élisa", "Martine", "Durand", "Lefèvre", "Nadia", "Bernard", "Colin", "Sabine"],
    "en": ["Elisa", "Morgan", "Taylor", "Hughes", "Priya", "Gordon", "Nolan", "Sandra"],
}
FILLERS = {
    "fr": ["également", "notamment", "cependant", "aussi", "encore", "officiellement"],
    "en": ["also", "notably", "however", "still", "officially", "again"],
}
MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "octobre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "October"],
}
DAYS = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def quote_region(text: str) -> tuple[int, int]:
    """Span from the opening to just past the closing marker."""
    return text.index(OPEN), text.index(CLOSE) + 1


def outside(text: str, start: int, end: int, margin: int = 0) -> bool:
    """True when [start, end) stays ``margin`` characters clear of the quote's markers."""
    if OPEN not in text:
        return True
    q_start, q_end = quote_region(text)
    return end <= q_start - margin or start >= q_end + margin


def replace(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def typo(rng: random.Random, word: str) -> str:
    """A plausible typing error: a letter dropped, doubled or swapped with the next."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "double", "swap"])
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def other_number(rng: random.Random, number: str) -> str:
    digits = [c for c in number if c.isdigit()]
    position = rng.randrange(len(digits))
    new_digit = rng.choice([d for d in "0123456789" if d != digits[position]])
    count = -1
    out = []
    for character in number:
        if character.isdigit():
            count += 1
            out.append(new_digit if count == position else character)
        else:
            out.append(character)
    return "".join(out)


def pick(rng: random.Random, matches: list[re.Match[str]]) -> re.Match[str] | None:
    return rng.choice(matches) if matches else None


def fix_typo_elsewhere(rng: random.Random, text: str, lang: str, margin: int = 0) -> str | None:
    words = [
        m for m in WORD.finditer(text) if len(m.group()) >= 5 and outside(text, *m.span(), margin)
    ]
    found = pick(rng, words)
    return None if found is None else replace(text, *found.span(), typo(rng, found.group()))


def change_figure_elsewhere(
    rng: random.Random, text: str, lang: str, margin: int = 0
) -> str | None:
    numbers = [m for m in NUMBER.finditer(text) if outside(text, *m.span(), margin)]
    found = pick(rng, numbers)
    return None if found is None else replace(text, *found.span(), other_number(rng, found.group()))


def change_date_elsewhere(rng: random.Random, text: str, lang: str) -> str | None:
    names = MONTHS[lang] + DAYS[lang]
    hits = [
        m for m in re.finditer(r"\b(" + "|".join(names) + r")\b", text) if outside(text, *m.span())
    ]
    found = pick(rng, hits)
    if found is None:
        return change_figure_elsewhere(rng, text, lang)
    pool = MONTHS[lang] if found.group() in MONTHS[lang] else DAYS[lang]
    return replace(text, *found.span(), rng.choice([n for n in pool if n != found.group()]))


def insert_sentence(rng: random.Random, text: str, lang: str, margin: int = 0) -> str | None:
    ends = [m.end() for m in SENTENCE.finditer(text) if outside(text, m.end(), m.end(), margin)]
    if not ends:
        return None
    at = rng.choice(ends)
    return text[:at] + " " + rng.choice(INSERTIONS[lang]) + text[at:]


def delete_sentence_elsewhere(
    rng: random.Random, text: str, lang: str, margin: int = 0
) -> str | None:
    sentences = [
        m for m in SENTENCE.finditer(text) if outside(text, *m.span(), margin) and m.start() > 0
    ]
    sentences = [m for m in sentences if text[m.start() - 1] == " "]
    found = pick(rng, sentences)
    return None if found is None else replace(text, found.start() - 1, found.end(), "")


def move_paragraph(rng: random.Random, text: str, lang: str, own: bool) -> str | None:
    paragraphs = text.split("\n\n")
    if len(paragraphs) < 4:
        return None
    mine = next(i for i, p in enumerate(paragraphs) if OPEN in p)
    source = mine if own and mine > 0 else rng.randrange(1, len(paragraphs))
    moved = paragraphs.pop(source)
    target = rng.choice([i for i in range(1, len(paragraphs) + 1) if i != source])
    paragraphs.insert(target, moved)
    return "\n\n".join(paragraphs)


def reword_nearby(rng: random.Random, text: str, lang: str) -> str | None:
    """Change one or two words within the 32 characters next to the quote, on one side."""
    q_start, q_end = quote_region(text)
    side = rng.choice(["before", "after"])
    lo, hi = (max(0, q_start - 32), q_start) if side == "before" else (q_end, q_end + 32)
    words = [m for m in WORD.finditer(text, lo, hi) if outside(text, *m.span())]
    if not words:
        return None
    found = rng.choice(words)
    if rng.random() < 0.5:
        return replace(text, found.end(), found.end(), " " + rng.choice(FILLERS[lang]))
    return replace(text, *found.span(), typo(rng, found.group()) if len(found.group()) > 3 else "")


def delete_passage(rng: random.Random, text: str, lang: str) -> str | None:
    """Delete the quote's sentence and a neighbour, or its whole paragraph."""
    paragraphs = text.split("\n\n")
    mine = next(i for i, p in enumerate(paragraphs) if OPEN in p)
    if rng.random() < 0.5 and len(paragraphs) > 3 and CLOSE in paragraphs[mine]:
        del paragraphs[mine]
        return "\n\n".join(paragraphs)
    sentences = list(SENTENCE.finditer(text))
    index = next(
        (i for i, m in enumerate(sentences) if m.start() <= text.index(OPEN) < m.end()), None
    )
    if index is None:
        return None
    first, last = index, index
    if (
        index + 1 < len(sentences)
        and "\n" not in text[sentences[index].end() : sentences[index + 1].start()]
    ):
        last += 1
    elif index > 0:
        first -= 1
    start, end = sentences[first].start(), sentences[last].end()
    if CLOSE not in text[start:end]:
        return None
    return tidy(replace(text, start, end, ""))


def tidy(text: str) -> str:
    """Undo the spacing a deletion leaves behind, as the text normalisation would."""
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r" *\n\n *", "\n\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()

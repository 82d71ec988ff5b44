"""Is the quoted passage misspelled, and does the reader's suggestion fix it?

The quote is checked word by word against Hunspell plus the learned vocabulary
(`errata.triage.vocabulary`). A word neither knows is flagged with the class of evidence
it rests on (`errata.triage.unknown`): only a word one edit from a dictionary word in a
French context, or with an accent wrong inside it, is a confirmed misspelling; names,
foreign words, inclusive writing, glued words and jargon are "possible". Pieces of
numbers and addresses are not words. A suggestion fixes it when it replaces every
flagged word and brings no unknown word.

Real-word errors (a/à, their/there, a missing plural s) pass any dictionary. errata
looks at them only when the reader's suggestion swaps one known word for another
(`errata.triage.confusables`): number agreement with the nearest determiner and the
French a/à are confirmed where a simple rule decides; other homophones, inflections and
accent-only differences are "possible", for the editor to judge.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from errata.triage import dictionaries, grammar, unknown
from errata.triage.confusables import CONFIRMED, NOT_CONFIRMED, POSSIBLE, real_word
from errata.triage.vocabulary import Vocabulary
from errata.triage.words import Token, tokens

__all__ = ["CONFIRMED", "NOT_CONFIRMED", "POSSIBLE", "Fix", "Spelling", "check", "check_in"]

CONTEXT = 64  # characters of the article on each side of the quote that checks look at
REAL_WORD = frozenset({"agreement", "homophone", "accent"})


@dataclass(frozen=True)
class Fix:
    """Replace [start, end) of the quote with `replacement`."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Spelling:
    verdict: str  # confirmed, possible or not_confirmed
    kind: str = ""  # misspelling, agreement, homophone, accent
    flagged: tuple[str, ...] = ()
    suggestion_fixes: bool | None = None  # None: no suggestion to judge
    unknown_in_suggestion: tuple[str, ...] = ()
    fix: Fix | None = None
    # What the verdict rests on: per flagged word, its class (triage.unknown); for a
    # real-word error, "rule" (errata's conservative rule) or "grammar" (Grammalecte).
    basis: tuple[str, ...] = ()


def _aligned(quote: list[Token], suggestion: list[Token]) -> list[tuple[str, int, int, int, int]]:
    """Word-level edits turning the quote into the suggestion."""
    matcher = SequenceMatcher(
        a=[t.text for t in quote], b=[t.text for t in suggestion], autojunk=False
    )
    return [op for op in matcher.get_opcodes() if op[0] != "equal"]


def _window(quote: list[Token], suggestion: list[Token]) -> tuple[int, int]:
    """Where in a longer quote a shorter suggestion (just the corrected words) belongs."""
    size = len(suggestion)
    wanted = " ".join(t.text for t in suggestion).lower()
    best, best_score = 0, -1.0
    for start in range(len(quote) - size + 1):
        score = fuzz.ratio(" ".join(t.text for t in quote[start : start + size]).lower(), wanted)
        if score > best_score:
            best, best_score = start, score
    return best, best + size


def _fix(
    quoted: list[Token],
    suggestion: str,
    suggested: list[Token],
    edits: list[tuple[str, int, int, int, int]],
) -> Fix | None:
    """The span of the quote the suggestion rewrites, and what it writes there."""
    if not quoted or not edits:
        return None
    first, last = min(e[1] for e in edits), max(e[2] for e in edits)
    new_first, new_last = min(e[3] for e in edits), max(e[4] for e in edits)
    if first == last or new_first == new_last:
        # A word only added or only removed: take the unchanged word next to it along, so
        # the space between them is rewritten too.
        if first > 0 and new_first > 0:
            first, new_first = first - 1, new_first - 1
        elif last < len(quoted) and new_last < len(suggested):
            last, new_last = last + 1, new_last + 1
        else:
            return None
    return Fix(
        quoted[first].start,
        quoted[last - 1].end,
        suggestion[suggested[new_first].start : suggested[new_last - 1].end],
    )


def _flag(
    quote: str, vocabulary: Vocabulary, before: str, after: str
) -> tuple[list[Token], list[Token], list[str]]:
    """The quote's tokens, the unknown ones among them, and each one's class.

    Each word is judged in the article's text around the quote: a quote that starts
    inside « 1er » holds the word « er », which is part of a number.
    """
    language = vocabulary.language
    quoted = tokens(quote, language)
    text, offset = before + quote + after, len(before)
    around = tokens(text, language)
    flagged, classes = [], []
    for token in quoted:
        if vocabulary.knows(token.text):
            continue
        start, end = offset + token.start, offset + token.end
        surface = unknown.surface_of(text, start, end)
        at = next((i for i, t in enumerate(around) if t.start <= start < t.end), None)
        whole = around[at] if at is not None else token
        if whole.text != token.text and vocabulary.knows(whole.text):
            continue  # the quote cut a known word
        neighbours = (
            [around[i] for i in (at - 1, at + 1) if 0 <= i < len(around)] if at is not None else []
        )
        # A word next to another unknown word is in a foreign phrase or a name errata
        # has not learned (« sine qua non », « Etmopterus spinax »), rarely a typo.
        foreign_run = any(
            (not n.capitalised or not n.sentence_start)
            and not vocabulary.knows(n.text)
            and not any(c.isdigit() for c in unknown.surface_of(text, n.start, n.end))
            for n in neighbours
        )
        kind = unknown.basis(
            whole,
            surface,
            language,
            neighbour_unknown=foreign_run,
            variant_policy=vocabulary.variants,
        )
        if kind != unknown.NOT_A_WORD:
            flagged.append(token)
            classes.append(kind)
    return quoted, flagged, classes


def check(
    quote: str,
    suggestion: str,
    vocabulary: Vocabulary,
    *,
    before: str = "",
    after: str = "",
) -> Spelling:
    """Verify `quote` (with the article's text `before` and `after` it, for context)."""
    language = vocabulary.language
    quoted, flagged, classes = _flag(quote, vocabulary, before, after)
    verdict = CONFIRMED if any(c in unknown.STANDALONE for c in classes) else POSSIBLE
    suggested = tokens(suggestion, language) if suggestion.strip() else []
    if not suggested:
        return Spelling(
            verdict if flagged else NOT_CONFIRMED,
            "misspelling" if flagged else "",
            tuple(t.text for t in flagged),
            basis=tuple(classes),
        )
    unknown_words = tuple(t.text for t in suggested if not vocabulary.knows(t.text))
    edits = []
    if len(suggested) < len(quoted):
        # Just the corrected words? Unless they are already in the quote as they are: then
        # the reader removes words ("les les soldats" → "les soldats").
        start, end = _window(quoted, suggested)
        edits = [
            (tag, i1 + start, i2 + start, j1, j2)
            for tag, i1, i2, j1, j2 in _aligned(quoted[start:end], suggested)
        ]
    if not edits:
        edits = _aligned(quoted, suggested)
    changed = {i for _, i1, i2, _, _ in edits for i in range(i1, i2)}
    fix = _fix(quoted, suggestion, suggested, edits)
    if flagged:
        fixes = not unknown_words and all(quoted.index(t) in changed for t in flagged)
        if fixes:
            # A word one edit from a dictionary word, which the reader replaces with a
            # dictionary word that close: the reader's fix corroborates the typo.
            near = [t.text.lower() for t in suggested if dictionaries.knows(language, t.text)]
            # A foreign-looking word the reader gives its French accents (« camera » →
            # « caméra ») is corroborated the same way.
            classes = [
                unknown.MISSPELLING
                if (
                    kind == unknown.NEAR
                    and any(
                        Levenshtein.distance(t.text.lower(), n, score_cutoff=2) <= 2 for n in near
                    )
                )
                or (kind == unknown.FOREIGN and any(unknown.same_letters(t.text, n) for n in near))
                else kind
                for t, kind in zip(flagged, classes, strict=True)
            ]
            verdict = CONFIRMED if any(c in unknown.STANDALONE for c in classes) else POSSIBLE
        return Spelling(
            verdict,
            "misspelling",
            tuple(t.text for t in flagged),
            fixes,
            unknown_words,
            fix,
            tuple(classes),
        )
    if len(edits) == 1 and edits[0][0] == "replace" and edits[0][2] - edits[0][1] == 1:
        _, i1, _, j1, j2 = edits[0]
        if j2 - j1 == 1:
            old, new = quoted[i1], suggested[j1]
            following = quoted[i1 + 1].text if i1 + 1 < len(quoted) else ""
            verdict, kind = real_word(
                old.text, new.text, before + quote[: old.start], language, following
            )
            if verdict != NOT_CONFIRMED:
                return Spelling(
                    verdict,
                    kind,
                    (old.text,),
                    not unknown_words,
                    unknown_words,
                    fix,
                    ("rule",),
                )
    return Spelling(NOT_CONFIRMED, "", (), False, unknown_words, fix)


def check_in(
    article: str,
    start: int,
    end: int,
    suggestion: str,
    vocabulary: Vocabulary,
    *,
    with_grammar: bool = True,
) -> Spelling:
    """`check()` on article[start:end] in its context, with Grammalecte's say where installed.

    Where Grammalecte is installed, its analysis decides real-word changes: "confirmed"
    when it flags the word and proposes the reader's word (grammatical evidence), and an
    agreement errata's own rule confirmed becomes "possible" when Grammalecte sees no
    error there. Without Grammalecte (or `with_grammar=False`: the intake asks it only
    for typo and "other" reports, to spend its few milliseconds where wording is the
    point), the conservative rule's verdict stands.
    """
    result = check(
        article[start:end],
        suggestion,
        vocabulary,
        before=article[max(0, start - CONTEXT) : start],
        after=article[end : end + CONTEXT],
    )
    if not with_grammar or result.kind not in REAL_WORD or result.fix is None:
        return result
    if vocabulary.language != "fr":
        return result
    fix = result.fix
    supported = grammar.supports(article, start + fix.start, start + fix.end, fix.replacement)
    if supported:
        return replace(result, verdict=CONFIRMED, basis=("grammar",))
    if supported is False and result.verdict == CONFIRMED and result.kind == "agreement":
        # Grammalecte reads the sentence and sees no agreement error: its analysis, not
        # errata's rule, decides where it is installed.
        return replace(result, verdict=POSSIBLE, basis=("rule", "grammar_silent"))
    return result

"""French grammar (agreement, a/à, participles) with Grammalecte, when it is installed.

Grammalecte is licensed GPL-3.0; errata (Apache-2.0) neither ships nor requires it. An
operator who wants it installs Debian's `python3-grammalecte` and links it into errata's
environment (`make grammalecte`, docs/triage.md); errata detects it at run time and
otherwise behaves exactly as without it. Only grammar rules are kept: typography has
its own check (`errata.triage.typography`), spelling its own (Hunspell).

Grammalecte reads a sentence in about 4 ms once warm, so it runs inline but sparingly:
on the sentence that holds the passage, for typo and "other" reports whose spelling
check found no misspelled word (the real-word errors Hunspell cannot see).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

# Grammalecte's rule types about typography, spacing and capitals: other checks' business.
TYPOGRAPHIC = frozenset({"esp", "typo", "apos", "nbsp", "notype", "maj", "unit"})


@dataclass(frozen=True)
class GrammarError:
    start: int  # offsets in the text given to `errors()`
    end: int
    rule: str
    message: str
    suggestions: tuple[str, ...]


@cache
def _checker() -> Any:
    if importlib.util.find_spec("grammalecte") is None:
        return None
    # Optional and GPL: absent (not found) on most installs, untyped where present.
    import grammalecte  # type: ignore[import-not-found, import-untyped, unused-ignore]

    return grammalecte.GrammarChecker("fr")


def available() -> bool:
    return _checker() is not None


@lru_cache(maxsize=256)
def errors(sentence: str) -> tuple[GrammarError, ...]:
    """Grammalecte's grammar errors in a French sentence; none when it is not installed.

    Cached: readers who report the same passage ask about the same sentence.
    """
    checker = _checker()
    if checker is None or not sentence.strip():
        return ()
    found, _spelling = checker.getParagraphErrors(sentence)
    return tuple(
        GrammarError(
            start=int(error["nStart"]),
            end=int(error["nEnd"]),
            rule=str(error["sRuleId"]),
            message=str(error["sMessage"]).replace("\u00a0", " "),
            suggestions=tuple(str(s) for s in error.get("aSuggestions", ())),
        )
        for error in found
        if error.get("sType") not in TYPOGRAPHIC
    )


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The [start, end) of the sentence(s) of `text` holding [start, end)."""
    left = max(text.rfind(mark, 0, start) for mark in (". ", "! ", "? ", "\n")) + 1
    rights = [i for i in (text.find(mark, end) for mark in (". ", "! ", "? ", "\n")) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return (left + 1 if text[left : left + 1] == " " else left), right


def supports(text: str, start: int, end: int, replacement: str) -> bool | None:
    """Whether Grammalecte flags text[start:end] and proposes `replacement` for it.

    None when Grammalecte is not installed. The reader's word and Grammalecte's analysis
    agreeing is grammatical evidence that stands on its own.
    """
    if not available():
        return None
    left, right = sentence_around(text, start, end)
    wanted = replacement.strip().lower()
    return any(
        left + error.start < end
        and start < left + error.end
        and wanted in (s.lower() for s in error.suggestions)
        for error in errors(text[left:right])
    )


_WARM_UP = (
    "Les soldats nord-coréens ont été déployés dans la région, a indiqué le ministre.",
    "Il a été a Paris le 3 mai et elle est partie à Lyon ou elle vit depuis deux ans.",
    "Cette décision, que les élus ont votée mardi, prévoit 300 millions d'euros de dépenses.",
    "« Nous verrons », a-t-il déclaré ; les négociations reprendront peut-être jeudi !",
    "Quelles que soient les raisons invoquées, leurs propositions seraient rejetées.",
)


def warm() -> None:
    """Load Grammalecte and compile its rules now (a worker starting), not on a report.

    Grammalecte compiles each rule's patterns on first use: its first sentences cost
    tens of milliseconds each, the later ones a few (docs/triage.md, "Budget").
    """
    if available():
        for sentence in _WARM_UP:
            errors(sentence)
        errors.cache_clear()

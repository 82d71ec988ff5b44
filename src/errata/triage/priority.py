"""How urgent a case is, and why, in one line an editor reads on the queue.

score = category weight × 10 + 5 per distinct reader (up to 10)
        + what verification found (a conflicting figure weighs more than a typo)
        + the site's severity rules that match (people, figures, legal terms, health)
        + freshness (an article published today is being read now).

Each part that counts is named in the reason, with its points, e.g.
"Factual error; 2 readers; figures in the passage +6; conflicting figures +10; published
today +10".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from errata.models import Category, SeverityKind, SeverityRule, Site
from errata.triage.words import tokens

CATEGORY_WEIGHT = {
    Category.FACTUAL: 4,
    Category.MISLEADING: 3,
    Category.OUTDATED: 2,
    Category.TYPO: 1,
    Category.OTHER: 1,
}
READER_WEIGHT = 5
READERS_COUNTED = 10
REASON_LENGTH = 300
_DIGIT = re.compile(r"\d")
# (check, verdict) of a finding → (points, words for the reason).
FINDING_WEIGHT: dict[tuple[str, str], tuple[int, str]] = {
    ("spelling", "confirmed"): (5, "misspelling confirmed"),
    ("grammar", "confirmed"): (5, "grammar error confirmed"),
    ("figures", "conflict"): (10, "conflicting figures in the article"),
    ("dates", "impossible"): (10, "impossible or misplaced date"),
    ("titles", "conflict"): (8, "a person's title differs in the article"),
    ("names", "conflict"): (8, "a name is spelled two ways in the article"),
}
FRESHNESS = (
    (timedelta(days=1), 10, "published today"),
    (timedelta(days=7), 5, "published this week"),
)


@dataclass(frozen=True)
class Rule:
    name: str
    kind: str
    weight: int
    terms: tuple[str, ...] = ()


_LEGAL = (
    "condamné",
    "condamnée",
    "condamnation",
    "mis en examen",
    "mise en examen",
    "inculpé",
    "accusé",
    "accusée",
    "coupable",
    "plainte",
    "procès",
    "tribunal",
    "viol",
    "meurtre",
    "fraude",
    "diffamation",
    "convicted",
    "charged",
    "accused",
    "guilty",
    "lawsuit",
    "trial",
    "court",
    "rape",
    "murder",
    "fraud",
    "libel",
    "arrested",
)
_HEALTH = (
    "dose",
    "vaccin",
    "vaccine",
    "traitement",
    "treatment",
    "médicament",
    "medicine",
    "drug",
    "cancer",
    "mortalité",
    "mortality",
    "décès",
    "deaths",
    "épidémie",
    "epidemic",
    "overdose",
    "posologie",
    "dosage",
)
DEFAULT_RULES = (
    Rule("names of people", SeverityKind.PEOPLE, 6),
    Rule("figures", SeverityKind.FIGURES, 6),
    Rule("legal terms", SeverityKind.TERMS, 10, _LEGAL),
    Rule("health", SeverityKind.TERMS, 10, _HEALTH),
)


def rules_for(site: Site) -> tuple[Rule, ...]:
    """The site's active rules, or errata's defaults when it has none at all."""
    stored = list(SeverityRule.objects.for_site(site))
    if not stored:
        return DEFAULT_RULES
    return tuple(
        Rule(rule.name, rule.kind, rule.weight, tuple(rule.term_list()))
        for rule in stored
        if rule.active
    )


def _people(passage: str, language: str) -> bool:
    """Two capitalised words in a row, not opening a sentence: "Mark Rutte"."""
    found = tokens(passage, language)
    return any(
        a.capitalised and b.capitalised and not a.sentence_start and b.start - a.end == 1
        for a, b in itertools.pairwise(found)
    )


def _matches(rule: Rule, passage: str, comment: str, language: str) -> bool:
    if rule.kind == SeverityKind.PEOPLE:
        return _people(passage, language)
    if rule.kind == SeverityKind.FIGURES:
        return bool(_DIGIT.search(passage))
    text = f"{passage}\n{comment}"
    return any(
        re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE) for term in rule.terms
    )


@dataclass(frozen=True)
class Priority:
    score: int
    reason: str


def compute(
    *,
    category: Category,
    readers: int,
    findings: Iterable[dict[str, Any]],
    age: timedelta | None,
    rules: Iterable[Rule],
    passage: str,
    comment: str,
    language: str,
) -> Priority:
    counted = min(readers, READERS_COUNTED)
    score = CATEGORY_WEIGHT[category] * 10 + READER_WEIGHT * counted
    parts = [str(category.label), f"{readers} reader{'s' if readers > 1 else ''}"]
    for rule in rules:
        if _matches(rule, passage, comment, language):
            score += rule.weight
            parts.append(f"{rule.name} {rule.weight:+d}")
    seen = set()
    for finding in findings:
        key = (finding.get("check", ""), finding.get("verdict", ""))
        if key in FINDING_WEIGHT and key not in seen:
            seen.add(key)
            points, words = FINDING_WEIGHT[key]
            score += points
            parts.append(f"{words} {points:+d}")
    if age is not None:
        for limit, points, words in FRESHNESS:
            if age < limit:
                score += points
                parts.append(f"{words} {points:+d}")
                break
    reason = "; ".join(parts)
    if len(reason) > REASON_LENGTH:
        reason = reason[: REASON_LENGTH - 1] + "…"
    return Priority(score, reason)

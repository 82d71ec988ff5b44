"""How urgent a case is, and why, in one line an editor reads on the queue.

score = category weight × 10 + 5 per distinct reader (up to 10)
        + what verification found (a conflicting figure weighs more than a typo)
        + the site's severity rules that match (people, figures, legal terms, health)
        + freshness (an article published today is being read now).

Each part that counts is named in the reasons, as a code with its points
(`{"code": "priority.finding", "params": {"finding": "figures.conflict", "points": 10}}`),
which `errata.presenters.triage` renders in the desk's language in one line, e.g.
"Factual error; 2 readers; figures +6; conflicting figures in the article +10; published
today +10".
"""

from __future__ import annotations

import functools
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
_DIGIT = re.compile(r"\d")
# (check, verdict) of a finding → points.
FINDING_WEIGHT: dict[tuple[str, str], int] = {
    ("spelling", "confirmed"): 5,
    ("grammar", "confirmed"): 5,
    ("figures", "conflict"): 10,
    ("dates", "impossible"): 10,
    ("titles", "conflict"): 8,
    ("names", "conflict"): 8,
}
FRESHNESS = (
    (timedelta(days=1), 10, "priority.fresh_day"),
    (timedelta(days=7), 5, "priority.fresh_week"),
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
    pattern = _any_term(rule.terms)
    return pattern is not None and pattern.search(f"{passage}\n{comment}") is not None


@functools.lru_cache(maxsize=256)
def _any_term(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for a rule's terms, each a whole word or phrase (compiled once: every
    report is scored against every rule)."""
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in terms)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


Reason = dict[str, Any]  # {"code": ..., "params": {...}}


def reason(code: str, **params: Any) -> Reason:
    return {"code": code, "params": params}


HELD = [reason("priority.held")]


@dataclass(frozen=True)
class Priority:
    score: int
    reasons: list[Reason]


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
    parts = [
        reason("priority.category", category=category.value),
        reason("priority.readers", count=readers),
    ]
    for rule in rules:
        if _matches(rule, passage, comment, language):
            score += rule.weight
            parts.append(reason("priority.rule", name=rule.name, points=rule.weight))
    seen = set()
    for finding in findings:
        key = (finding.get("check", ""), finding.get("verdict", ""))
        if key in FINDING_WEIGHT and key not in seen:
            seen.add(key)
            points = FINDING_WEIGHT[key]
            score += points
            parts.append(reason("priority.finding", finding=".".join(key), points=points))
    if age is not None:
        for limit, points, code in FRESHNESS:
            if age < limit:
                score += points
                parts.append(reason(code, points=points))
                break
    return Priority(score, parts)

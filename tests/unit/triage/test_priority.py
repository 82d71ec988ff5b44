"""Priority: a score from readers, category, findings, severity rules and freshness."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import translation

from errata import models
from errata.presenters.triage import priority_message
from errata.triage import priority
from tests import factories


def _compute(**overrides: Any) -> priority.Priority:
    fields: dict[str, Any] = {
        "category": models.Category.TYPO,
        "readers": 1,
        "findings": [],
        "age": None,
        "rules": (),
        "passage": "le budget",
        "comment": "",
        "language": "fr",
    }
    fields.update(overrides)
    return priority.compute(**fields)


def _said(result: priority.Priority) -> str:
    return priority_message(result.reasons)


def test_the_base_score_and_its_reason() -> None:
    result = _compute(category=models.Category.FACTUAL, readers=2)
    assert result.score == 50
    assert result.reasons == [
        {"code": "priority.category", "params": {"category": "factual"}},
        {"code": "priority.readers", "params": {"count": 2}},
    ]
    assert _said(result) == "Factual error; 2 readers"


def test_findings_count_once_each() -> None:
    conflict = {"check": "figures", "verdict": "conflict"}
    result = _compute(
        findings=[conflict, conflict, {"check": "spelling", "verdict": "not_confirmed"}]
    )
    assert result.score == 15 + 10
    assert _said(result) == "Typo or spelling; 1 reader; conflicting figures in the article +10"


def test_fresh_articles_weigh_more() -> None:
    assert _compute(age=timedelta(hours=3)).score == 25
    assert _compute(age=timedelta(days=3)).score == 20
    assert _compute(age=timedelta(days=30)).score == 15


@pytest.mark.parametrize(
    ("passage", "comment", "matched"),
    [
        ("le maire Grégoire Martin a dit", "", ["names of people"]),
        ("Grégoire a dit", "", []),  # one capitalised word opening a sentence: not a person
        ("un budget de 8 000 euros", "", ["figures"]),
        ("il a été condamné", "", ["legal terms"]),
        ("le texte", "La dose indiquée est fausse", ["health"]),
    ],
)
def test_default_severity_rules(passage: str, comment: str, matched: list[str]) -> None:
    result = _compute(passage=passage, comment=comment, rules=priority.DEFAULT_RULES)
    named = [rule.name for rule in priority.DEFAULT_RULES if rule.name in _said(result)]
    assert named == matched


@pytest.mark.django_db
def test_a_site_rules_replace_the_defaults() -> None:
    site, other = factories.SiteFactory(), factories.SiteFactory()
    models.SeverityRule.objects.create(
        site=site,
        name="élections",
        kind=models.SeverityKind.TERMS,
        terms="scrutin\nélection",
        weight=12,
    )
    models.SeverityRule.objects.create(
        site=site, name="off", kind=models.SeverityKind.FIGURES, weight=30, active=False
    )

    rules = priority.rules_for(site)
    assert rules == (priority.Rule("élections", "terms", 12, ("scrutin", "élection")),)
    assert priority.rules_for(other) == priority.DEFAULT_RULES
    result = _compute(passage="avant le scrutin de 2026", rules=rules)
    assert result.score == 15 + 12
    assert "élections +12" in _said(result)


def test_the_reason_is_said_in_the_desks_language() -> None:
    result = _compute(
        category=models.Category.FACTUAL,
        readers=2,
        findings=[{"check": "figures", "verdict": "conflict"}],
        age=timedelta(hours=1),
    )
    with translation.override("fr"):
        said = _said(result)
    assert said == (
        "Erreur factuelle ; 2 lecteurs ; chiffres contradictoires dans l'article +10 ; "
        "publié aujourd'hui +10"
    )

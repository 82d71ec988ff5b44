"""Template filters that render triage's codes in the desk's language (presenters.triage).

Each returns plain text; Django escapes it like anything else in a template.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template

from errata.presenters import triage

register = template.Library()


@register.filter
def finding_message(finding: Mapping[str, Any]) -> str:
    return triage.finding_message(finding)


@register.filter
def check_label(check: str) -> str:
    return triage.check_label(check)


@register.filter
def verdict_label(verdict: str) -> str:
    return triage.verdict_label(verdict)


@register.filter
def spam_messages(reasons: Iterable[Mapping[str, Any] | str]) -> str:
    return ", ".join(triage.spam_message(reason) for reason in reasons or [])


@register.filter
def priority_message(reasons: Iterable[Mapping[str, Any]]) -> str:
    return triage.priority_message(reasons or [])

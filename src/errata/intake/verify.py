"""Step 6: what the machine can tell at once about the report, stored as findings.

Each check returns zero or more findings `{check, verdict, reason, data}`; the desk shows
them generically. The triage package adds checks (spelling, consistency) to CHECKS.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from errata.intake.submission import Intake

Finding = dict[str, Any]
Check = Callable[[Intake], list[Finding]]


def suggestion_changes_passage(intake: Intake) -> list[Finding]:
    """A suggestion identical to the quote proposes no change; say so before an editor looks."""
    quote = intake.submission.selection.exact.strip()
    suggestion = intake.submission.suggestion.strip()
    if quote and suggestion and quote == suggestion:
        return [
            {
                "check": "suggestion",
                "verdict": "unchanged",
                "reason": "The suggested wording is identical to the quoted passage.",
                "data": {},
            }
        ]
    return []


CHECKS: tuple[Check, ...] = (suggestion_changes_passage,)


def check(intake: Intake) -> None:
    intake.findings = [finding for check in CHECKS for finding in check(intake)]

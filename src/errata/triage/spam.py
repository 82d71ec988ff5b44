"""Spam signals that need only the report itself, each with its weight and reason.

The intake step `errata.intake.spam` adds the signals that need the site's history
(duplicates, bursts from one reader) and decides: a total at or above its
`HOLD_THRESHOLD` holds the report out of the queue. Weights are chosen so that no single
weak signal holds a report: a link or a fast form alone does not; the honeypot does.
A report in another language than the article is never a signal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from errata.triage import garbage

MIN_FILL_TIME_MS = 1_500
_LINK = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|net|org|ru|cn|xyz|top|info|biz)\b", re.I)


@dataclass(frozen=True)
class Signal:
    weight: float
    code: str  # spam.links …, rendered by errata.presenters.triage
    params: dict[str, Any] = field(default_factory=dict)

    def reason(self) -> dict[str, Any]:
        """As stored on the report: `{"code", "params"}`."""
        return {"code": self.code, "params": self.params}


def links(text: str) -> int:
    return len(_LINK.findall(text))


def signals(
    *, honeypot: str, comment: str, suggestion: str, fill_time_ms: int | None
) -> list[Signal]:
    found = []
    if honeypot.strip():
        found.append(Signal(1.0, "spam.honeypot"))
    count = links(comment) + links(suggestion)
    if count >= 3:
        found.append(Signal(0.6, "spam.links", {"count": count}))
    elif count:
        found.append(Signal(0.2, "spam.links", {"count": count}))
    if fill_time_ms is not None and fill_time_ms < MIN_FILL_TIME_MS:
        found.append(Signal(0.5, "spam.fast", {"ms": fill_time_ms}))
    junk = garbage.reasons(comment) or garbage.reasons(suggestion)
    if junk:
        found.append(Signal(0.6, "spam.garbage", {"signs": junk}))
    return found

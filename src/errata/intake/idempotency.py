"""Step 3 (before any limit is counted): has this request been answered already?

`POST /api/v1/reports` accepts an `Idempotency-Key` header, which the widget sends once
per draft. The key is stored with the answer in the report's transaction (`store`), for
`KEPT` (24 hours): a retry after a lost answer gets the first answer again, marked as a
replay, and nothing is stored twice. The same key with another report is refused.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any, Final

from django.utils import timezone

from errata.errors import Problem, invalid
from errata.intake.submission import ReportSubmission
from errata.models import IdempotencyKey, Site
from errata.models.idempotency import KEPT

HEADER: Final = "Idempotency-Key"
KEY_MAX: Final = 255
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as HTTP header tokens allow
# Sent again on a retry with new values: not what the reader reported.
_NOT_THE_REPORT: Final = frozenset({"fill_time_ms", "proof_of_work", "honeypot"})


@dataclass(frozen=True)
class Claim:
    """A key seen for the first time (or whose earlier use has expired): `store` keeps it."""

    key: str
    fingerprint: str
    expired_id: int | None  # the expired row to replace, still present until swept


@dataclass(frozen=True)
class Replay:
    """The first answer given under this key."""

    status: int
    response: dict[str, Any]


def parse_key(value: str | None) -> str | None:
    """The header's key; None when absent. Refused (400) when malformed."""
    if value is None:
        return None
    if not _KEY.match(value):
        raise Problem(
            status=400,
            code="invalid-idempotency-key",
            title="The Idempotency-Key header is malformed",
            detail=f"{HEADER}: 1 to {KEY_MAX} visible ASCII characters, such as a UUID.",
            field=HEADER,
        )
    return value


def fingerprint(submission: ReportSubmission) -> str:
    """What the reader reported, hashed: the same key must come with the same report."""
    fields = {
        name: value
        for name, value in dataclasses.asdict(submission).items()
        if name not in _NOT_THE_REPORT
    }
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def reused() -> Problem:
    return invalid(
        HEADER,
        "idempotency-key-reused",
        "this key was already used for another report; send a new key with a new report",
    )


def look_up(site: Site, key: str, submission: ReportSubmission) -> Claim | Replay:
    """The first answer under `key`, or the claim `store` writes with the report."""
    digest = fingerprint(submission)
    row = (
        IdempotencyKey.objects.for_site(site)
        .filter(key=key)
        .values_list("pk", "created_at", "fingerprint", "status", "response")
        .first()
    )
    if row is None:
        return Claim(key, digest, None)
    pk, created_at, stored_digest, status, response = row
    if created_at < timezone.now() - KEPT:
        return Claim(key, digest, pk)
    return answer(stored_digest, digest, status, response)


def answer(stored: str, sent: str, status: int, response: dict[str, Any]) -> Replay:
    if stored != sent:
        raise reused()
    return Replay(status, response)

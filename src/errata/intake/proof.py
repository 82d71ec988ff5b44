"""Step 4: proof of work, for the sites that require it (`Site.require_proof_of_work`).

The widget fetches a challenge (`GET /api/v1/widget-config/challenge`), finds with Web
Crypto the number that solves it while the reader types, and sends the solution as
`altcha`. Challenges are altcha's (v1: SHA-256 of salt + number, HMAC-signed), with the
site's key and an expiry in the signed salt; each is good for one report: the signature
of a used one is a unique row (`UsedProof`), written by the `store` step in the report's
transaction, so no worker accepts it twice; expired rows are swept by the retention sweep
(`errata purge-contacts`), not by each report. A missing or bad solution is refused (422,
field `altcha`) before anything is written. Spam signals are the grouping task's.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final, cast

from altcha.v1 import (
    ChallengeOptions,
    PayloadType,
    create_challenge,
    extract_params,
    verify_solution,
)
from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from errata.errors import Problem, invalid
from errata.intake.submission import ReportSubmission
from errata.models import Site

ALGORITHM: Final = "SHA-256"
# A reader's browser tries half of these on average: 0.2 s on a laptop, about a second on
# a phone, while the reader types; a spammer pays it for every report.
MAX_NUMBER = 100_000
LIFETIME = timedelta(minutes=30)
PAYLOAD_MAX = 1_000
_REQUIRED = {"algorithm": str, "challenge": str, "number": int, "salt": str, "signature": str}


def _key() -> bytes:
    # Derived, not SECRET_KEY itself: a leaked challenge key would sign nothing else.
    return salted_hmac("errata.intake.proof", "altcha", secret=settings.SECRET_KEY).digest()


def new_challenge(site: Site) -> dict[str, Any]:
    """A fresh challenge for the widget of `site`, in altcha's JSON shape."""
    challenge = create_challenge(
        ChallengeOptions(
            algorithm=ALGORITHM,
            max_number=MAX_NUMBER,
            hmac_key=_key(),
            expires=timezone.now() + LIFETIME,
            params={"site": site.public_key},
        )
    )
    data: dict[str, Any] = challenge.to_dict()
    return data


def _refused(code: str, message: str) -> Problem:
    return invalid("altcha", code, message)


def _decode(payload: str) -> PayloadType:
    try:
        data = json.loads(base64.b64decode(payload, validate=True))
    except (binascii.Error, ValueError):
        raise _refused("proof-of-work-invalid", "not a base64-encoded JSON solution") from None
    if not isinstance(data, dict) or any(
        not isinstance(data.get(name), kind) or isinstance(data.get(name), bool)
        for name, kind in _REQUIRED.items()
    ):
        raise _refused("proof-of-work-invalid", "the solution lacks a field or has a wrong type")
    if data["algorithm"] != ALGORITHM:
        raise _refused("proof-of-work-invalid", f"the algorithm must be {ALGORITHM}")
    return cast(PayloadType, data)


@dataclass(frozen=True)
class SpentProof:
    """A verified solution, to record as used (`store`) so that it serves once."""

    signature: str
    expires_at: datetime


def replayed() -> Problem:
    """The answer when the solution's `UsedProof` row already exists."""
    return _refused("proof-of-work-replayed", "this solution was already used")


def check(site: Site, submission: ReportSubmission) -> SpentProof | None:
    """The verified solution; None when the site does not ask for one."""
    if not site.require_proof_of_work:
        return None
    payload = submission.proof_of_work
    if not payload:
        raise _refused("proof-of-work-required", "this site requires the widget's proof of work")
    if len(payload) > PAYLOAD_MAX:
        raise _refused("too-long", f"at most {PAYLOAD_MAX} characters")
    data = _decode(payload)
    verified, _ = verify_solution(data, _key(), check_expires=False)
    if not verified:
        raise _refused(
            "proof-of-work-invalid", "the solution does not solve a challenge errata issued"
        )
    # The salt is covered by the signature, so its parameters can now be trusted.
    params = extract_params(data)
    expires = int((params.get("expires") or ["0"])[0])
    if params.get("site") != [site.public_key]:
        raise _refused("proof-of-work-invalid", "the challenge was issued for another site")
    if expires - time.time() <= 0:
        raise _refused("proof-of-work-expired", "the challenge has expired; solve a new one")
    return SpentProof(str(data["signature"]), datetime.fromtimestamp(expires, UTC))

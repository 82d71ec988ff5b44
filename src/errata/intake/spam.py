"""Step 3: signals that a report is spam. Spam is held aside, never refused outright.

A held report is stored in a case of its own with status `spam`, out of the queue but
reviewable and reversible; the sender gets the same receipt, so a bot learns nothing.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from errata.intake.submission import Intake
from errata.models import Report

HOLD_THRESHOLD = 1.0
MIN_FILL_TIME_MS = 1_500
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def score(intake: Intake) -> None:
    submission, site = intake.submission, intake.site
    assert site is not None
    reasons: list[str] = []
    total = 0.0
    if submission.honeypot.strip():
        total += 1.0
        reasons.append("honeypot field filled")
    links = len(_LINK.findall(submission.comment)) + len(_LINK.findall(submission.suggestion))
    if links >= 3:
        total += 0.6
        reasons.append(f"{links} links")
    elif links:
        total += 0.2
        reasons.append(f"{links} link(s)")
    if submission.fill_time_ms is not None and submission.fill_time_ms < MIN_FILL_TIME_MS:
        total += 0.5
        reasons.append(f"form filled in {submission.fill_time_ms} ms")
    if submission.comment.strip() and (
        Report.objects.for_site(site)
        .filter(
            ip_hash=intake.ip_hash,
            comment=submission.comment,
            created_at__gte=timezone.now() - timedelta(days=1),
        )
        .exists()
    ):
        total += 0.6
        reasons.append("same comment already sent by this reader today")
    intake.spam_score = round(total, 2)
    intake.spam_reasons = reasons

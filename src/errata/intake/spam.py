"""Step 5: signals that a report is spam. Spam is held aside, never refused outright.

The report's own signals (honeypot, links, fill time, garbage text) come from
`errata.triage.spam`; this step adds those that need the site's recent reports: the same
text sent again (by this reader, or by others on other articles: a pasted campaign), and
a burst of reports from one reader (hashed IP). The proof of work, when the site
requires it, was already verified by the `proof` step: a bad one never gets here.

A total of `HOLD_THRESHOLD` or more holds the report: it is stored in a case of its own
with status `spam`, out of the queue but reviewable and reversible from the desk; the
sender gets the same receipt, so a bot learns nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from errata.intake.submission import Intake
from errata.models import Report
from errata.triage import spam as signals
from errata.triage.spam import MIN_FILL_TIME_MS, Signal

__all__ = ["HOLD_THRESHOLD", "MIN_FILL_TIME_MS", "score"]

HOLD_THRESHOLD = 1.0
DUPLICATE_WINDOW = timedelta(days=1)
BURST_WINDOW = timedelta(hours=1)
BURST_REPORTS = 8  # from one reader in BURST_WINDOW, across the site
BURST_ON_ARTICLE = 4  # from one reader on one article in BURST_WINDOW
MIN_DUPLICATE_LENGTH = 20  # shorter comments ("Faute.") repeat honestly
SAME_TEXT_READ = 50  # earlier copies of a comment looked at; a campaign shows in the first


def _history(intake: Intake) -> list[Signal]:
    """Two queries: who sent the same comment today, and what this reader sent this hour."""
    site, submission = intake.site, intake.submission
    assert site is not None
    now, url = timezone.now(), submission.article.url
    reports = Report.objects.for_site(site)
    found = []
    comment = submission.comment.strip()
    if comment:
        senders = list(
            reports.filter(created_at__gte=now - DUPLICATE_WINDOW, comment=submission.comment)
            .values_list("ip_hash", "page_url")
            .order_by()[:SAME_TEXT_READ]
        )
        if any(ip_hash == intake.ip_hash for ip_hash, _ in senders):
            found.append(Signal(0.6, "spam.same_reader"))
        elif len(comment) >= MIN_DUPLICATE_LENGTH and any(page != url for _, page in senders):
            found.append(Signal(0.5, "spam.same_elsewhere"))
    mine = reports.filter(ip_hash=intake.ip_hash, created_at__gte=now - BURST_WINDOW).aggregate(
        everywhere=Count("pk"), here=Count("pk", filter=Q(page_url=url))
    )
    if mine["here"] >= BURST_ON_ARTICLE:
        found.append(Signal(0.4, "spam.burst_article", {"count": mine["here"]}))
    elif mine["everywhere"] >= BURST_REPORTS:
        found.append(Signal(0.4, "spam.burst_site"))
    return found


def score(intake: Intake) -> None:
    submission = intake.submission
    found = signals.signals(
        honeypot=submission.honeypot,
        comment=submission.comment,
        suggestion=submission.suggestion,
        fill_time_ms=submission.fill_time_ms,
    ) + _history(intake)
    intake.spam_score = round(sum(signal.weight for signal in found), 2)
    intake.spam_reasons = [signal.reason() for signal in found]

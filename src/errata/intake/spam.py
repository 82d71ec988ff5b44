"""Step 6 and grouping task step 1: signals that a report is spam, held aside, never refused.

Two halves. `own` reads only the request (honeypot, links, fill time, garbage text:
`errata.triage.spam`), at once and without a query; the report is stored with it.
`with_histories` runs in the grouping task, for a batch of reports at once, and adds
what needs the site's earlier reports: the same text sent again (by this reader, or by
others on other articles: a pasted campaign), and a burst of reports from one reader
(hashed IP). The proof of work, when the site requires it, was verified by the `proof`
step: a bad one never gets stored.

A total of `HOLD_THRESHOLD` or more holds the report: it is filed in a case of its own
with status `spam`, out of the queue but reviewable and reversible from the desk. Every
sender gets the same receipt, so a bot learns nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from errata.intake.submission import ReportSubmission
from errata.models import Report, Site
from errata.triage import spam as signals
from errata.triage.spam import MIN_FILL_TIME_MS, Signal

__all__ = [
    "HOLD_THRESHOLD",
    "MIN_FILL_TIME_MS",
    "SpamVerdict",
    "own",
    "with_histories",
]

HOLD_THRESHOLD = 1.0
DUPLICATE_WINDOW = timedelta(days=1)
BURST_WINDOW = timedelta(hours=1)
BURST_REPORTS = 8  # from one reader in BURST_WINDOW, across the site
BURST_ON_ARTICLE = 4  # from one reader on one article in BURST_WINDOW
MIN_DUPLICATE_LENGTH = 20  # shorter comments ("Faute.") repeat honestly
SAME_TEXT_READ = 50  # earlier copies of a comment looked at; a campaign shows in the first


@dataclass(frozen=True)
class SpamVerdict:
    score: float
    reasons: tuple[dict[str, Any], ...]  # {"code", "params"}

    @property
    def held(self) -> bool:
        return self.score >= HOLD_THRESHOLD

    def plus(self, found: list[Signal]) -> SpamVerdict:
        return SpamVerdict(
            round(self.score + sum(signal.weight for signal in found), 2),
            self.reasons + tuple(signal.reason() for signal in found),
        )


def own(submission: ReportSubmission) -> SpamVerdict:
    """The report's own signals: no query, run in the request."""
    return SpamVerdict(0.0, ()).plus(
        signals.signals(
            honeypot=submission.honeypot,
            comment=submission.comment,
            suggestion=submission.suggestion,
            fill_time_ms=submission.fill_time_ms,
        )
    )


@dataclass(frozen=True)
class Sent:
    """What the history signals compare: one stored report."""

    report_id: int
    created_at: datetime
    ip_hash: str
    article_id: int  # one article, whatever form of its URL the reader was on
    comment: str


def _history(site: Site, batch: Sequence[Sent]) -> list[list[Signal]]:
    """Each report's signals of the site's earlier reports, in two queries for the whole
    batch: who sent the same comments that day, and what these readers sent within the
    hour, each compared with the reports stored before it."""
    if not batch:
        return []
    last = max(sent.report_id for sent in batch)
    earlier = Report.objects.for_site(site).filter(pk__lt=last).order_by()
    comments = {sent.comment for sent in batch if sent.comment.strip()}
    same_text: dict[str, list[tuple[int, datetime, str, int]]] = defaultdict(list)
    if comments:
        since = min(sent.created_at for sent in batch) - DUPLICATE_WINDOW
        rows = earlier.filter(created_at__gte=since, comment__in=comments).values_list(
            "pk", "created_at", "ip_hash", "article_id", "comment"
        )
        for pk, created_at, ip_hash, article_id, comment in rows[: SAME_TEXT_READ * len(batch)]:
            same_text[comment].append((pk, created_at, ip_hash, article_id))
    since = min(sent.created_at for sent in batch) - BURST_WINDOW
    by_reader: dict[str, list[tuple[int, datetime, int]]] = defaultdict(list)
    for pk, created_at, ip_hash, article_id in earlier.filter(
        created_at__gte=since, ip_hash__in={sent.ip_hash for sent in batch}
    ).values_list("pk", "created_at", "ip_hash", "article_id"):
        by_reader[ip_hash].append((pk, created_at, article_id))
    found: list[list[Signal]] = []
    for sent in batch:
        signals_: list[Signal] = []
        comment = sent.comment.strip()
        if comment:
            day = sent.created_at - DUPLICATE_WINDOW
            senders = [
                (ip_hash, article_id)
                for pk, created_at, ip_hash, article_id in same_text.get(sent.comment, ())
                if pk < sent.report_id and created_at >= day
            ][:SAME_TEXT_READ]
            if any(ip_hash == sent.ip_hash for ip_hash, _ in senders):
                signals_.append(Signal(0.6, "spam.same_reader"))
            elif len(comment) >= MIN_DUPLICATE_LENGTH and any(
                article_id != sent.article_id for _, article_id in senders
            ):
                signals_.append(Signal(0.5, "spam.same_elsewhere"))
        hour = sent.created_at - BURST_WINDOW
        mine = [
            article_id
            for pk, created_at, article_id in by_reader.get(sent.ip_hash, ())
            if pk < sent.report_id and created_at >= hour
        ]
        here = sum(article_id == sent.article_id for article_id in mine)
        if here >= BURST_ON_ARTICLE:
            signals_.append(Signal(0.4, "spam.burst_article", {"count": here}))
        elif len(mine) >= BURST_REPORTS:
            signals_.append(Signal(0.4, "spam.burst_site"))
        found.append(signals_)
    return found


def with_histories(site: Site, batch: Sequence[tuple[SpamVerdict, Sent]]) -> list[SpamVerdict]:
    """Each report's stored verdict with the signals of the site's earlier reports added,
    for a batch of reports in two queries."""
    found = _history(site, [sent for _, sent in batch])
    return [verdict.plus(signals_) for (verdict, _), signals_ in zip(batch, found, strict=True)]

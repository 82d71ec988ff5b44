"""A stored report as the grouping task's steps read it: immutable, built from its row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from errata.anchoring import Span
from errata.intake.spam import SpamVerdict
from errata.intake.submission import QuoteSelection
from errata.models import Report


@dataclass(frozen=True)
class Received:
    report_id: int
    public_id: str
    reference: str
    created_at: datetime
    version_id: int
    version_text: str
    category: str
    selection: QuoteSelection
    comment: str
    suggestion: str
    ip_hash: str
    span: Span | None  # None: a report about the whole article
    spam: SpamVerdict  # the report's own signals, as stored by intake

    @classmethod
    def of(cls, report: Report) -> Received:
        """From a report row read with its version (`select_related("version")`)."""
        span = None
        if report.anchor_start is not None and report.anchor_end is not None:
            span = Span(
                report.anchor_start,
                report.anchor_end,
                report.anchor_score or 0.0,
                report.anchor_method,
            )
        return cls(
            report_id=report.pk,
            public_id=str(report.public_id),
            reference=report.reference,
            created_at=report.created_at,
            version_id=report.version_id,
            version_text=report.version.text,
            category=report.category,
            selection=QuoteSelection(
                exact=report.quote,
                prefix=report.quote_prefix,
                suffix=report.quote_suffix,
                start=report.position_start,
                end=report.position_end,
            ),
            comment=report.comment,
            suggestion=report.suggestion,
            ip_hash=report.ip_hash,
            span=span,
            spam=SpamVerdict(report.spam_score, tuple(report.spam_reasons or ())),
        )

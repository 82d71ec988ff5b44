"""Receiving readers' reports."""

from __future__ import annotations

from errata.intake import pipeline
from errata.intake.submission import Receipt, ReportSubmission, RequestMeta
from errata.metrics import REPORTS_RECEIVED


def submit(submission: ReportSubmission, meta: RequestMeta) -> Receipt:
    """Run a report through intake; raises `errata.errors.Problem` when it is refused."""
    receipt = pipeline.submit(submission, meta)
    REPORTS_RECEIVED.labels(site=submission.site_key).inc()
    return receipt

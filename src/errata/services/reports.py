"""Receiving readers' reports."""

from __future__ import annotations

from errata.intake import pipeline
from errata.intake.submission import Receipt, ReportSubmission, RequestMeta
from errata.metrics import REPORTS_RECEIVED
from errata.services.articles import follow_new_version
from errata.services.retention import schedule_contact_purge


def submit(submission: ReportSubmission, meta: RequestMeta) -> Receipt:
    """Run a report through intake; raises `errata.errors.Problem` when it is refused."""
    intake = pipeline.run(submission, meta)
    assert intake.site is not None
    assert intake.receipt is not None
    REPORTS_RECEIVED.labels(site=intake.site.slug).inc()
    if intake.report is not None and intake.report.contact_email:
        schedule_contact_purge(intake.report, intake.site)
    if intake.version_created and intake.version is not None:
        follow_new_version(intake.version)
    return intake.receipt

"""Step 10: the receipt the reader sees, in the article's language."""

from __future__ import annotations

from errata.i18n import reader_message
from errata.intake.submission import Intake, Receipt
from errata.models import CaseStatus, ReportStatus


def receipt(intake: Intake) -> None:
    report, article = intake.report, intake.article
    assert report is not None and article is not None
    case = report.case
    language, message = reader_message(
        "report_received", article.language, reference=case.reference
    )
    # A held report gets the receipt of an ordinary one: a bot learns nothing from it.
    intake.receipt = Receipt(
        reference=case.reference,
        case_status=CaseStatus.NEW if intake.held else case.status,
        opened_case=intake.opened_case,
        status=ReportStatus.RECEIVED,
        message=message,
        language=language,
    )

"""Step 9 (inside `store`): the receipt the reader sees, in the article's language.

Every report gets the same receipt, held as spam or not: a bot learns nothing from it.
"""

from __future__ import annotations

from errata.i18n import reader_message
from errata.intake.submission import Receipt
from errata.models import ReportStatus


def receipt(reference: str, article_language: str) -> Receipt:
    language, message = reader_message("report_received", article_language, reference=reference)
    return Receipt(
        reference=reference, status=ReportStatus.RECEIVED, message=message, language=language
    )

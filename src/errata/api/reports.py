"""`POST /api/v1/reports`: a reader's report, from the widget."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from errata.api.problems import PROBLEM_RESPONSES
from errata.api.request import request_meta
from errata.api.schemas.reports import CaseOut, ReportIn, ReportReceiptOut
from errata.intake.submission import ArticleSnapshot, QuoteSelection, ReportSubmission
from errata.services import reports

router = Router(tags=["reports"])


def _submission(data: ReportIn) -> ReportSubmission:
    return ReportSubmission(
        site_key=data.site,
        article=ArticleSnapshot(
            url=data.article.url,
            title=data.article.title,
            language=data.article.lang,
            text=data.article.text,
        ),
        selection=QuoteSelection(**data.selector.model_dump()),
        category=data.category,
        comment=data.comment,
        suggestion=data.suggestion,
        email=data.email.strip(),
        language=data.language,
        honeypot=data.website,
        fill_time_ms=data.fill_time_ms,
        proof_of_work=data.altcha,
    )


@router.post("/reports", response={201: ReportReceiptOut, **PROBLEM_RESPONSES})
def create_report(request: HttpRequest, data: ReportIn) -> Status[ReportReceiptOut]:
    """Report an error in an article. Answers 201 with the case reference."""
    receipt = reports.submit(_submission(data), request_meta(request))
    return Status(
        201,
        ReportReceiptOut(
            reference=receipt.reference,
            case=CaseOut(
                reference=receipt.reference, status=receipt.case_status, opened=receipt.opened_case
            ),
            status=receipt.status,
            message=receipt.message,
            language=receipt.language,
        ),
    )

"""`POST /api/v1/reports`: a reader's report, from the widget."""

from __future__ import annotations

import json
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from ninja import Header, Router

from errata.api.problems import PROBLEM_RESPONSES
from errata.api.request import request_meta
from errata.api.schemas.reports import ReportIn, ReportReceiptOut
from errata.intake.idempotency import HEADER, parse_key
from errata.intake.submission import ArticleSnapshot, QuoteSelection, ReportSubmission
from errata.services import reports

router = Router(tags=["reports"])

REPLAYED = "Idempotent-Replayed"


def submission(data: ReportIn) -> ReportSubmission:
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


def receipt_response(answer: reports.Answer) -> HttpResponse:
    """The receipt, in the reader's language, as both paths answer it (`fast_intake`)."""
    body = ReportReceiptOut(**answer.body).model_dump(mode="json")
    response = HttpResponse(
        json.dumps(body), status=answer.status, content_type="application/json; charset=utf-8"
    )
    response["Content-Language"] = body["language"]
    if answer.replayed:
        response[REPLAYED] = "true"
    return response


@router.post("/reports", response={201: ReportReceiptOut, **PROBLEM_RESPONSES})
def create_report(
    request: HttpRequest,
    data: ReportIn,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias=HEADER,
            description="One key per report draft (1 to 255 visible ASCII characters)",
        ),
    ] = None,
) -> HttpResponse:
    """Report an error in an article. Answers 201 with the reference the reader quotes.

    With an `Idempotency-Key` header, a retry of the same report within 24 hours gets the
    first answer again, with `Idempotent-Replayed: true`, and nothing is stored twice.
    """
    answer = reports.submit(
        submission(data), request_meta(request), idempotency_key=parse_key(idempotency_key)
    )
    return receipt_response(answer)

"""The webhook endpoint errata posts corrections to (include `errata_wagtail.urls`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from errata_wagtail import corrections, signing


def problem(status: int, code: str, title: str, detail: str, **extra: str) -> JsonResponse:
    body = {
        "type": f"urn:errata-wagtail:problem:{code}",
        "code": code,
        "title": title,
        "status": status,
    }
    return JsonResponse(
        {**body, "detail": detail, **extra}, status=status, content_type="application/problem+json"
    )


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    try:
        outcome = corrections.receive(dict(request.headers), request.body)
    except signing.SignatureError as error:
        return problem(401, "bad-signature", "Signature refused", str(error))
    except corrections.Replayed:
        return problem(409, "replayed", "Webhook already handled", "This webhook-id was handled.")
    except corrections.PayloadError as error:
        return problem(400, "bad-payload", "Payload refused", str(error), field=error.field)
    return JsonResponse(
        {"state": outcome.state, "detail": outcome.detail, "revision": outcome.revision}
    )

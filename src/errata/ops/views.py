"""`/healthz` and `/metrics`: plain Django views, no session, no CSRF, never cached."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from prometheus_client.exposition import choose_encoder

from errata import __version__
from errata.api.problems import problem_response
from errata.errors import Problem
from errata.ops import collectors, health

NO_STORE = "no-store"


def _method_not_allowed(request: HttpRequest) -> HttpResponse | None:
    if request.method in {"GET", "HEAD"}:
        return None
    response = problem_response(
        Problem(
            status=405,
            code="method-not-allowed",
            title="Only GET and HEAD are allowed here",
            detail=f"method: {request.method} is not allowed on {request.path}",
        )
    )
    response["Allow"] = "GET, HEAD"
    return response


def _unauthenticated(request: HttpRequest) -> HttpResponse | None:
    token: str = settings.ERRATA_METRICS_TOKEN
    if not token:
        return None
    sent = request.headers.get("Authorization", "")
    # Constant-time comparison: the token must not leak one character at a time.
    if hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return None
    return problem_response(
        Problem(
            status=401,
            code="unauthenticated",
            title="Authentication required",
            detail="Authorization: send `Bearer <ERRATA_METRICS_TOKEN>`.",
            field="Authorization",
            headers={"WWW-Authenticate": 'Bearer realm="errata metrics"'},
        )
    )


def healthz(request: HttpRequest) -> HttpResponse:
    """200 when this process can serve reports, 503 naming the component that cannot."""
    if refusal := _method_not_allowed(request):
        return refusal
    state = health.check()
    body = {"status": "ok" if state.ok else "error", **state.components, "version": __version__}
    response = JsonResponse(body, status=200 if state.ok else 503)
    response["Cache-Control"] = NO_STORE
    return response


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus exposition (text format, or OpenMetrics when the scraper asks for it)."""
    if refusal := _method_not_allowed(request) or _unauthenticated(request):
        return refusal
    encode, content_type = choose_encoder(request.headers.get("Accept", ""))
    response = HttpResponse(encode(collectors.registry()), content_type=content_type)
    response["Cache-Control"] = NO_STORE
    return response

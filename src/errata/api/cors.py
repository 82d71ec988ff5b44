"""Cross-origin rules of the public API, per site.

Reports may come only from an origin one of the sites allows (the intake checks that it
is the reporting site's own; the answer is remembered per process, `intake.sites`); public reads (corrections, widget config) are open to all;
CMS and desk routes are server-to-server and get no CORS headers at all.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from errata.intake.sites import origin_registered

REPORTS_PATH = "/api/v1/reports"
PUBLIC_READ_PATHS = ("/api/v1/corrections", "/api/v1/widget-config")
PREFLIGHT_MAX_AGE = "86400"


class ApiCorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        origin = request.headers.get("Origin")
        if path == REPORTS_PATH:
            allowed = bool(origin) and origin_registered(origin or "")
            if request.method == "OPTIONS":
                response = HttpResponse(status=204 if allowed else 403)
                if allowed:
                    response["Access-Control-Allow-Methods"] = "POST"
                    response["Access-Control-Allow-Headers"] = "Content-Type, Idempotency-Key"
                    response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
            else:
                response = self.get_response(request)
            if allowed:
                response["Access-Control-Allow-Origin"] = origin or ""
            response["Vary"] = "Origin"
            return response
        response = self.get_response(request)
        if path.startswith(PUBLIC_READ_PATHS):
            response["Access-Control-Allow-Origin"] = "*"
        return response

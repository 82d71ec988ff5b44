"""The Content-Security-Policy of errata's own pages: the desk, the public pages, the admin.

errata's pages load scripts and styles from errata only, and have no inline script, no
inline style and no `eval` (htmx is configured with `allowEval: false` and without its
injected indicator styles, see the desk's base template), so the policy needs neither
`'unsafe-inline'` nor nonces. It is set on HTML answers only: JSON, feeds and
`/widget.js` are not documents. The API's reference page (`/api/docs`) is ninja's Swagger
UI, loaded from a CDN with an inline script, and keeps its own rules.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)
EXEMPT_PREFIXES = ("/api/docs",)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        is_html = response.get("Content-Type", "").startswith("text/html")
        if is_html and not request.path.startswith(EXEMPT_PREFIXES):
            response.setdefault("Content-Security-Policy", POLICY)
        return response


class NulInPathMiddleware:
    """A path with U+0000 (`/desk/site/cases/ERR%00/`) names nothing errata holds, and
    PostgreSQL refuses to look such text up: it is a 404, in the API's shape under /api/."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            if request.path.startswith("/api/"):
                from errata.api.problems import api_not_found

                return api_not_found(request)
            raise Http404("no such page")
        return self.get_response(request)

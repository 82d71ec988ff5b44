"""`GET /widget.js`: the embed, for every publisher's pages, and its dialog.

Compressed once per process (brotli, else gzip, else plain, by `Accept-Encoding`), with an
ETag that changes with each build so a cached copy is revalidated cheaply (304). The URL
is not versioned (publishers paste it once), so the cache lifetime is a day, served stale
for a week while the browser revalidates in the background. Readable from any origin:
hosts may load it with `crossorigin` (for Subresource Integrity) or under COEP, and the
dialog is imported as a module, which browsers fetch with CORS.

`/widget.js?part=dialog&v=VERSION` is the dialog, which widget.js imports on first use
(decision 23): at widget.js's own path, because a page's Content-Security-Policy that
allows `https://errata.example/widget.js` matches the path only, not the query. The
version is the one widget.js was built with; when it is this server's, the answer never
changes and is cached for a year. An older widget.js still gets the current dialog, for a
day, like widget.js itself.
"""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from errata.widget.bundle import Part, bundle

CACHE_CONTROL = "public, max-age=86400, stale-while-revalidate=604800"
IMMUTABLE = "public, max-age=31536000, immutable"
CONTENT_TYPE = "text/javascript; charset=utf-8"
_CODING = re.compile(r"^\s*([a-z0-9*-]+)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$", re.IGNORECASE)


def accepted_codings(header: str) -> set[str]:
    """The content codings an `Accept-Encoding` header accepts (q > 0)."""
    accepted = set()
    for item in header.split(","):
        match = _CODING.match(item)
        if match:
            try:
                quality = float(match.group(2) or 1)
            except ValueError:
                continue
            if quality > 0:
                accepted.add(match.group(1).lower())
    return accepted


def _part(part: str | None, version: str | None) -> tuple[Part, str]:
    """The file a query asks for, and how long it may be cached."""
    built = bundle()
    if part is None:
        return built.widget, CACHE_CONTROL
    if part == "dialog":
        return built.dialog, IMMUTABLE if version == built.dialog.version else CACHE_CONTROL
    raise Http404(f"widget.js has no part {part!r}")


def _representation(built: Part, accept_encoding: str) -> tuple[bytes, str | None]:
    codings = accepted_codings(accept_encoding)
    if "br" in codings:
        return built.brotli, "br"
    if "gzip" in codings:
        return built.gzip, "gzip"
    return built.script, None


def _not_modified(built: Part, if_none_match: str) -> bool:
    # Any representation of this build matches: they differ only in content coding.
    tags = {
        tag.strip().removeprefix("W/").split("-")[0].strip('"') for tag in if_none_match.split(",")
    }
    return built.version in tags or "*" in tags


@require_safe
def widget_js(request: HttpRequest) -> HttpResponse:
    built, cache_control = _part(request.GET.get("part"), request.GET.get("v"))
    body, coding = _representation(built, request.headers.get("Accept-Encoding", ""))
    if _not_modified(built, request.headers.get("If-None-Match", "")):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=CONTENT_TYPE)
        if coding:
            response["Content-Encoding"] = coding
    response["ETag"] = f'"{built.version}-{coding}"' if coding else built.etag
    response["Cache-Control"] = cache_control
    response["Vary"] = "Accept-Encoding"
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


urlpatterns = [path("widget.js", widget_js, name="widget-js")]

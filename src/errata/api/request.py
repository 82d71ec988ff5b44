"""What the API layer reads from an HTTP request besides its body."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from errata.intake.submission import RequestMeta


def client_ip(request: HttpRequest) -> str:
    """The sender's address: the socket's, or the one the trusted proxies say they saw."""
    trusted: int = settings.ERRATA_TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("X-Forwarded-For", "")
    if trusted and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= trusted:
            return hops[-trusted]
    return str(request.META.get("REMOTE_ADDR", ""))


def request_meta(request: HttpRequest) -> RequestMeta:
    return RequestMeta(
        origin=request.headers.get("Origin"),
        ip=client_ip(request),
        user_agent=request.headers.get("User-Agent", "")[:300],
    )

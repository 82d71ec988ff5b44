"""API-key authentication for server-to-server routes: `Authorization: Bearer ek_…`.

A key belongs to one site (`ApiKey.site`); after authentication `request.auth` is the
`ApiKey`, and a route reaches only that site's rows. A missing, malformed, unknown or
revoked key is the same 401 problem (see `errata.api.problems`), so a caller learns
nothing about which keys exist.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from errata.models import ApiKey

# Issued keys are "ek_" + 43 URL-safe characters; anything much longer is not a key and
# is not worth hashing.
API_KEY_MAX = 100


class ApiKeyAuth(HttpBearer):
    """A site's secret API key, as issued by `ApiKey.issue` (stored hashed)."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        if not token.startswith(ApiKey.PREFIX) or len(token) > API_KEY_MAX:
            return None
        return ApiKey.authenticate(token)


def api_key(request: HttpRequest) -> ApiKey:
    """The key `ApiKeyAuth` accepted for this request."""
    key = getattr(request, "auth", None)
    assert isinstance(key, ApiKey), "route is not protected by ApiKeyAuth"
    return key

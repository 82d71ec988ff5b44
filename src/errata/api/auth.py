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
from errata.models.secret import IssuedSecret

# Issued secrets are a prefix + 43 URL-safe characters; anything much longer is not one
# and is not worth hashing.
SECRET_MAX = 100


class IssuedSecretAuth(HttpBearer):
    """`Authorization: Bearer <secret>` for one kind of `IssuedSecret` (stored hashed)."""

    model: type[IssuedSecret]

    def authenticate(self, request: HttpRequest, token: str) -> IssuedSecret | None:
        if not token.startswith(self.model.PREFIX) or len(token) > SECRET_MAX:
            return None
        return self.model.authenticate(token)


class ApiKeyAuth(IssuedSecretAuth):
    """A site's secret API key, as issued by `ApiKey.issue`."""

    model = ApiKey


def api_key(request: HttpRequest) -> ApiKey:
    """The key `ApiKeyAuth` accepted for this request."""
    key = getattr(request, "auth", None)
    assert isinstance(key, ApiKey), "route is not protected by ApiKeyAuth"
    return key

"""Verifying errata's Standard Webhooks signature, with the scheme's reference library.

The library checks the three headers, the 5-minute timestamp window and the signatures in
constant time. Only the key is read here, by errata's rule (docs/api.md, "Correction
webhooks"): a `whsec_` secret is its base64-decoded bytes, as the library reads it; any
other secret is its UTF-8 bytes, which the library takes when given bytes.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

PREFIX = "whsec_"


class SignatureError(Exception):
    """The request is not a webhook errata signed just now with this site's secret."""


def signing_key(secret: str) -> bytes:
    if secret.startswith(PREFIX):
        try:
            key = base64.b64decode(secret[len(PREFIX) :] + "==")
        except binascii.Error:
            key = b""
        if key:
            return key
    return secret.encode()


def verify(secret: str, headers: Mapping[str, str], body: bytes) -> Any:
    """The parsed JSON body, once its signature and timestamp are checked."""
    if not secret:
        raise SignatureError("ERRATA_WEBHOOK_SECRET is not set.")
    try:
        return Webhook(signing_key(secret)).verify(body, dict(headers))
    except (WebhookVerificationError, ValueError) as error:
        # ValueError: a signature header that is not "v1,<base64>", a bad timestamp, a body
        # that is not JSON.
        raise SignatureError(str(error) or "Invalid signature.") from error

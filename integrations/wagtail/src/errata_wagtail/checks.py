"""A system check: errata's four settings must be set, and ERRATA_URL must be a URL."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from errata_wagtail.conf import REQUIRED

HINTS = {
    "ERRATA_URL": "errata's base URL, e.g. https://errata.example",
    "ERRATA_SITE_KEY": "the site's public key (pk_…), printed by `errata createsite`",
    "ERRATA_API_KEY": "the site's API key (ek_…), printed once by `errata createsite`",
    "ERRATA_WEBHOOK_SECRET": "the webhook secret set in errata's desk, site settings",
}


@register()
def errata_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    for number, name in enumerate(REQUIRED, start=1):
        if not str(getattr(settings, name, "") or "").strip():
            errors.append(
                Error(
                    f"{name} is not set.",
                    hint=f"Set {name} in your Django settings: {HINTS[name]}.",
                    id=f"errata_wagtail.E00{number}",
                )
            )
    url = str(getattr(settings, "ERRATA_URL", "") or "")
    if url and not url.startswith(("http://", "https://")):
        errors.append(
            Error(
                f"ERRATA_URL must start with https:// (or http://), not {url!r}.",
                id="errata_wagtail.E005",
            )
        )
    return errors

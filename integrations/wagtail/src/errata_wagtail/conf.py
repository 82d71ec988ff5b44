"""The app's settings, read from Django's settings each time (tests override them).

| setting | meaning |
| --- | --- |
| `ERRATA_URL` | errata's base URL, e.g. `https://errata.example` (required) |
| `ERRATA_SITE_KEY` | the site's public key, `pk_…`, for the widget (required) |
| `ERRATA_API_KEY` | the site's API key, `ek_…`, for pushes and state reports (required) |
| `ERRATA_WEBHOOK_SECRET` | the webhook secret set in errata's site settings (required) |
| `ERRATA_BODY_FIELD` | the page field holding the article body (default `body`) |
| `ERRATA_USERNAME` | the Wagtail user that authors correction revisions (default `errata`) |
| `ERRATA_TIMEOUT` | seconds to wait for errata on each call (default 10) |
"""

from __future__ import annotations

from django.conf import settings

REQUIRED = ("ERRATA_URL", "ERRATA_SITE_KEY", "ERRATA_API_KEY", "ERRATA_WEBHOOK_SECRET")


def url() -> str:
    return str(settings.ERRATA_URL).rstrip("/")


def site_key() -> str:
    return str(settings.ERRATA_SITE_KEY)


def api_key() -> str:
    return str(settings.ERRATA_API_KEY)


def webhook_secret() -> str:
    return str(settings.ERRATA_WEBHOOK_SECRET)


def body_field() -> str:
    return str(getattr(settings, "ERRATA_BODY_FIELD", "body"))


def username() -> str:
    return str(getattr(settings, "ERRATA_USERNAME", "errata"))


def timeout() -> float:
    return float(getattr(settings, "ERRATA_TIMEOUT", 10))

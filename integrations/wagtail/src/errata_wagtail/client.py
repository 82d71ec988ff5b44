"""errata's HTTP API, as the app calls it: pushing an article, reporting what it did with
a correction. Each call is bounded by ERRATA_TIMEOUT and authenticated with the API key."""

from __future__ import annotations

from typing import Any

import requests

from errata_wagtail import __version__, conf


class ErrataError(Exception):
    """errata refused or could not be reached; `transient` says whether a retry may help."""

    def __init__(self, message: str, *, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient


def _call(method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    try:
        response = requests.request(
            method,
            f"{conf.url()}{path}",
            json=body,
            headers={
                "Authorization": f"Bearer {conf.api_key()}",
                "User-Agent": f"errata-wagtail/{__version__}",
            },
            timeout=conf.timeout(),
            allow_redirects=False,
        )
    except requests.RequestException as error:
        raise ErrataError(f"errata could not be reached: {error}", transient=True) from error
    if response.status_code >= 300:
        # A problem document names what errata refused; keep it short for the admin.
        detail = response.text[:300]
        transient = response.status_code >= 500 or response.status_code == 429
        raise ErrataError(f"errata answered {response.status_code}: {detail}", transient=transient)
    answer: dict[str, Any] = response.json()
    return answer


def push_article(article: dict[str, Any]) -> dict[str, Any]:
    """`PUT /api/v1/articles`; errata's answer (`article`, `version`, `changed`)."""
    return _call("PUT", "/api/v1/articles", article)


def report_state(
    correction_id: str, state: str, *, detail: str = "", revision: str = ""
) -> dict[str, Any]:
    """`POST /api/v1/corrections/{id}/cms-state`."""
    body = {"state": state, "detail": detail[:500], "revision": revision[:100]}
    return _call("POST", f"/api/v1/corrections/{correction_id}/cms-state", body)

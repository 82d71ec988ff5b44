"""What the embed and the server must agree on, for one site: `GET /api/v1/widget-config`.

Categories and limits come from the intake's own definitions, so a widget cached in a
reader's browser follows the server when they change; the proof-of-work parameters say
whether the site requires a solved challenge, and how hard it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from errata.intake import limits, proof
from errata.models import Category, Site
from errata.site_checks import unknown_site
from errata.widget.bundle import bundle

# The widget sends this many code points of context on each side of a quote.
CONTEXT_LENGTH = 32


@dataclass(frozen=True)
class WidgetConfig:
    site: Site
    categories: list[str]
    limits: dict[str, int]
    languages: list[str]
    strings_version: str
    widget_version: str
    proof_of_work: dict[str, Any]


def _site(public_key: str) -> Site:
    site = Site.objects.filter(public_key=public_key).first()
    if site is None:
        raise unknown_site(status=404)
    return site


def widget_config(public_key: str) -> WidgetConfig:
    site = _site(public_key)
    built = bundle()
    return WidgetConfig(
        site=site,
        categories=list(Category.values),
        limits={
            "quote": limits.QUOTE_MAX,
            "context": CONTEXT_LENGTH,
            "comment": limits.COMMENT_MAX,
            "suggestion": limits.SUGGESTION_MAX,
            "email": limits.EMAIL_MAX,
        },
        languages=list(built.languages),
        strings_version=built.strings_version,
        widget_version=built.widget.version,
        proof_of_work={
            "required": site.require_proof_of_work,
            "algorithm": proof.ALGORITHM,
            "max_number": proof.MAX_NUMBER,
        },
    )


def challenge(public_key: str) -> dict[str, Any]:
    """A fresh proof-of-work challenge for the widget of the site with this key."""
    return proof.new_challenge(_site(public_key))

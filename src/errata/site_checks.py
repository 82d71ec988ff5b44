"""Configuration errors: refusals of a report that the reader cannot fix.

A site no one has given an origin yet, a page served from an origin the site does not
list, an article URL outside the site's origins by its URL rule: each is refused with its
own problem code and a detail naming the setting that fixes it, so that the widget can tell
the reader « this site is not set up for reports yet » (never « try again later ») and the
publisher's developer which setting to change. docs/api.md lists these codes.
"""

from __future__ import annotations

from errata.errors import Problem
from errata.models import Site, origin_of

CONFIGURATION_ERRORS = frozenset(
    {"unknown-site", "site-not-configured", "origin-not-allowed", "url-not-allowed"}
)
_FIX = "in the desk's site administration or with `errata site add-origin`"


def _refused(status: int, code: str, title: str, detail: str, field: str, setting: str) -> Problem:
    return Problem(
        status=status,
        code=code,
        title=title,
        detail=detail,
        field=field,
        extra={"setting": setting},
    )


def unknown_site(status: int = 422) -> Problem:
    """No site has the public key the widget's tag gives (`data-site`)."""
    return _refused(
        status,
        "unknown-site",
        "No site has this public key",
        "site: no site has this public key; check the data-site attribute of the widget's "
        "script tag against the site's public key (`errata site show`).",
        "site",
        setting="data-site",
    )


def check_origin(site: Site, origin: str, allowed: frozenset[str]) -> None:
    """The page's origin (the Origin header) must be one the site lists, exactly."""
    if not allowed:
        raise _refused(
            403,
            "site-not-configured",
            "This site is not set up for reports yet",
            f"allowed origins: the site «{site.slug}» has none; add the origin of its "
            f"article pages {_FIX}.",
            "Origin",
            setting="allowed_origins",
        )
    if origin_of(origin) not in allowed:
        raise _refused(
            403,
            "origin-not-allowed",
            "This origin may not send reports to this site",
            f"Origin: {origin_of(origin)} is not among the site's allowed origins "
            f"({', '.join(sorted(allowed))}); add it {_FIX}.",
            "Origin",
            setting="allowed_origins",
        )


def check_article_url(site: Site, url: str, allowed: frozenset[str]) -> None:
    """The article's (canonical) URL must fall under the site's origins by its URL rule."""
    if not site.allows_url(url, allowed):
        raise _refused(
            422,
            "url-not-allowed",
            "The article's URL is not on this site",
            f"article.url: {origin_of(url)} is not under the site's allowed origins "
            f"({', '.join(sorted(allowed))}) by its URL rule «{site.url_rule}»; add the "
            f"origin of the page's canonical URL {_FIX}, or set the URL rule to same-host.",
            "article.url",
            setting="allowed_origins",
        )

"""The site behind a widget's public key, and whether any site allows an origin,
remembered briefly by each process.

Every report starts by looking its site up, and the CORS middleware its origin; the
answers change only when an administrator edits a site or its origins. This process
forgets them as soon as one is saved here (signals); other processes within `TTL` seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from django.db.models.signals import post_delete, post_save

from errata.intake.lru import ExpiringLru
from errata.models import Site, SiteOrigin, origin_of

TTL: Final = 10.0  # seconds a process may act on a site's settings after they change
_MAX: Final = 1_000


@dataclass(frozen=True)
class KnownSite:
    site: Site  # read-only here: never saved from the cache
    allowed_origins: frozenset[str]


_known = ExpiringLru(_MAX, ttl=TTL)
_origins = ExpiringLru(_MAX, ttl=TTL)


def site_by_key(public_key: str) -> KnownSite | None:
    """The site with this public key and its allowed origins; None when there is none."""
    cached: KnownSite | None = _known.get(public_key)
    if cached is not None:
        return cached
    site = Site.objects.filter(public_key=public_key).first()
    if site is None:
        return None  # not remembered: a new site must work at once
    known = KnownSite(site, site.allowed_origins())
    _known.put(public_key, known)
    return known


def article_url(site: Site, url: str) -> str:
    """The article's identity under the site's URL rule (`Site.canonical_article_url`),
    with the site's origins from this cache: the http/https and www. forms of one page are
    one article, for its rate limit as for its record."""
    known = site_by_key(site.public_key)
    return site.canonical_article_url(url, known.allowed_origins if known else None)


def origin_registered(origin: str) -> bool:
    """Whether some site allows this origin (remembered either way: a refused origin is
    what a flood of foreign requests would repeat)."""
    key = origin_of(origin)
    cached: bool | None = _origins.get(key)
    if cached is None:
        cached = SiteOrigin.objects.filter(origin=key).exists()
        _origins.put(key, cached)
    return cached


def forget(**_: Any) -> None:
    """Forget every site and origin (a site or an origin changed in this process)."""
    _known.clear()
    _origins.clear()


for _model in (Site, SiteOrigin):
    post_save.connect(forget, sender=_model, dispatch_uid=f"intake.sites.{_model.__name__}.save")
    post_delete.connect(
        forget, sender=_model, dispatch_uid=f"intake.sites.{_model.__name__}.delete"
    )

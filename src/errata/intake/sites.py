"""The site behind a widget's public key, remembered briefly by each process.

Every report starts by looking its site up; the answer changes only when an
administrator edits the site or its origins. This process forgets a site as soon as it
is saved here (signals); other processes within `TTL` seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from django.db.models.signals import post_delete, post_save

from errata.intake.lru import ExpiringLru
from errata.models import Site, SiteOrigin

TTL: Final = 10.0  # seconds a process may act on a site's settings after they change
_MAX: Final = 1_000


@dataclass(frozen=True)
class KnownSite:
    site: Site  # read-only here: never saved from the cache
    allowed_origins: frozenset[str]


_known = ExpiringLru(_MAX, ttl=TTL)


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


def forget(**_: Any) -> None:
    """Forget every site (a site or an origin changed in this process)."""
    _known.clear()


for _model in (Site, SiteOrigin):
    post_save.connect(forget, sender=_model, dispatch_uid=f"intake.sites.{_model.__name__}.save")
    post_delete.connect(
        forget, sender=_model, dispatch_uid=f"intake.sites.{_model.__name__}.delete"
    )

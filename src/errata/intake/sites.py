"""The site behind a widget's public key, remembered briefly by each process.

Every report starts by looking its site up; the answer changes only when an
administrator edits the site or its origins. This process forgets a site as soon as it
is saved here (signals); other processes within `TTL` seconds.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Final

from django.db.models.signals import post_delete, post_save

from errata.models import Site, SiteOrigin

TTL: Final = 10.0  # seconds a process may act on a site's settings after they change
_MAX: Final = 1_000


@dataclass(frozen=True)
class KnownSite:
    site: Site  # read-only here: never saved from the cache
    allowed_origins: frozenset[str]


_lock = threading.Lock()
_known: dict[str, tuple[float, KnownSite]] = {}


def site_by_key(public_key: str) -> KnownSite | None:
    """The site with this public key and its allowed origins; None when there is none."""
    now = time.monotonic()
    cached = _known.get(public_key)
    if cached is not None and cached[0] > now:
        return cached[1]
    site = Site.objects.filter(public_key=public_key).first()
    if site is None:
        return None  # not remembered: a new site must work at once
    known = KnownSite(site, site.allowed_origins())
    with _lock:
        if len(_known) >= _MAX:
            _known.clear()
        _known[public_key] = (now + TTL, known)
    return known


def forget(**_: Any) -> None:
    """Forget every site (a site or an origin changed in this process)."""
    with _lock:
        _known.clear()


for _model in (Site, SiteOrigin):
    post_save.connect(forget, sender=_model, dispatch_uid=f"intake.sites.{_model.__name__}.save")
    post_delete.connect(
        forget, sender=_model, dispatch_uid=f"intake.sites.{_model.__name__}.delete"
    )

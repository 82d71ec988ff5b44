"""Step 5: how many reports this reader (hashed IP) and this article may send per window.

Sliding windows (`errata.counters`), counted where every worker sees them: the database
by default, Redis when ERRATA_CACHE_URL is set. Raw IP addresses are never stored: they
are hashed with a keyed hash whose key changes every day.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings
from django.utils import timezone

from errata import counters
from errata.errors import Problem
from errata.intake.submission import RequestMeta
from errata.models import Site

_RATE = re.compile(r"^(\d+)/(\d*)([smh])$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600}


def parse_rate(rate: str) -> tuple[int, int]:
    """`"10/10m"` → (10, 600). A count of 0 disables the limit."""
    match = _RATE.match(rate.strip())
    if not match:
        raise ValueError(f"a rate is COUNT/WINDOW such as 10/10m, not {rate!r}")
    count, amount, unit = match.groups()
    return int(count), int(amount or 1) * _UNIT_SECONDS[unit]


def hash_ip(ip: str) -> str:
    """Keyed hash of an IP address; the key rotates daily so hashes cannot be joined up
    across days, which is as long as errata needs them (rate limits, duplicate spotting)."""
    day = timezone.now().date().isoformat()
    key = f"{settings.ERRATA_IP_HASH_SECRET}:{day}".encode()
    return hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()


def check(site: Site, meta: RequestMeta, *, url: str) -> str:
    """Count the report against the reader's and the article's limits; the reader's
    hashed IP, which the report keeps (spam signals, distinct readers). `url` is the
    article's URL under the site's rule (`sites.article_url`): one article, one limit,
    whatever form of its URL it was read at."""
    ip_hash = hash_ip(meta.ip)
    url_key = hashlib.sha256(url.encode()).hexdigest()[:32]
    limits = [
        (scope, f"rl:{key}", *parse_rate(rate))
        for scope, key, rate in (
            ("reader", f"{site.pk}:ip:{ip_hash}", settings.ERRATA_RATE_LIMIT_REPORTS),
            ("article", f"{site.pk}:url:{url_key}", settings.ERRATA_RATE_LIMIT_ARTICLE),
        )
        if parse_rate(rate)[0] > 0  # a count of 0 disables the limit
    ]
    counted = counters.hit_many([(key, window) for _, key, _, window in limits])
    for (scope, _, limit, _), count in zip(limits, counted, strict=True):
        if count.hits > limit:
            wait = count.seconds_until_below(limit)
            raise Problem(
                status=429,
                code="rate-limited",
                title="Too many reports",
                detail=(
                    "You have sent many reports in a short time; please wait before sending "
                    "another."
                    if scope == "reader"
                    else "This article has received many reports; please try again later."
                ),
                headers={"Retry-After": str(wait)},
                extra={"retry_after": wait, "scope": scope},
            )
    return ip_hash

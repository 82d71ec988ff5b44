"""Sliding-window counters that every server process shares (rate limits, sign-in lockout).

A key's hits are counted in fixed windows; the count "in the last `window` seconds" is
the current window's hits plus the previous window's, weighted by how much of it still
lies within the last `window` seconds. So no window edge lets a reader send a limit's
worth twice in a row, as plain fixed windows do.

Where the counts live decides whether they are right with several workers:

- in the database (`RateCounter`), when no Redis is configured: one atomic
  `INSERT … ON CONFLICT DO UPDATE … RETURNING` per hit, the same SQL on SQLite and
  PostgreSQL. This is the embedded default, correct across gunicorn workers;
- in Redis (`ERRATA_CACHE_URL`), through Django's cache: `INCR` is atomic there.

Decision 16 says why the per-process memory cache is never used for them.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from errata.models import RateCounter

_TABLE = connection.ops.quote_name(RateCounter._meta.db_table)


@dataclass(frozen=True)
class Count:
    """The hits of the last `window` seconds, as a sliding estimate, and when it eases."""

    current: int
    previous: int
    window: int
    window_start: int
    now: float

    @property
    def hits(self) -> float:
        """This window's hits, and the previous window's by the share still in view."""
        weight = 1 - (self.now - self.window_start) / self.window
        return self.current + self.previous * weight

    def seconds_until_below(self, limit: int) -> int:
        """How long until the estimate is at most `limit` again (no new hits)."""
        if self.hits <= limit:
            return 0
        window_end = self.window_start + self.window
        if self.current > limit or self.previous == 0:
            # Only the next window helps, and then the previous (this one) weighs fully.
            return max(1, math.ceil(window_end - self.now))
        # current + previous * (1 - elapsed / window) <= limit
        elapsed_needed = (1 - (limit - self.current) / self.previous) * self.window
        return max(1, math.ceil(self.window_start + elapsed_needed - self.now))


def _uses_redis() -> bool:
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def hit(key: str, window: int) -> Count:
    """Count one hit of `key` now, and return the sliding count that includes it."""
    return _counted(key, window, add=True)


def hit_many(keys: list[tuple[str, int]]) -> list[Count]:
    """Count one hit of each `(key, window)` now; in the database, two statements for all
    of them (one upsert, one read of the previous windows) instead of two per key."""
    if _uses_redis() or len(keys) < 2:
        return [hit(key, window) for key, window in keys]
    now = time.time()
    starts = [int(now // window) * window for _, window in keys]
    values = [
        (key, start, start + 2 * window) for (key, window), start in zip(keys, starts, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_TABLE} (key, started, hits, expires_at) VALUES "  # noqa: S608 -- the table name is the model's
            + ", ".join(["(%s, %s, 1, %s)"] * len(values))
            + f" ON CONFLICT (key, started) DO UPDATE SET hits = {_TABLE}.hits + 1 "
            "RETURNING key, started, hits",
            [param for row in values for param in row],
        )
        current = {(key, started): int(hits) for key, started, hits in cursor.fetchall()}
        previous_keys = [
            (key, start - window) for (key, window), start in zip(keys, starts, strict=True)
        ]
        cursor.execute(
            f"SELECT key, started, hits FROM {_TABLE} WHERE "  # noqa: S608 -- the table name is the model's
            + " OR ".join(["(key = %s AND started = %s)"] * len(previous_keys)),
            [param for row in previous_keys for param in row],
        )
        previous = {(key, started): int(hits) for key, started, hits in cursor.fetchall()}
    if any(hits == 1 for hits in current.values()):
        # A key's first hit in a window: see _database_hit.
        RateCounter.objects.filter(expires_at__lt=int(now)).delete()
    return [
        Count(
            current[(key, start)],
            previous.get((key, start - window), 0),
            window,
            start,
            now,
        )
        for (key, window), start in zip(keys, starts, strict=True)
    ]


def count(key: str, window: int) -> Count:
    """The sliding count of `key` without adding a hit."""
    return _counted(key, window, add=False)


def _counted(key: str, window: int, *, add: bool) -> Count:
    now = time.time()
    start = int(now // window) * window
    if _uses_redis():
        current = (
            _cache_hit(key, window, start)
            if add
            else int(cache.get(_cache_key(key, window, start)) or 0)
        )
        previous = int(cache.get(_cache_key(key, window, start - window)) or 0)
    else:
        current = _database_hit(key, window, start) if add else _database_hits(key, start)
        previous = _database_hits(key, start - window)
    return Count(current, previous, window, start, now)


def reset(key: str, window: int) -> None:
    """Forget `key`'s hits (a successful sign-in clears its failures)."""
    start = int(time.time() // window) * window
    if _uses_redis():
        cache.delete_many([_cache_key(key, window, start), _cache_key(key, window, start - window)])
    else:
        RateCounter.objects.filter(key=key).delete()


def _cache_key(key: str, window: int, start: int) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # any key, in safe characters
    return f"errata:count:{digest}:{window}:{start}"


def _cache_hit(key: str, window: int, start: int) -> int:
    cache_key = _cache_key(key, window, start)
    # Kept through the next window, which reads it as its previous one.
    cache.add(cache_key, 0, timeout=2 * window + 1)
    try:
        return int(cache.incr(cache_key))
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=2 * window + 1)
        return 1


def _database_hit(key: str, window: int, start: int) -> int:
    expires_at = start + 2 * window
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_TABLE} (key, started, hits, expires_at) VALUES (%s, %s, 1, %s) "  # noqa: S608 -- the table name is the model's
            f"ON CONFLICT (key, started) DO UPDATE SET hits = {_TABLE}.hits + 1 "
            "RETURNING hits",
            [key, start, expires_at],
        )
        row = cursor.fetchone()
    hits = int(row[0])
    if hits == 1:
        # A key's first hit in a window: a good moment to drop every window that has
        # ended for good (indexed on expires_at, so cheap when there are none).
        RateCounter.objects.filter(expires_at__lt=int(time.time())).delete()
    return hits


def _database_hits(key: str, start: int) -> int:
    found = RateCounter.objects.filter(key=key, started=start).values_list("hits", flat=True)
    return int(found.first() or 0)

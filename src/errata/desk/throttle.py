"""Login throttling: failed attempts counted per (username, address) in the cache.

After MAX_FAILURES failures the pair is locked for LOCK_SECONDS, counted from the first
failure; a success clears the count. Keyed by both, so an attacker guessing one account
from many addresses is slowed per address, and cannot lock a colleague out from afar
unless they share the address. Uses the shared cache (Redis with several workers).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60


def _key(username: str, ip: str) -> str:
    digest = hashlib.sha256(f"{username.strip().lower()}|{ip}".encode()).hexdigest()
    return f"errata:desk-login:{digest}"


def is_locked(username: str, ip: str) -> bool:
    return int(cache.get(_key(username, ip), 0)) >= MAX_FAILURES


def record_failure(username: str, ip: str) -> int:
    key = _key(username, ip)
    cache.add(key, 0, LOCK_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, LOCK_SECONDS)
        return 1


def clear(username: str, ip: str) -> None:
    cache.delete(_key(username, ip))

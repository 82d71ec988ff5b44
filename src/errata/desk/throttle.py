"""Sign-in throttling: failed attempts counted per (username, address), in every worker.

After MAX_FAILURES failures within LOCK_SECONDS (a sliding window, `errata.counters`) the
pair is refused, even with the right password, until the failures age out; a success
clears the count. Keyed by both, so an attacker guessing one account from many addresses
is slowed per address, and cannot lock a colleague out from afar unless they share the
address. The desk's and the admin's sign-in both use it.
"""

from __future__ import annotations

import hashlib

from errata import counters

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60


def _key(username: str, ip: str) -> str:
    digest = hashlib.sha256(f"{username.strip().lower()}|{ip}".encode()).hexdigest()
    return f"login:{digest}"


def is_locked(username: str, ip: str) -> bool:
    return counters.count(_key(username, ip), LOCK_SECONDS).hits >= MAX_FAILURES


def record_failure(username: str, ip: str) -> float:
    return counters.hit(_key(username, ip), LOCK_SECONDS).hits


def clear(username: str, ip: str) -> None:
    counters.reset(_key(username, ip), LOCK_SECONDS)

"""The per-process caches of intake: a small LRU whose values expire.

Each web worker keeps one per kind of answer it reuses between reports (the site behind a
public key, a snapshot's normalised text, the version a snapshot resolves to); saves in
the same process clear them through signals, other processes' copies expire.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any


class ExpiringLru:
    """A small thread-safe LRU of values that expire."""

    def __init__(self, size: int, ttl: float | None) -> None:
        self._size, self._ttl = size, ttl
        self._items: OrderedDict[Any, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self._lock:
            found = self._items.get(key)
            if found is None or found[0] < time.monotonic():
                return None
            self._items.move_to_end(key)
            return found[1]

    def put(self, key: Any, value: Any) -> None:
        expires = time.monotonic() + self._ttl if self._ttl is not None else float("inf")
        with self._lock:
            self._items[key] = (expires, value)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

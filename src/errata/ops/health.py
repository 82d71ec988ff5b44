"""The checks behind `/healthz`: can this process reach what every report needs?

Each component answers `"ok"` or `"error: <ExceptionClass>"`. The class name is enough for
an operator to start looking and tells a stranger nothing; the details go to the log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)
OK = "ok"


def database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("healthz: the database does not answer: %s", error)
        return f"error: {type(error).__name__}"
    return OK


def rate_limit_cache() -> str:
    try:
        cache.get("errata:healthz")
    # Each cache backend raises its own errors (redis.ConnectionError, OSError …); any of
    # them means intake's rate limits cannot work, which is what this check is for.
    except Exception as error:
        logger.warning("healthz: the cache does not answer: %s", error)
        return f"error: {type(error).__name__}"
    return OK


CHECKS: dict[str, Callable[[], str]] = {"database": database, "cache": rate_limit_cache}


@dataclass(frozen=True)
class Health:
    components: dict[str, str]

    @property
    def ok(self) -> bool:
        return all(state == OK for state in self.components.values())


def check() -> Health:
    return Health({name: run() for name, run in CHECKS.items()})

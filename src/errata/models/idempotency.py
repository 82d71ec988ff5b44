"""Idempotency keys of `POST /api/v1/reports`: a retried request gets the first answer.

The widget sends one key per draft (`Idempotency-Key`); the key is stored in the same
transaction as the report, with the answer given, so a retry after a lost answer is
answered again instead of stored twice. Kept `KEPT` (24 hours), then swept by
`errata purge-contacts` (services/retention.py).
"""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar, Final

from django.db import models

from errata.models.base import SiteScoped, SiteScopedQuerySet

KEPT: Final = timedelta(hours=24)


class IdempotencyKey(SiteScoped):
    key = models.CharField(max_length=255)
    # SHA-256 of the request's payload: the same key with another report is refused.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    # The answer's body: the reference and the reader's message, nothing personal.
    response = models.JSONField()

    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["site", "key"], name="unique_idempotency_key"),
        ]

    def __str__(self) -> str:
        return self.key

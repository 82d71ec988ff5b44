"""What every server process must agree on: rate-limit counters and spent proofs of work.

They live in the database, so that the embedded default (SQLite, several gunicorn
workers, no Redis) counts one reader once, not once per worker (decision 16).
"""

from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """The hits of one key (a reader, an article, a sign-in) in one fixed window.

    `errata.counters` reads the current and the previous window to make a sliding one.
    """

    key = models.CharField(max_length=200)
    started = models.BigIntegerField(help_text="Start of the window, in Unix seconds")
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.BigIntegerField(db_index=True, help_text="Unix seconds")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "started"], name="rate_counter_key_started")
        ]

    def __str__(self) -> str:
        return f"{self.key} @ {self.started}: {self.hits}"


class UsedProof(models.Model):
    """A proof-of-work solution already accepted: its signature may not serve again."""

    signature = models.CharField(max_length=128, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.signature[:16]

"""A secret errata issues once and keeps only as a hash: CMS API keys and desk tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar, Self

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_secret(raw: str) -> str:
    # Secrets are 32 random bytes, so a fast hash is enough: no dictionary to attack.
    return hashlib.sha256(raw.encode()).hexdigest()


class IssuedSecret(models.Model):
    """Shown once at creation (`issue`), then only recognised (`authenticate`)."""

    PREFIX: ClassVar[str]
    OWNER: ClassVar[str]  # the foreign key naming whom the secret belongs to

    name = models.CharField(_("name"), max_length=100)
    hint = models.CharField(_("first characters"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def usable(cls) -> models.QuerySet[Self]:
        """The secrets that still open the door."""
        return cls._default_manager.filter(revoked_at__isnull=True)

    @classmethod
    def issue(cls, owner: Any, name: str) -> tuple[Self, str]:
        """Create a secret; the raw value is returned once and never stored."""
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        issued = cls._default_manager.create(
            **{cls.OWNER: owner}, name=name, hint=raw[:10], key_hash=hash_secret(raw)
        )
        return issued, raw

    @classmethod
    def authenticate(cls, raw: str) -> Self | None:
        found = cls.usable().select_related(cls.OWNER).filter(key_hash=hash_secret(raw)).first()
        if found is not None:
            cls._default_manager.filter(pk=found.pk).update(last_used_at=timezone.now())
        return found

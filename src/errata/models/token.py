"""A DeskToken lets a person's scripts and integrations use `/api/v1/cases` as that person.

It belongs to a user, not a site: the token reaches exactly the sites its user is a
member of, with the same role, and every action it takes is recorded under that user's
name (docs/decisions/0007-desk-api-auth.md). Shown once at creation, stored hashed.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from errata.models.secret import IssuedSecret


class DeskToken(IssuedSecret):
    PREFIX = "dt_"
    OWNER = "user"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_tokens"
    )

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name = _("desk API token")

    @classmethod
    def usable(cls) -> models.QuerySet[DeskToken]:
        # A deactivated person's tokens stop working with their account.
        return super().usable().filter(user__is_active=True)

    @classmethod
    def revoke(cls, user: object, token_id: int) -> bool:
        """Revoke one of `user`'s tokens; False when they have no such active token."""
        revoked = cls.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        return revoked > 0

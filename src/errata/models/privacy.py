"""A ReaderRequest is one export or erasure of a reader's data (GDPR articles 15 and 17).

It is the audit row of that request: who asked for it, when, through which door (the desk
or the shell), and what it found, naming the reader's address only by a keyed hash and a
masked hint, so that the log of erasures does not itself keep the erased address.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from errata.models.base import SiteScoped, SiteScopedQuerySet


class ReaderRequestKind(models.TextChoices):
    EXPORT = "export", _("Export")
    ERASE = "erase", _("Erasure")


class ReaderRequestChannel(models.TextChoices):
    DESK = "desk", _("Desk")
    CLI = "cli", _("Command line")


class ReaderRequestQuerySet(SiteScopedQuerySet):
    pass


class ReaderRequest(SiteScoped):
    kind = models.CharField(_("kind"), max_length=8, choices=ReaderRequestKind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept when the account is deleted: the audit must still say who it was.
    actor_name = models.CharField(_("who"), max_length=150)
    channel = models.CharField(_("through"), max_length=8, choices=ReaderRequestChannel)
    address_hash = models.CharField(_("address (keyed hash)"), max_length=64, db_index=True)
    address_hint = models.CharField(_("address (masked)"), max_length=80)
    reports = models.PositiveIntegerField(_("reports"), default=0)
    replies = models.PositiveIntegerField(_("replies"), default=0)
    data = models.JSONField(default=dict, blank=True)

    objects = ReaderRequestQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name = _("request about a reader's data")
        verbose_name_plural = _("requests about readers' data")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.address_hint} by {self.actor_name}"

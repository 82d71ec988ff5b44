"""A SiteChange is the audit row of one change to a site's setup.

Allowed origins, the article selector, the URL rule and the other settings change the
pages a site accepts reports from, so each change is kept: who made it, through which door
(the desk, the shell or the operators' Django admin), which setting, and the value before and after. Secrets are never
written here, only the fact that they changed.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from errata.models.base import SiteScoped, SiteScopedQuerySet


class SiteChangeKind(models.TextChoices):
    SETTING = "setting", _("Setting changed")
    ORIGIN_ADDED = "origin_added", _("Allowed origin added")
    ORIGIN_REMOVED = "origin_removed", _("Allowed origin removed")


class SiteChangeChannel(models.TextChoices):
    DESK = "desk", _("Desk")
    CLI = "cli", _("Command line")
    ADMIN = "admin", _("Django admin")


class SiteChangeQuerySet(SiteScopedQuerySet):
    pass


class SiteChange(SiteScoped):
    kind = models.CharField(_("kind"), max_length=16, choices=SiteChangeKind)
    setting = models.CharField(_("setting"), max_length=40)
    old_value = models.TextField(_("before"), blank=True)
    new_value = models.TextField(_("after"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept when the account is deleted; for the shell, the operator's login name.
    actor_name = models.CharField(_("who"), max_length=150)
    channel = models.CharField(_("through"), max_length=8, choices=SiteChangeChannel)

    objects = SiteChangeQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name = _("change to a site's setup")
        verbose_name_plural = _("changes to a site's setup")

    def __str__(self) -> str:
        return f"{self.setting}: {self.old_value!r} → {self.new_value!r} by {self.actor_name}"

"""What every errata table shares: a Site, a creation time, and a queryset scoped by site."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from errata.models.site import Site


class SiteScopedQuerySet(models.QuerySet[Any]):
    """Every query about readers' or editors' data starts with `.for_site(site)`."""

    def for_site(self, site: Site | int) -> Self:
        return self.filter(site=site)


class SiteScoped(models.Model):
    site = models.ForeignKey("errata.Site", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        abstract = True


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class DeliveryQuerySet(SiteScopedQuerySet):
    def pending(self) -> Self:
        return self.filter(status=DeliveryStatus.PENDING)


class Delivery(SiteScoped):
    """Something errata sends out and retries (a reply, a webhook): its visible fate."""

    status = models.CharField(
        _("delivery"), max_length=10, choices=DeliveryStatus, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        abstract = True

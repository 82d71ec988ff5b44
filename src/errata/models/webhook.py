"""A WebhookDelivery is one signed POST of a correction to the publisher's CMS, and its fate."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from errata.models.base import Delivery, DeliveryQuerySet


class WebhookDeliveryQuerySet(DeliveryQuerySet):
    pass


class WebhookDelivery(Delivery):
    correction = models.ForeignKey(
        "errata.Correction", on_delete=models.CASCADE, related_name="webhook_deliveries"
    )
    url = models.URLField(_("URL"), max_length=500)
    # The exact bytes signed and sent, so every retry carries the same body.
    body = models.TextField(_("body"))
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.correction_id} → {self.url} ({self.status})"

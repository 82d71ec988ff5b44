"""A Reply is one message to one reporter, in the language of their report."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from errata.models.base import Delivery, DeliveryQuerySet


class ReplyQuerySet(DeliveryQuerySet):
    pass


class Reply(Delivery):
    case = models.ForeignKey("errata.Case", on_delete=models.CASCADE, related_name="replies")
    report = models.ForeignKey("errata.Report", on_delete=models.CASCADE, related_name="replies")
    language = models.CharField(_("language"), max_length=12)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["created_at", "pk"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"{self.case} → {self.get_status_display()}"

"""What every errata table shares: a Site, a creation time, and a queryset scoped by site."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
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

    def take_attempt(self, delivery: Delivery, *, in_flight: timedelta) -> bool:
        """Start the delivery's next attempt, unless another run of its task has one going.

        A task can run twice (released after its worker was judged dead, beside the retry
        it had queued). Two runs that read the same row race on `attempts`; a run that
        starts while an attempt is under way finds `attempt_started_at` less than
        `in_flight` old and leaves the delivery to it. `in_flight` is the task lease: a
        dead worker's task is released no sooner, so its attempt is over by then.
        """
        now = timezone.now()
        taken = (
            self.filter(pk=delivery.pk, status=DeliveryStatus.PENDING, attempts=delivery.attempts)
            .filter(Q(attempt_started_at__isnull=True) | Q(attempt_started_at__lt=now - in_flight))
            .update(attempts=F("attempts") + 1, attempt_started_at=now)
        )
        if taken:
            # None in memory: saving the attempt's outcome closes it (an attempt whose
            # worker died left its start behind).
            delivery.attempts += 1
            delivery.attempt_started_at = None
        else:
            delivery.refresh_from_db(fields=["status", "attempts", "attempt_started_at"])
        return bool(taken)


class Delivery(SiteScoped):
    """Something errata sends out and retries (a reply, a webhook): its visible fate."""

    status = models.CharField(
        _("delivery"), max_length=10, choices=DeliveryStatus, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    attempt_started_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the attempt under way started; empty between attempts",
    )

    class Meta:
        abstract = True

    @property
    def awaits_retry(self) -> bool:
        """Pending with no attempt under way: the run that made the last attempt retries."""
        return self.status == DeliveryStatus.PENDING and self.attempt_started_at is None

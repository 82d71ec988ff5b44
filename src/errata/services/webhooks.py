"""Telling a publisher's CMS about a correction: a signed JSON POST, retried by a task.

For an article errata does not host, the CMS owns the text, so each correction is posted
to `site.webhook_url` as

    {"event": "correction.published", "article": {"url", "title", "language"},
     "old_text": passage before, "new_text": passage after,
     "passage": {"exact", "prefix", "suffix", "start", "end"} | null,
     "notice", "kind", "correction", "case", "published_at"}

with `X-Errata-Timestamp: <unix seconds>` and `X-Errata-Signature: sha256=<hex>`, the
HMAC-SHA256 under `site.webhook_secret` of `<timestamp>.<body>`. Signing the timestamp
with the body lets the receiver refuse replays of an old delivery (docs/desk.md).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from errata import __version__, outbound
from errata.models import (
    ArticleSource,
    CaseEvent,
    CaseEventKind,
    Correction,
    DeliveryStatus,
    WebhookDelivery,
)
from errata.ops import leases

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
TIMEOUT_SECONDS = 10
# The receiver's answer is not used; reading a little of it is enough to end the exchange.
ANSWER_BYTES = 64 * 1024
BACKOFF = (
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(hours=1),
    timedelta(hours=6),
)
# The sources whose text errata serves itself: no CMS to tell.
_HOSTED = {ArticleSource.HOSTED, ArticleSource.IMPORT}
_CONTEXT = 32


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a receiver does (and what the tests check): recompute and compare in constant time."""
    try:
        expected = sign(secret, int(timestamp), body)
    except ValueError:
        return False
    return hmac.compare_digest(expected, signature)


def payload(correction: Correction) -> dict[str, Any]:
    article, case = correction.article, correction.case
    passage = None
    if case is not None and case.anchor_start is not None and case.anchor_end is not None:
        text = correction.version_before.text
        start, end = case.anchor_start, case.anchor_end
        passage = {
            "exact": text[start:end],
            "prefix": text[max(0, start - _CONTEXT) : start],
            "suffix": text[end : end + _CONTEXT],
            "start": start,
            "end": end,
        }
    return {
        "event": "correction.published",
        "article": {"url": article.url, "title": article.title, "language": article.language},
        "old_text": correction.passage_before,
        "new_text": correction.passage_after,
        "passage": passage,
        "notice": correction.notice,
        "kind": correction.kind,
        "correction": str(correction.public_id),
        "case": case.reference if case is not None else None,
        "published_at": correction.published_at.isoformat() if correction.published_at else None,
    }


def announce(correction: Correction) -> WebhookDelivery | None:
    """Queue the webhook for a correction of a CMS article, if the site has a webhook."""
    site = correction.article.site
    if correction.article.source in _HOSTED or not site.webhook_url:
        return None
    body = json.dumps(payload(correction), ensure_ascii=False, separators=(",", ":"))
    delivery = WebhookDelivery.objects.create(
        site=site, correction=correction, url=site.webhook_url, body=body
    )
    from errata import tasks  # tasks call this module; imported when first needed

    transaction.on_commit(lambda: tasks.deliver_webhook.enqueue(delivery.pk))
    return delivery


def deliver(delivery_id: int) -> WebhookDelivery:
    """One attempt; the delivery stays PENDING after a failure while attempts remain."""
    delivery: WebhookDelivery = WebhookDelivery.objects.select_related(
        "site", "correction__case"
    ).get(pk=delivery_id)
    if delivery.status != DeliveryStatus.PENDING:
        return delivery
    # The receiver can still see one delivery twice, if a worker dies between the CMS's
    # answer and the save below: X-Errata-Delivery names it (docs/desk.md).
    if not WebhookDelivery.objects.take_attempt(delivery, in_flight=leases.attempt_window()):
        return delivery
    secret = delivery.site.webhook_secret
    if not secret:
        return _finish(delivery, DeliveryStatus.FAILED, "the site has no webhook secret")
    body = delivery.body.encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"errata/{__version__}",
        "X-Errata-Delivery": str(delivery.pk),
        "X-Errata-Timestamp": str(timestamp),
        "X-Errata-Signature": sign(secret, timestamp, body),
    }
    # Through the guarded client: public addresses only, checked at connect time, no
    # redirects; its errors say what happened in general terms, never what a refused
    # address answered (the desk shows them).
    try:
        answer = outbound.request(
            "POST",
            delivery.url,
            body=body,
            headers=headers,
            timeout=TIMEOUT_SECONDS,
            max_bytes=ANSWER_BYTES,
        )
    except outbound.BlockedAddress as error:
        # Not worth retrying: the address will not become public by itself.
        return _finish(delivery, DeliveryStatus.FAILED, error.message)
    except outbound.OutboundError as error:
        delivery.response_status, delivery.last_error = error.status, error.message
    else:
        delivery.response_status = answer.status
        if 200 <= answer.status < 300:
            return _finish(delivery, DeliveryStatus.SENT, "")
        delivery.last_error = f"the CMS answered HTTP {answer.status}"
    logger.warning(
        "webhook %s: attempt %s failed: %s", delivery.pk, delivery.attempts, delivery.last_error
    )
    if delivery.attempts >= MAX_ATTEMPTS:
        return _finish(delivery, DeliveryStatus.FAILED, delivery.last_error)
    delivery.save(update_fields=["attempts", "last_error", "response_status", "attempt_started_at"])
    return delivery


def _finish(delivery: WebhookDelivery, status: DeliveryStatus, error: str) -> WebhookDelivery:
    delivery.status, delivery.last_error = status, error
    if status == DeliveryStatus.SENT:
        delivery.delivered_at = timezone.now()
    case = delivery.correction.case
    with transaction.atomic():
        delivery.save()
        if case is not None:
            CaseEvent.objects.record(
                case,
                CaseEventKind.WEBHOOK,
                note=(
                    "Webhook delivered to the CMS"
                    if status == DeliveryStatus.SENT
                    else f"Webhook not delivered: {error}"
                ),
                data={"webhook": delivery.pk, "status": status, "attempts": delivery.attempts},
            )
    return delivery


def retry_delay(attempts: int) -> timedelta:
    return BACKOFF[min(max(attempts - 1, 0), len(BACKOFF) - 1)]

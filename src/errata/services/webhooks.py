"""Telling a publisher's CMS about a correction: a signed JSON POST, retried by a task.

For an article errata does not host, the CMS owns the text, so each correction is posted
to `site.webhook_url`, signed by the Standard Webhooks scheme (standardwebhooks.com):

    webhook-id: msg_<correction id>      the same on every retry: the receiver's dedup key
    webhook-timestamp: <unix seconds>    of this attempt
    webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">

keyed with the site's `webhook_secret`: a `whsec_<base64>` secret is the base64-decoded
key, as the scheme's libraries read it; any other secret is its UTF-8 bytes. The body is
`{"type": "correction.published", "timestamp", "data": {"correction", "article",
"passage"}}` (`payload()`; docs/api.md#correction-webhooks describes every field). The CMS
says what it did with it through `POST /api/v1/corrections/{id}/cms-state`
(`report_cms_state()`), which the desk shows.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from errata import __version__, outbound
from errata.models import (
    ArticleSource,
    CaseEvent,
    CaseEventKind,
    CmsState,
    Correction,
    CorrectionKind,
    DeliveryStatus,
    Site,
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
# How far a receiver should let a timestamp stray from its clock (the scheme's default).
TOLERANCE_SECONDS = 5 * 60
SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)
# The sources whose text errata serves itself: no CMS to tell.
_HOSTED = {ArticleSource.HOSTED, ArticleSource.IMPORT}
_CONTEXT = 32

# errata's kinds in two newsroom vocabularies. Arc XP's ANS `correction` element takes a
# free `correction_type` ("E.g., clarification, retraction"); NewsML-G2's signal scheme
# tells a correction of an error (`sig:correction`) from any other change (`sig:update`).
NEWSML_G2_SIGNAL = {
    CorrectionKind.CORRECTION: "sig:correction",
    CorrectionKind.CLARIFICATION: "sig:update",
    CorrectionKind.UPDATE: "sig:update",
    CorrectionKind.EDITORS_NOTE: "sig:update",
    CorrectionKind.SILENT: "sig:update",
}
ANS_CORRECTION_TYPE = {
    CorrectionKind.CORRECTION: "correction",
    CorrectionKind.CLARIFICATION: "clarification",
    CorrectionKind.UPDATE: "update",
    CorrectionKind.EDITORS_NOTE: "editors_note",
}


def signing_key(secret: str) -> bytes:
    """The HMAC key a site's `webhook_secret` stands for (see the module's docstring)."""
    if secret.startswith(SECRET_PREFIX):
        # Read as the scheme's own libraries read it: padding added, stray characters
        # skipped, so that a receiver using one of them agrees with errata.
        try:
            return base64.b64decode(secret[len(SECRET_PREFIX) :] + "==") or secret.encode()
        except binascii.Error:
            pass
    return secret.encode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header: `v1,` and the base64 HMAC-SHA256."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(signing_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify(
    secret: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    now: float | None = None,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """What a receiver does (and what the tests check): a timestamp within `tolerance` of
    its clock, and one of the header's space-separated signatures recomputed in constant
    time. Header names are matched without regard to case."""
    fields = {name.lower(): value for name, value in headers.items()}
    message_id = fields.get("webhook-id", "")
    try:
        timestamp = int(fields.get("webhook-timestamp", ""))
    except ValueError:
        return False
    clock = time.time() if now is None else now
    if not message_id or abs(clock - timestamp) > tolerance:
        return False
    expected = sign(secret, message_id, timestamp, body)
    return any(
        hmac.compare_digest(expected, candidate)
        for candidate in fields.get("webhook-signature", "").split()
    )


def message_id(correction: Correction) -> str:
    return f"msg_{correction.public_id.hex}"


def _passage(correction: Correction) -> dict[str, Any] | None:
    """Where the passage was in the version errata corrected, as W3C selectors; `None`
    for a notice about the whole article."""
    case = correction.case
    if case is None or case.anchor_start is None or case.anchor_end is None:
        return None
    text = correction.version_before.text
    start, end = case.anchor_start, case.anchor_end
    return {
        "old": correction.passage_before,
        "new": correction.passage_after,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": text[start:end],
                "prefix": text[max(0, start - _CONTEXT) : start],
                "suffix": text[end : end + _CONTEXT],
            },
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }


def payload(correction: Correction) -> dict[str, Any]:
    article, case, version = correction.article, correction.case, correction.version_before
    kind = CorrectionKind(correction.kind)
    notice = {"text": correction.notice, "language": article.language}
    ans_type = ANS_CORRECTION_TYPE.get(kind)
    state_path = f"/api/v1/corrections/{correction.public_id}/cms-state"
    return {
        "type": "correction.published",
        "timestamp": timezone.now().isoformat(),
        "data": {
            "correction": {
                "id": str(correction.public_id),
                "kind": kind.value,
                "notice": notice if kind.public else None,
                "published_at": (
                    correction.published_at.isoformat() if correction.published_at else None
                ),
                "case": case.reference if case is not None else None,
                "vocabularies": {
                    "ans": (
                        {"type": "correction", "correction_type": ans_type, "text": notice["text"]}
                        if ans_type
                        else None
                    ),
                    "newsml_g2_signal": NEWSML_G2_SIGNAL[kind],
                },
                "state_url": f"{settings.ERRATA_PUBLIC_URL}{state_path}",
            },
            "article": {
                "url": article.url,
                "cms_id": article.cms_id or None,
                "title": article.title,
                "language": article.language,
                "version": {"id": version.pk, "text_hash": version.text_hash},
            },
            "passage": _passage(correction),
        },
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
    # answer and the save below: the webhook-id header names it (docs/api.md).
    if not WebhookDelivery.objects.take_attempt(delivery, in_flight=leases.attempt_window()):
        return delivery
    secret = delivery.site.webhook_secret
    if not secret:
        return _finish(delivery, DeliveryStatus.FAILED, "the site has no webhook secret")
    body = delivery.body.encode()
    timestamp = int(time.time())
    msg_id = message_id(delivery.correction)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"errata/{__version__}",
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, msg_id, timestamp, body),
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


def awaiting_manual_edit(sites: Iterable[Site]) -> list[Correction]:
    """The corrections a CMS said it could not apply, on these sites, oldest report first:
    an editor has to make the change in the CMS by hand."""
    return list(
        Correction.objects.filter(site__in=list(sites), cms_state=CmsState.NEEDS_MANUAL_EDIT)
        .select_related("article", "case", "site")
        .order_by("cms_reported_at", "pk")
    )


@dataclass(frozen=True)
class CmsReport:
    """What a CMS last said it did with a correction, and when errata heard it."""

    correction: Correction
    state: CmsState
    detail: str
    revision: str
    reported_at: datetime


def report_cms_state(
    correction: Correction, state: CmsState, *, detail: str = "", revision: str = ""
) -> CmsReport:
    """Record what the CMS did with a correction, in its case's history too. Reporting
    the same state again changes nothing; a later report replaces an earlier one."""
    unchanged = (correction.cms_state, correction.cms_detail, correction.cms_revision) == (
        state,
        detail,
        revision,
    )
    if unchanged and correction.cms_reported_at is not None:
        return CmsReport(correction, state, detail, revision, correction.cms_reported_at)
    correction.cms_state, correction.cms_detail, correction.cms_revision = state, detail, revision
    correction.cms_reported_at = reported_at = timezone.now()
    with transaction.atomic():
        correction.save(
            update_fields=["cms_state", "cms_detail", "cms_revision", "cms_reported_at"]
        )
        if correction.case is not None:
            said = (
                "The CMS applied the correction"
                if state == CmsState.APPLIED
                else "The CMS could not apply the correction: edit the article by hand"
            )
            CaseEvent.objects.record(
                correction.case,
                CaseEventKind.WEBHOOK,
                note=f"{said}{f' ({detail})' if detail else ''}",
                data={
                    "correction": str(correction.public_id),
                    "cms_state": state,
                    "revision": revision,
                },
            )
    return CmsReport(correction, state, detail, revision, reported_at)

"""Signed webhooks to a CMS, received by a real HTTP server on loopback."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from errata import models, tasks
from errata.ops import leases
from errata.services import cases, webhooks
from tests.functional.desk.cases import member, open_case
from tests.functional.desk.smtp import IMMEDIATE_TASKS

pytestmark = pytest.mark.django_db
SECRET = "whsec-test-0123456789"


@dataclass
class Receiver:
    url: str
    # Status codes to answer, in order; then 204.
    answers: list[int] = field(default_factory=list)
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            # HTTP header names are case-insensitive: kept lower-cased here.
            headers = {name.lower(): value for name, value in self.headers.items()}
            state.received.append((headers, self.rfile.read(length)))
            status = state.answers.pop(0) if state.answers else 204
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", "/elsewhere")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/errata-hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def cms_case(article: models.Article, receiver: Receiver, settings: Any) -> models.Case:
    settings.TASKS = IMMEDIATE_TASKS
    # The receiver stands on loopback, which errata reaches only when the operator says so.
    settings.ERRATA_OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    site = article.site
    site.webhook_url, site.webhook_secret = receiver.url, SECRET
    site.save()
    return open_case(article)


def test_a_correction_is_posted_signed_to_the_cms(
    cms_case: models.Case, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        correction = cases.accept(
            member(cms_case.site), cms_case, kind="correction", passage_after="1,3 milliard"
        )

    [(headers, raw)] = receiver.received
    assert headers["content-type"] == "application/json"
    # Standard Webhooks: the scheme's reference library accepts errata's signature.
    body = Webhook(SECRET.encode()).verify(raw, headers)
    assert headers["webhook-id"] == f"msg_{correction.public_id.hex}"
    assert abs(int(headers["webhook-timestamp"]) - time.time()) < 60
    assert webhooks.verify(SECRET, headers, raw)
    assert not webhooks.verify("another-secret", headers, raw)
    assert body["type"] == "correction.published"
    data = body["data"]
    assert data["article"]["url"] == cms_case.article.url
    assert data["article"]["version"] == {
        "id": correction.version_before_id,
        "text_hash": correction.version_before.text_hash,
    }
    assert (data["passage"]["old"], data["passage"]["new"]) == ("1,2 milliard", "1,3 milliard")
    quote, position = data["passage"]["selector"]
    assert (quote["type"], quote["exact"]) == ("TextQuoteSelector", "1,2 milliard")
    assert quote["prefix"].endswith("a adopté mardi un budget de ")
    text = correction.version_before.text
    assert text[position["start"] : position["end"]] == "1,2 milliard"
    assert data["correction"]["notice"] == {
        "text": correction.notice,
        "language": cms_case.article.language,
    }
    assert data["correction"]["case"] == cms_case.reference
    assert data["correction"]["vocabularies"] == {
        "ans": {"type": "correction", "correction_type": "correction", "text": correction.notice},
        "newsml_g2_signal": "sig:correction",
    }
    assert data["correction"]["state_url"].endswith(
        f"/api/v1/corrections/{correction.public_id}/cms-state"
    )
    delivery = models.WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("sent", 1, 204)
    assert cms_case.events.filter(kind="webhook", note="Webhook delivered to the CMS").exists()


def test_a_failing_cms_is_retried_until_it_answers(
    cms_case: models.Case, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    receiver.answers = [500, 503]
    with django_capture_on_commit_callbacks(execute=True):
        cases.accept(member(cms_case.site), cms_case, kind="update", passage_after="1,3 md")

    assert len(receiver.received) == 3
    # Every retry carries the same body, freshly timestamped and signed.
    assert len({raw for _, raw in receiver.received}) == 1
    delivery = models.WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("sent", 3)


def test_a_cms_that_never_answers_is_given_up(
    cms_case: models.Case, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    receiver.answers = [500] * webhooks.MAX_ATTEMPTS
    with django_capture_on_commit_callbacks(execute=True):
        cases.accept(member(cms_case.site), cms_case, kind="update", passage_after="1,3 md")

    delivery = models.WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        "failed",
        webhooks.MAX_ATTEMPTS,
        "the CMS answered HTTP 500",
    )
    assert cms_case.events.filter(
        kind="webhook", note="Webhook not delivered: the CMS answered HTTP 500"
    ).exists()


def test_a_webhook_to_a_local_address_is_never_sent(
    cms_case: models.Case,
    receiver: Receiver,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # Without the operator's allowance, loopback is out of reach, and the desk is told so
    # in general terms: no port, no connection error a site admin could scan with.
    settings.ERRATA_OUTBOUND_ALLOWED_NETWORKS = []
    with django_capture_on_commit_callbacks(execute=True):
        cases.accept(member(cms_case.site), cms_case, kind="update", passage_after="1,3 md")

    assert receiver.received == []
    delivery = models.WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert delivery.last_error.startswith("the address is on a private or local network")
    note = cms_case.events.get(kind="webhook").note
    assert receiver.url.rsplit(":", 1)[1].split("/")[0] not in note


def test_a_redirect_is_not_followed(
    cms_case: models.Case, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    receiver.answers = [307] * webhooks.MAX_ATTEMPTS
    with django_capture_on_commit_callbacks(execute=True):
        cases.accept(member(cms_case.site), cms_case, kind="update", passage_after="1,3 md")

    # Each attempt reached the hook once and never went where the answer pointed.
    assert len(receiver.received) == webhooks.MAX_ATTEMPTS
    delivery = models.WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    assert "redirect" in delivery.last_error


def test_no_secret_no_webhook(
    cms_case: models.Case, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    models.Site.objects.filter(pk=cms_case.site_id).update(webhook_secret="")
    cms_case.site.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        cases.accept(member(cms_case.site), cms_case, kind="update", passage_after="1,3 md")
    assert receiver.received == []
    assert models.WebhookDelivery.objects.get().last_error == "the site has no webhook secret"


def test_a_delivery_under_way_is_posted_by_its_own_run_only(
    cms_case: models.Case, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    """A second run of the task (its worker judged dead, or its retry queued) while an
    attempt is under way posts nothing; after the lease, the attempt is over and the
    next run posts, with the same webhook-id."""
    receiver.answers = [500]
    with django_capture_on_commit_callbacks(execute=True):
        cases.accept(member(cms_case.site), cms_case, kind="update", passage_after="1,3 md")
    delivery = models.WebhookDelivery.objects.get()
    receiver.received.clear()
    under_way = timezone.now()
    models.WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=models.DeliveryStatus.PENDING, attempts=1, attempt_started_at=under_way
    )

    tasks.deliver_webhook.enqueue(delivery.pk)

    assert receiver.received == []
    models.WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempt_started_at=under_way - leases.attempt_window() - timedelta(seconds=1)
    )
    tasks.deliver_webhook.enqueue(delivery.pk)

    [(headers, _raw)] = receiver.received
    assert headers["webhook-id"] == webhooks.message_id(delivery.correction)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.attempt_started_at) == ("sent", 2, None)


def test_every_retry_is_the_same_message_freshly_signed(
    cms_case: models.Case, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    receiver.answers = [503]
    with django_capture_on_commit_callbacks(execute=True):
        cases.accept(member(cms_case.site), cms_case, kind="update", passage_after="1,3 md")

    (first, raw_first), (second, raw_second) = receiver.received
    # One message id for both attempts: the receiver's key to apply a correction once.
    assert first["webhook-id"] == second["webhook-id"]
    assert raw_first == raw_second
    for headers in (first, second):
        assert webhooks.verify(SECRET, headers, raw_first)


def test_a_tampered_or_replayed_delivery_does_not_verify(
    cms_case: models.Case, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        cases.accept(member(cms_case.site), cms_case, kind="correction", passage_after="1,3 md")
    [(headers, raw)] = receiver.received
    sent_at = int(headers["webhook-timestamp"])

    tampered = raw.replace(b"1,3 md", b"9,9 md")
    assert not webhooks.verify(SECRET, headers, tampered)
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET.encode()).verify(tampered, headers)
    # Another message id, or the same delivery presented ten minutes later, is refused.
    assert not webhooks.verify(SECRET, {**headers, "webhook-id": "msg_other"}, raw)
    assert not webhooks.verify(SECRET, headers, raw, now=sent_at + 600)
    assert webhooks.verify(SECRET, headers, raw, now=sent_at + 60)
    assert not webhooks.verify(SECRET, {**headers, "webhook-timestamp": "soon"}, raw)


def test_a_whsec_secret_is_the_key_it_encodes(
    cms_case: models.Case, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    # A secret in the scheme's own format, as its libraries generate and read it.
    secret = "whsec_" + base64.b64encode(b"k" * 32).decode()
    models.Site.objects.filter(pk=cms_case.site_id).update(webhook_secret=secret)
    cms_case.site.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        cases.accept(member(cms_case.site), cms_case, kind="clarification", passage_after="x")

    [(headers, raw)] = receiver.received
    body = Webhook(secret).verify(raw, headers)
    assert body["data"]["correction"]["vocabularies"]["newsml_g2_signal"] == "sig:update"
    assert body["data"]["correction"]["vocabularies"]["ans"]["correction_type"] == ("clarification")
    assert webhooks.verify(secret, headers, raw)
    # The key is the decoded bytes, not the text of the secret.
    assert not webhooks.verify(secret.removeprefix("whsec_"), headers, raw)


def test_the_cms_id_from_the_push_comes_back_in_the_webhook(
    cms_case: models.Case, receiver: Receiver, django_capture_on_commit_callbacks: Any
) -> None:
    models.Article.objects.filter(pk=cms_case.article_id).update(cms_id="4711")
    with django_capture_on_commit_callbacks(execute=True):
        cases.accept(member(cms_case.site), cms_case, kind="correction", passage_after="1,3 md")
    [(_, raw)] = receiver.received
    assert json.loads(raw)["data"]["article"]["cms_id"] == "4711"

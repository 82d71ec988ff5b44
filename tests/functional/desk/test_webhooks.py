"""Signed webhooks to a CMS, received by a real HTTP server on loopback."""

from __future__ import annotations

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
            state.received.append((dict(self.headers.items()), self.rfile.read(length)))
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
    assert headers["Content-Type"] == "application/json"
    timestamp = headers["X-Errata-Timestamp"]
    assert abs(int(timestamp) - time.time()) < 60
    assert webhooks.verify(SECRET, timestamp, raw, headers["X-Errata-Signature"])
    assert not webhooks.verify("another-secret", timestamp, raw, headers["X-Errata-Signature"])
    assert not webhooks.verify(SECRET, str(int(timestamp) + 1), raw, headers["X-Errata-Signature"])
    body = json.loads(raw)
    assert body["article"]["url"] == cms_case.article.url
    assert (body["old_text"], body["new_text"]) == ("1,2 milliard", "1,3 milliard")
    assert body["passage"]["exact"] == "1,2 milliard"
    assert body["passage"]["prefix"].endswith("a adopté mardi un budget de ")
    assert body["notice"] == correction.notice
    assert body["case"] == cms_case.reference
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
    next run posts, with the same X-Errata-Delivery."""
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
    assert headers["X-Errata-Delivery"] == str(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.attempt_started_at) == ("sent", 2, None)

"""Replies to readers over real SMTP (aiosmtpd), with retries (the purge of their emails:
test_retention.py)."""

from __future__ import annotations

from datetime import timedelta
from email.header import decode_header, make_header
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from errata import models, tasks
from errata.ops import leases
from errata.services import cases, replies
from tests.functional.desk.cases import hosted_article, member, open_case
from tests.functional.desk.smtp import (
    Mailbox,
    mailbox_fixture,  # noqa: F401 - a fixture
    no_smtp_server_fixture,  # noqa: F401 - a fixture
)

pytestmark = pytest.mark.django_db


def subject(message: Any) -> str:
    return str(make_header(decode_header(message["Subject"])))


def body(message: Any) -> str:
    payload = message.get_payload(decode=True)
    return payload.decode(message.get_content_charset() or "utf-8")


@pytest.fixture
def readers_case(site: models.Site) -> models.Case:
    return open_case(
        hosted_article(site),
        reports=[
            {"language": "fr", "contact_email": "lectrice@example.org"},
            {"language": "en-GB", "contact_email": "reader@example.org", "suggestion": "1,3 md"},
            {"language": "fr", "contact_email": ""},
            # The same reader twice gets one reply.
            {"language": "fr", "contact_email": "LECTRICE@example.org"},
        ],
    )


def test_each_reader_gets_one_reply_in_their_language(
    readers_case: models.Case,
    mailbox: Mailbox,
    django_capture_on_commit_callbacks: Any,
) -> None:
    editor = member(readers_case.site)
    with django_capture_on_commit_callbacks(execute=True):
        cases.accept(editor, readers_case, kind="correction", passage_after="1,3 milliard")

    assert mailbox.recipients == [["lectrice@example.org"], ["reader@example.org"]]
    french, english = mailbox.messages
    assert (
        subject(french)
        == f"{readers_case.reference} : nous avons corrigé l'article « Lyon adopte son budget »"
    )
    assert "Il s'agissait de « 1,3 milliard »" in body(french)
    assert french["Content-Language"] == "fr"
    assert subject(english) == f"{readers_case.reference}: we corrected “Lyon adopte son budget”"
    assert english["Content-Language"] == "en"
    assert french["From"] == "corrections@quotidien.example"

    sent = models.Reply.objects.order_by("pk")
    assert [(r.language, r.status, r.attempts) for r in sent] == [
        ("fr", "sent", 1),
        ("en", "sent", 1),
    ]
    assert all(r.sent_at for r in sent)
    notes = list(readers_case.events.filter(kind="reply").values_list("note", flat=True))
    assert notes == ["Reply sent (fr)", "Reply sent (en)"]


def test_a_declined_case_tells_the_reason_in_the_readers_language(
    readers_case: models.Case, mailbox: Mailbox, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        cases.decline(member(readers_case.site), readers_case, "cannot_verify")

    french, english = mailbox.messages
    assert "nous n'avons pas pu vérifier l'information à ce stade" in body(french)
    assert "we could not verify the information at this stage" in body(english)


def test_readers_of_a_duplicate_are_answered_with_the_original(
    site: models.Site, mailbox: Mailbox, django_capture_on_commit_callbacks: Any
) -> None:
    article = hosted_article(site)
    original = open_case(article, reports=[{"contact_email": "a@example.org"}])
    copy = open_case(article, reports=[{"contact_email": "b@example.org", "language": "en"}])
    editor = member(site)
    cases.mark_duplicate(editor, copy, original.reference)
    assert mailbox.messages == []

    with django_capture_on_commit_callbacks(execute=True):
        cases.accept(editor, original, kind="correction", passage_after="1,3 milliard")

    assert sorted(r[0] for r in mailbox.recipients) == ["a@example.org", "b@example.org"]


def test_a_late_duplicate_of_a_decided_case_is_answered_at_once(
    site: models.Site, mailbox: Mailbox, django_capture_on_commit_callbacks: Any
) -> None:
    article = hosted_article(site)
    original = open_case(article, reports=[{"contact_email": "a@example.org"}])
    editor = member(site)
    with django_capture_on_commit_callbacks(execute=True):
        cases.accept(editor, original, kind="correction", passage_after="1,3 milliard")
    late = open_case(
        article,
        quote="1,3 milliard",
        reports=[{"contact_email": "late@example.org", "language": "en"}],
    )

    with django_capture_on_commit_callbacks(execute=True):
        cases.mark_duplicate(editor, late, original.reference)

    assert mailbox.recipients == [["a@example.org"], ["late@example.org"]]
    assert subject(mailbox.messages[1]).startswith(f"{original.reference}: we corrected")
    assert "1,3 milliard" in body(mailbox.messages[1])


def test_nobody_is_answered_for_spam(
    readers_case: models.Case, mailbox: Mailbox, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        cases.mark_spam(member(readers_case.site), readers_case)
    assert mailbox.messages == []
    assert not models.Reply.objects.exists()


def test_a_reply_is_retried_then_marked_failed(
    readers_case: models.Case, no_smtp_server: int, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        cases.decline(member(readers_case.site), readers_case, "opinion")

    for reply in models.Reply.objects.all():
        assert reply.status == models.DeliveryStatus.FAILED
        assert reply.attempts == replies.MAX_ATTEMPTS
        assert "ConnectionRefusedError" in reply.last_error
    failures = readers_case.events.filter(kind="reply", note__startswith="Reply not delivered")
    assert failures.count() == 2


def test_a_failed_attempt_keeps_the_reply_pending(
    readers_case: models.Case, no_smtp_server: int
) -> None:
    cases.decline(member(readers_case.site), readers_case, "opinion")
    reply = models.Reply.objects.first()
    assert reply is not None

    attempted = replies.deliver(reply.pk)

    assert (attempted.status, attempted.attempts) == ("pending", 1)
    assert replies.retry_delay(1) < replies.retry_delay(2) < replies.retry_delay(9)


def test_a_sent_reply_is_not_sent_twice(readers_case: models.Case, mailbox: Mailbox) -> None:
    cases.decline(member(readers_case.site), readers_case, "opinion")
    reply = models.Reply.objects.first()
    assert reply is not None
    replies.deliver(reply.pk)
    replies.deliver(reply.pk)
    assert len(mailbox.messages) == 1


def test_a_run_that_finds_an_attempt_under_way_leaves_the_reply_to_it(
    readers_case: models.Case, mailbox: Mailbox
) -> None:
    """A task run again while another run of it is sending (its worker judged dead, or
    its retry already queued) sends nothing, and queues no retry of its own: the run
    that is sending retries if it must."""
    cases.decline(member(readers_case.site), readers_case, "opinion")
    reply = models.Reply.objects.first()
    assert reply is not None
    mailbox.messages.clear()
    models.Reply.objects.filter(pk=reply.pk).update(
        status=models.DeliveryStatus.PENDING, attempts=1, attempt_started_at=timezone.now()
    )

    # Immediate tasks: a retry queued here would run at once, and find the same attempt.
    tasks.send_reply.enqueue(reply.pk)

    reply.refresh_from_db()
    assert mailbox.messages == []
    assert (reply.status, reply.attempts, reply.awaits_retry) == ("pending", 1, False)


def test_an_attempt_left_by_a_dead_worker_is_taken_over_after_the_lease(
    readers_case: models.Case, mailbox: Mailbox
) -> None:
    cases.decline(member(readers_case.site), readers_case, "opinion")
    reply = models.Reply.objects.first()
    assert reply is not None
    mailbox.messages.clear()
    models.Reply.objects.filter(pk=reply.pk).update(
        status=models.DeliveryStatus.PENDING,
        attempts=1,
        attempt_started_at=timezone.now() - leases.attempt_window() - timedelta(seconds=1),
    )

    tasks.send_reply.enqueue(reply.pk)

    reply.refresh_from_db()
    assert (reply.status, reply.attempts, reply.attempt_started_at) == ("sent", 2, None)
    [message] = mailbox.messages
    # The same Message-ID as the attempt that may have reached the mail server before its
    # worker died: mail systems that drop repeats show the reader one message.
    assert message["Message-ID"] == replies.message_id(reply)
    assert message["Message-ID"].startswith(f"<errata-reply-{reply.pk}.")
    assert message["Message-ID"].endswith("@quotidien.example>")


def test_in_production_the_work_waits_for_the_database_worker(
    readers_case: models.Case, django_capture_on_commit_callbacks: Any
) -> None:
    """With the configured backend (django_tasks_db) nothing is sent in the request: the
    reply, the purge at the end of retention and the re-anchoring are queued rows."""
    with django_capture_on_commit_callbacks(execute=True):
        cases.accept(
            member(readers_case.site), readers_case, kind="correction", passage_after="1,3"
        )

    queued = list(DBTaskResult.objects.values_list("task_path", "run_after"))
    paths = sorted(path for path, _ in queued)
    assert paths == [
        "errata.tasks.purge_case_contacts",
        "errata.tasks.reanchor_article",
        "errata.tasks.send_reply",
        "errata.tasks.send_reply",
    ]
    readers_case.refresh_from_db()
    assert readers_case.closed_at is not None
    purge_at = next(at for path, at in queued if path.endswith("purge_case_contacts"))
    assert purge_at == readers_case.closed_at + timedelta(days=90)
    assert set(models.Reply.objects.values_list("status", flat=True)) == {"pending"}

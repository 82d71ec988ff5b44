"""Answering readers: one Reply per reporter who left an email, sent by a background task.

A reply is drafted when a case is decided (corrected or declined), in the language of the
reader's report (else the article's), from the site's reply template for that decision.
Readers of cases marked as duplicates of the decided case are answered with it. Sending
happens in `errata.tasks.send_reply`, after the decision has committed, with retries;
the delivery state is on the Reply and in the case history. Reporters' emails are purged
by `errata.services.retention` once the site's retention is over.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from errata import notices
from errata.i18n import best_language
from errata.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    DeliveryStatus,
    Reply,
    Report,
    ReportStatus,
    TemplatePurpose,
)
from errata.ops import leases
from errata.services import retention

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Waits before the 2nd, 3rd … attempt when the task backend can defer work.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))


def reports_to_answer(case: Case, only: Case | None = None) -> list[Report]:
    """Received reports with an email still within its retention, of this case and its
    duplicates (or of `only`), one per address."""
    scope = (
        Q(case=only)
        if only is not None
        else Q(case=case) | Q(case__duplicate_of=case, case__status=CaseStatus.DUPLICATE)
    )
    reports = (
        Report.objects.for_site(case.site)
        .filter(scope)
        .filter(status=ReportStatus.RECEIVED)
        .with_contact()
        .exclude(retention.contact_expired(case.site, timezone.now()))
        .order_by("created_at", "pk")
    )
    seen: set[str] = set()
    unique = []
    for report in reports:
        address = report.contact_email.strip().lower()
        if address not in seen:
            seen.add(address)
            unique.append(report)
    return unique


def answer(
    case: Case, decision: str, *, notice: str = "", reason: str = "", only: Case | None = None
) -> list[Reply]:
    """Draft and queue the replies to a decided case's readers (inside its transaction);
    `only`: answer just that duplicate's readers, with this case's decision."""
    site, article = case.site, case.article
    drafted = []
    for report in reports_to_answer(case, only):
        language = best_language(report.language, article.language, site.language)
        text = notices.render(
            site,
            TemplatePurpose.REPLY,
            decision,
            language,
            reference=case.reference,
            title=article.title or article.url,
            url=article.url,
            site=site.name,
            notice=notice,
            reason=notices.decline_reason(reason, language) if reason else "",
        )
        reply = Reply.objects.create(
            site=site,
            case=case,
            report=report,
            language=language,
            subject=text.subject[:300],
            body=text.body,
        )
        drafted.append(reply)
        queue(reply)
    return drafted


def answer_late_duplicate(duplicate: Case, original: Case) -> list[Reply]:
    """A case marked as a duplicate of one already decided: its readers hear that decision."""
    if original.status == CaseStatus.CORRECTED:
        correction = original.corrections.order_by("-published_at", "-pk").first()
        notice = correction.notice if correction is not None else ""
        return answer(original, "corrected", notice=notice, only=duplicate)
    if original.status == CaseStatus.DECLINED and original.decline_reason:
        return answer(original, "declined", reason=original.decline_reason, only=duplicate)
    return []


def queue(reply: Reply) -> None:
    # Imported here: tasks call this module, and the task must see the committed rows.
    from errata import tasks

    transaction.on_commit(lambda: tasks.send_reply.enqueue(reply.pk))


def deliver(reply_id: int) -> Reply:
    """One attempt at sending a pending reply over SMTP; records the outcome.

    The reply stays PENDING after a failed attempt while attempts remain (the task retries).
    No transaction is held while talking to the mail server: on SQLite it would stop
    every other writer for as long as the server takes.
    """
    reply: Reply = Reply.objects.select_related("report", "case__site").get(pk=reply_id)
    if reply.status != DeliveryStatus.PENDING:
        return reply
    if not Reply.objects.take_attempt(reply, in_flight=leases.attempt_window()):
        return reply
    address = reply.report.contact_email
    if not address:
        return _fail(reply, "the reader's email was purged before the reply was sent")
    message = EmailMessage(
        subject=reply.subject,
        body=reply.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        headers={
            "Content-Language": reply.language,
            "X-Errata-Case": reply.case.reference,
            "Message-ID": message_id(reply),
        },
    )
    try:
        message.send()
    except Exception as error:  # any SMTP or socket error is one failed attempt
        logger.warning("reply %s: attempt %s failed: %s", reply.pk, reply.attempts, error)
        reply.last_error = f"{type(error).__name__}: {error}"[:1000]
        if reply.attempts >= MAX_ATTEMPTS:
            return _fail(reply, reply.last_error)
        reply.save(update_fields=["attempts", "last_error", "attempt_started_at"])
        return reply
    reply.status, reply.sent_at, reply.last_error = DeliveryStatus.SENT, timezone.now(), ""
    with transaction.atomic():
        reply.save(
            update_fields=["status", "sent_at", "attempts", "last_error", "attempt_started_at"]
        )
        CaseEvent.objects.record(
            reply.case,
            CaseEventKind.REPLY,
            note=f"Reply sent ({reply.language})",
            data={"reply": reply.pk, "status": reply.status, "attempts": reply.attempts},
        )
    return reply


def message_id(reply: Reply) -> str:
    """One Message-ID per reply, whatever the attempt: if a worker dies after the mail
    server took the message and before the reply is marked sent, the attempt that follows
    sends the same message again, and mail systems that drop a repeated Message-ID
    (Gmail among them) show it once."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "errata.invalid"
    return f"<errata-reply-{reply.pk}.{reply.case.reference}@{domain}>"


def _fail(reply: Reply, error: str) -> Reply:
    reply.status, reply.last_error = DeliveryStatus.FAILED, error
    with transaction.atomic():
        reply.save(update_fields=["status", "attempts", "last_error", "attempt_started_at"])
        CaseEvent.objects.record(
            reply.case,
            CaseEventKind.REPLY,
            note=f"Reply not delivered: {error}",
            data={"reply": reply.pk, "status": reply.status, "attempts": reply.attempts},
        )
    return reply


def retry_delay(attempts: int) -> timedelta:
    return BACKOFF[min(max(attempts - 1, 0), len(BACKOFF) - 1)]

"""Background work (django-tasks): replies to readers, webhooks to CMSs, purges of emails
and IP hashes, re-anchoring open cases into an article's new version.

Production runs them through the database backend (`django_tasks_db`, worker started by
`errata serve`); tests use the immediate backend. django-tasks has no retry policy of its
own, so a task whose attempt failed enqueues itself again, later when the backend can
defer work, at once otherwise; the attempt count on the row bounds the retries.

A task whose worker died under it is run again (errata.ops.leases), so every task here is
idempotent: a reply or a webhook already sent is not sent again, and a run that finds
another's attempt under way leaves it to that run (`Delivery.take_attempt`); purges erase
only what is still there; re-anchoring moves a case once, in one transaction, into the
latest version only.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django_tasks import task

from errata.models import ArticleVersion, Case
from errata.services import reanchoring, replies, reports, retention, webhooks


def _again(job: Any, delay: timedelta, *args: Any) -> None:
    if job.get_backend().supports_defer:
        job.using(run_after=timezone.now() + delay).enqueue(*args)
    else:
        job.enqueue(*args)


@task()
def send_reply(reply_id: int) -> str:
    """Send one reply to a reader over SMTP; retried with back-off until MAX_ATTEMPTS."""
    reply = replies.deliver(reply_id)
    if reply.awaits_retry:
        _again(send_reply, replies.retry_delay(reply.attempts), reply_id)
    return str(reply.status)


@task()
def deliver_webhook(delivery_id: int) -> str:
    """POST one signed correction webhook to the publisher's CMS; retried with back-off."""
    delivery = webhooks.deliver(delivery_id)
    if delivery.awaits_retry:
        _again(deliver_webhook, webhooks.retry_delay(delivery.attempts), delivery_id)
    return str(delivery.status)


@task()
def purge_case_contacts(case_id: int) -> int:
    """Scheduled when a case closes: erase its readers' emails once retention has passed."""
    case = Case.objects.select_related("site").filter(pk=case_id).first()
    if case is None:
        return 0
    return retention.purge_contacts(site=case.site, case=case)


@task()
def purge_contacts() -> int:
    """Sweep every site, open and closed cases, emails and IP hashes: what `errata
    purge-contacts` runs. Returns how many emails were erased."""
    return retention.sweep().contacts


@task()
def reanchor_article(version_id: int) -> int:
    """Move the article's open cases into its new version; how many cases moved."""
    version = ArticleVersion.objects.select_related("article").filter(pk=version_id).first()
    if version is None:
        return 0
    return len(reanchoring.reanchor_article(version))


@task()
def group_reports(article_id: int) -> int:
    """File the article's newly stored reports into cases (triage, priority, events);
    queued by intake with each report, idempotent. How many reports were filed."""
    return reports.group_received(article_id)

"""Retention: readers' emails on open and closed cases, IP hashes, the sweep and its task."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from errata import models, tasks
from errata.services import cases, replies, retention
from tests.functional.desk.cases import hosted_article, member, open_case

pytestmark = pytest.mark.django_db


def _closed(case: models.Case, days_ago: int) -> None:
    models.Case.objects.filter(pk=case.pk).update(
        status=models.CaseStatus.DECLINED, closed_at=timezone.now() - timedelta(days=days_ago)
    )


def _reported(case: models.Case, days_ago: int) -> None:
    case.reports.update(created_at=timezone.now() - timedelta(days=days_ago))


def _email(case: models.Case) -> str:
    return str(models.Report.objects.get(case=case).contact_email)


def test_emails_on_closed_cases_go_after_the_sites_retention(site: models.Site) -> None:
    article = hosted_article(site)
    old = open_case(article, reports=[{"contact_email": "old@example.org"}])
    recent = open_case(article, reports=[{"contact_email": "recent@example.org"}])
    _closed(old, 91)
    _closed(recent, 89)

    assert retention.count_due().contacts == 1
    assert tasks.purge_contacts.call() == 1

    assert (_email(old), _email(recent)) == ("", "recent@example.org")
    report = old.reports.get()
    assert report.contact_purged_at is not None
    assert report.contact_purge_reason == models.ContactPurge.RETENTION

    site.contact_retention_days = 30
    site.save()
    assert retention.purge_contacts() == 1
    assert _email(recent) == ""


def test_an_open_case_loses_its_contacts_after_retention_but_keeps_its_reports(
    site: models.Site,
) -> None:
    article = hosted_article(site)
    stale = open_case(
        article,
        reports=[{"contact_email": "a@example.org"}, {"contact_email": "b@example.org"}],
    )
    fresh = open_case(article, quote="", reports=[{"contact_email": "fresh@example.org"}])
    _reported(stale, 91)
    _reported(fresh, 89)

    assert retention.count_due().contacts == 2
    assert retention.sweep().contacts == 2

    stale.refresh_from_db()
    assert stale.is_open
    assert list(stale.reports.values_list("contact_email", "contact_purge_reason")) == [
        ("", models.ContactPurge.RETENTION),
        ("", models.ContactPurge.RETENTION),
    ]
    assert stale.reports.first().comment  # the report itself stays
    assert _email(fresh) == "fresh@example.org"
    assert retention.sweep().contacts == 0  # nothing left to do


def test_a_case_closed_after_its_reports_time_ran_out_does_not_revive_them(
    site: models.Site,
) -> None:
    """The sweep may run after the case closed: the email was due while it was open."""
    article = hosted_article(site)
    late = open_case(article, reports=[{"contact_email": "late@example.org"}])
    early = open_case(article, quote="", reports=[{"contact_email": "early@example.org"}])
    _reported(late, 100)
    _closed(late, 5)  # open for 95 days, longer than the 90 of retention
    _reported(early, 100)
    _closed(early, 20)  # closed on day 80: kept 90 days after the closing

    assert retention.sweep().contacts == 1
    assert (_email(late), _email(early)) == ("", "early@example.org")


def test_the_per_case_task_purges_open_and_closed_cases_alike(site: models.Site) -> None:
    case = open_case(hosted_article(site), reports=[{"contact_email": "x@example.org"}])
    assert tasks.purge_case_contacts.call(case.pk) == 0
    _reported(case, 91)
    assert tasks.purge_case_contacts.call(case.pk) == 1
    assert tasks.purge_case_contacts.call(0) == 0


def test_a_reopened_case_keeps_emails_only_within_the_retention(site: models.Site) -> None:
    case = open_case(hosted_article(site), reports=[{"contact_email": "x@example.org"}])
    _reported(case, 120)
    _closed(case, 10)
    assert retention.sweep().contacts == 1  # closed on day 110, after its time


def test_no_reply_is_drafted_for_an_email_past_its_retention(
    site: models.Site, django_capture_on_commit_callbacks: Any
) -> None:
    """Deciding a case before the sweep ran does not reach a reader it should have
    forgotten; one still within the retention gets their answer."""
    case = open_case(
        hosted_article(site),
        reports=[{"contact_email": "old@example.org"}, {"contact_email": "new@example.org"}],
    )
    models.Report.objects.filter(contact_email="old@example.org").update(
        created_at=timezone.now() - timedelta(days=95)
    )
    with django_capture_on_commit_callbacks(execute=False):
        cases.accept(member(site), case, kind="correction", passage_after="1,3 milliard")

    assert [r.report.contact_email for r in models.Reply.objects.filter(case=case)] == [
        "new@example.org"
    ]


def test_a_reply_to_a_purged_contact_fails_cleanly(
    site: models.Site, django_capture_on_commit_callbacks: Any
) -> None:
    case = open_case(hosted_article(site), reports=[{"contact_email": "x@example.org"}])
    with django_capture_on_commit_callbacks(execute=False):
        cases.accept(member(site), case, kind="correction", passage_after="1,3 milliard")
    reply = models.Reply.objects.get(case=case)
    _reported(case, 200)
    _closed(case, 100)
    assert retention.sweep().contacts == 1

    reply = replies.deliver(reply.pk)

    assert reply.status == models.DeliveryStatus.FAILED
    assert "purged" in reply.last_error
    assert case.events.filter(kind=models.CaseEventKind.REPLY, note__contains="purged").exists()


def test_ip_hashes_expire_after_their_own_retention(site: models.Site, settings: Any) -> None:
    settings.ERRATA_IP_HASH_RETENTION_DAYS = 7
    article = hosted_article(site)
    old = open_case(article, reports=[{"ip_hash": "a" * 64, "contact_email": "x@example.org"}])
    recent = open_case(article, quote="", reports=[{"ip_hash": "b" * 64}])
    _reported(old, 8)
    _reported(recent, 6)

    assert retention.count_due().ip_hashes == 1
    done = retention.sweep()

    assert (done.contacts, done.ip_hashes) == (0, 1)
    assert old.reports.get().ip_hash == ""
    assert old.reports.get().contact_email == "x@example.org"  # its own, longer retention
    assert recent.reports.get().ip_hash == "b" * 64

    settings.ERRATA_IP_HASH_RETENTION_DAYS = 1
    assert retention.sweep().ip_hashes == 1
    assert recent.reports.get().ip_hash == ""


def test_the_page_says_until_when_an_email_is_kept(site: models.Site) -> None:
    case = open_case(hosted_article(site), reports=[{"contact_email": "x@example.org"}])
    report = case.reports.get()
    assert retention.contact_expires_at(report, case) == report.created_at + timedelta(days=90)
    _closed(case, 3)
    case.refresh_from_db()
    assert case.closed_at is not None
    assert retention.contact_expires_at(report, case) == case.closed_at + timedelta(days=90)


def test_the_purge_tasks_run_twice_erase_once(site: models.Site) -> None:
    """A task whose worker died is run again (errata.ops.leases): the second run of a
    purge finds nothing left to erase and keeps the first erasure's record."""
    case = open_case(hosted_article(site), reports=[{"contact_email": "x@example.org"}])
    _reported(case, 91)
    assert tasks.purge_case_contacts.call(case.pk) == 1
    purged_at = case.reports.get().contact_purged_at

    assert tasks.purge_case_contacts.call(case.pk) == 0
    assert tasks.purge_contacts.call() == 0
    assert case.reports.get().contact_purged_at == purged_at

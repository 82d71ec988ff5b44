"""How long errata keeps what identifies a reader, and the sweep that forgets it.

Two things identify a reader in a report: the email they left for an answer and the keyed
hash of their IP address. The email is kept `site.contact_retention_days`, counted from
the report while its case is open and from the closing once it is closed (a reader may
still write back about the decision). An open case therefore keeps its reports but loses
the contact once that time is over, and a reply can no longer reach the reader: the desk
says so on the case page. The IP hash is kept `ERRATA_IP_HASH_RETENTION_DAYS` after the
report, whatever the case. `errata purge-contacts` and the `purge_contacts` task sweep
both; a case's own purge task (`purge_case_contacts`, scheduled when a report with an
email arrives and when the case closes) applies the same rule to that case.
docs/privacy.md is the reader's side of this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from errata.models import Case, ContactPurge, IdempotencyKey, Report, Site, UsedProof
from errata.models.idempotency import KEPT as IDEMPOTENCY_KEPT


@dataclass(frozen=True)
class Sweep:
    contacts: int
    ip_hashes: int


def contact_expired(site: Site, now: datetime) -> Q:
    """Reports of `site` whose email has outlived the site's retention.

    Open cases count from the report; closed cases from the closing, unless the case was
    still open when the report's own time ran out (the sweep may have run after that
    instant, and the email was due to go while the case was open).
    """
    retention = timedelta(days=site.contact_retention_days)
    cutoff = now - retention
    overdue_while_open = Q(created_at__lte=cutoff) & (
        Q(case__closed_at__isnull=True) | Q(case__closed_at__gt=F("created_at") + retention)
    )
    closed_long_ago = Q(case__closed_at__isnull=False, case__closed_at__lte=cutoff)
    return Q(site=site) & ~Q(contact_email="") & (overdue_while_open | closed_long_ago)


def _ip_hash_expired(now: datetime) -> Q:
    cutoff = now - timedelta(days=settings.ERRATA_IP_HASH_RETENTION_DAYS)
    return Q(created_at__lte=cutoff) & ~Q(ip_hash="")


def purge_contacts(
    *, now: datetime | None = None, site: Site | None = None, case: Case | None = None
) -> int:
    """Erase readers' emails past their site's retention; how many reports lost theirs."""
    now = now or timezone.now()
    sites = [site] if site is not None else list(Site.objects.all())
    purged = 0
    for one in sites:
        reports = Report.objects.filter(contact_expired(one, now))
        if case is not None:
            reports = reports.filter(case=case)
        purged += reports.update(
            contact_email="", contact_purged_at=now, contact_purge_reason=ContactPurge.RETENTION
        )
    return purged


def expire_ip_hashes(*, now: datetime | None = None) -> int:
    """Empty the IP hashes older than ERRATA_IP_HASH_RETENTION_DAYS; how many."""
    return Report.objects.filter(_ip_hash_expired(now or timezone.now())).update(ip_hash="")


def sweep(*, now: datetime | None = None) -> Sweep:
    """Everything retention asks for, on every site: what `errata purge-contacts` runs."""
    now = now or timezone.now()
    forget_spent_keys(now=now)
    return Sweep(contacts=purge_contacts(now=now), ip_hashes=expire_ip_hashes(now=now))


def forget_spent_keys(*, now: datetime | None = None) -> None:
    """Drop the proofs of work past their expiry (refused as expired anyway) and the
    idempotency keys past their 24 hours: swept here, off the path of each report."""
    now = now or timezone.now()
    UsedProof.objects.filter(expires_at__lt=now).delete()
    IdempotencyKey.objects.filter(created_at__lt=now - IDEMPOTENCY_KEPT).delete()


def count_due(*, now: datetime | None = None) -> Sweep:
    """What `sweep` would erase now, erasing nothing (`--dry-run`)."""
    now = now or timezone.now()
    contacts = sum(
        Report.objects.filter(contact_expired(site, now)).count() for site in Site.objects.all()
    )
    return Sweep(contacts=contacts, ip_hashes=Report.objects.filter(_ip_hash_expired(now)).count())


def contact_expires_at(report: Report, case: Case) -> datetime | None:
    """When the report's email will be erased, for the case page (None: it has none)."""
    if not report.contact_email:
        return None
    retention = timedelta(days=case.site.contact_retention_days)
    if case.closed_at is None or case.closed_at > report.created_at + retention:
        return report.created_at + retention
    return case.closed_at + retention


def schedule_contact_purge(report: Report, site: Site) -> None:
    """Queue the purge of the case's emails for the moment this report's runs out (the
    case may still be open then)."""
    if report.case_id is None:
        return  # not filed yet: the grouping task schedules it (and the sweep covers all)
    retention = timedelta(days=site.contact_retention_days)
    _queue_purge(report.case_id, lambda: report.created_at + retention)


def schedule_case_purge(case: Case) -> None:
    """After the case closes, queue the purge of its readers' emails for the end of the
    retention counted from the closing."""
    retention = timedelta(days=case.site.contact_retention_days)
    # Read at commit: the closing is recorded in the same transaction.
    _queue_purge(case.pk, lambda: case.closed_at and case.closed_at + retention)


def _queue_purge(case_id: int, run_after: Callable[[], datetime | None]) -> None:
    """Once the transaction commits, and when the task backend can run work later; the
    daily sweep (`errata purge-contacts`) covers backends that cannot."""
    from errata import tasks

    def enqueue() -> None:
        backend = tasks.purge_case_contacts.get_backend()
        when = run_after()
        if backend.supports_defer and when is not None:
            tasks.purge_case_contacts.using(run_after=when).enqueue(case_id)

    transaction.on_commit(enqueue)

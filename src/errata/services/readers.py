"""One reader's data, on request: export it (GDPR art. 15) or erase it (art. 17).

A reader is known to errata only by the email they left with a report; the same two
functions serve the desk (a site's administrators, for that site) and the shell (`errata
reader … --as USERNAME`: the sites that account administers, every site for a superuser).
Each request writes one `ReaderRequest` per site it covered, naming who asked and the
address only by a keyed hash and a masked hint.

Erasure removes the address wherever errata stored it: the reports' contact, and wherever
a text quotes it (a comment, a page URL, a reply's delivery error, since a mail server's
refusal quotes the recipient, a note an editor wrote), and unlinks the reports from the
reader's network (IP hash). Pending replies to the address are abandoned. The reports themselves stay, with
the reader's comment and suggestion unless `texts=True`: they are the record of what was
reported and how the newsroom decided (docs/privacy.md, decision 0014).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from errata.errors import Problem, invalid
from errata.models import (
    CaseEvent,
    CaseEventKind,
    ContactPurge,
    DeliveryStatus,
    Membership,
    ReaderRequest,
    ReaderRequestChannel,
    ReaderRequestKind,
    Reply,
    Report,
    Site,
)
from errata.services.permissions import require_member

ERASED = "[address erased]"


@dataclass(frozen=True)
class Erasure:
    reports: int
    replies: int
    notes: int  # notes of the case history that quoted the address
    mentions: int  # other texts that quoted it: comments, page URLs, replies
    cases: list[str] = field(default_factory=list)


def normalise(email: str) -> str:
    """The address as errata compares it: trimmed and lower-cased, validated."""
    address = email.strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise invalid("email", "invalid-email", "not a valid email address") from None
    return address


def address_hash(address: str) -> str:
    """Keyed hash of a normalised address: whoever knows the address can find its
    requests in the audit, while the audit does not keep the address."""
    return salted_hmac("errata.reader-address", address, algorithm="sha256").hexdigest()


def mask(address: str) -> str:
    """`lectrice@example.org` → `l…@e….org`: enough to tell requests apart on a page."""
    local, _, domain = address.partition("@")
    name, dot, tld = domain.rpartition(".")
    if not dot:
        name, tld = domain, ""
    return f"{local[:1]}…@{name[:1]}…{dot}{tld}"[:80]


def sites_in_scope(actor: Any, site: Site | None = None) -> list[Site]:
    """The sites whose readers' data `actor` may export or erase.

    With `site`: that one, if the actor administers it (or is a superuser, an operator).
    Without: every site the actor administers, every site for a superuser.
    """
    operator = bool(getattr(actor, "is_superuser", False) and getattr(actor, "is_active", False))
    if site is not None:
        if not operator:
            require_member(actor, site, Membership.Role.ADMIN)
        return [site]
    if operator:
        return list(Site.objects.order_by("pk"))
    sites = list(
        Site.objects.filter(
            memberships__user=actor, memberships__role=Membership.Role.ADMIN
        ).order_by("pk")
    )
    if not sites:
        raise Problem(
            status=403,
            code="forbidden",
            title="Administrators only",
            detail="Only an administrator of a site may export or erase its readers' data.",
        )
    return sites


def _reports(sites: list[Site], address: str) -> Any:
    return Report.objects.filter(site__in=sites, contact_email__iexact=address)


def _audit(
    actor: Any,
    sites: list[Site],
    address: str,
    kind: ReaderRequestKind,
    channel: ReaderRequestChannel,
    counts: dict[int, tuple[int, int]],
    data: dict[int, dict[str, Any]] | None = None,
) -> None:
    hashed, hint = address_hash(address), mask(address)
    ReaderRequest.objects.bulk_create(
        ReaderRequest(
            site=site,
            kind=kind,
            actor=actor,
            actor_name=actor.get_username(),
            channel=channel,
            address_hash=hashed,
            address_hint=hint,
            reports=counts.get(site.pk, (0, 0))[0],
            replies=counts.get(site.pk, (0, 0))[1],
            data=(data or {}).get(site.pk, {}),
        )
        for site in sites
    )


def _forms(address: str) -> list[str]:
    """The address as text, and as a URL carries it (`%40` for the @)."""
    return list(dict.fromkeys([address, quote(address, safe=""), quote(address, safe="@")]))


def _scrub(text: str, address: str) -> str:
    pattern = "|".join(re.escape(form) for form in _forms(address))
    return re.sub(pattern, ERASED, text, flags=re.IGNORECASE)


# Texts where an address may be written although no field is meant for it.
_TEXTS: tuple[tuple[Any, tuple[str, ...], str], ...] = (
    (Report, ("comment", "suggestion", "page_url"), "report"),
    (Reply, ("subject", "body", "last_error"), "reply"),
    (CaseEvent, ("note",), "case history"),
)


def _quoting(model: Any, fields: tuple[str, ...], sites: list[Site], address: str) -> Any:
    found = Q()
    for name in fields:
        for form in _forms(address):
            found |= Q(**{f"{name}__icontains": form})
    return model.objects.filter(found, site__in=sites)


def _reference(row: Any) -> str:
    """The case's reference; a report not yet filed into one has its reserved own."""
    return str(row.case.reference if row.case is not None else row.reference)


def _mentions(sites: list[Site], address: str) -> list[dict[str, str]]:
    """Where a text quotes the address: the place only, since the text around it may be
    another reader's or an editor's."""
    return [
        # A report not yet filed into a case (intake's first milliseconds) has its own.
        {"site": row.site.slug, "case": _reference(row), "where": where}
        for model, fields, where in _TEXTS
        for row in _quoting(model, fields, sites, address)
        .select_related("site", "case")
        .order_by("created_at", "pk")
    ]


def _scrub_texts(model: Any, fields: tuple[str, ...], sites: list[Site], address: str) -> int:
    """Replace the address wherever these fields quote it; how many rows changed."""
    changed = 0
    for row in _quoting(model, fields, sites, address).select_for_update(of=("self",)):
        updated = [
            name for name in fields if _scrub(getattr(row, name), address) != getattr(row, name)
        ]
        for name in updated:
            setattr(row, name, _scrub(getattr(row, name), address))
        if updated:
            row.save(update_fields=updated)
            changed += 1
    return changed


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def export(
    actor: Any,
    email: str,
    *,
    site: Site | None = None,
    channel: ReaderRequestChannel = ReaderRequestChannel.DESK,
) -> dict[str, Any]:
    """Everything errata holds about `email` on the sites in scope, as JSON-ready data.

    Only rows that still carry the address can be found: a report whose email was purged
    (retention) or erased is no longer linked to anyone.
    """
    address = normalise(email)
    sites = sites_in_scope(actor, site)
    reports = list(
        _reports(sites, address)
        .select_related("site", "article", "case")
        .order_by("created_at", "pk")
    )
    replies = list(
        Reply.objects.filter(report__in=[r.pk for r in reports])
        .select_related("site", "case")
        .order_by("created_at", "pk")
    )
    counts: dict[int, tuple[int, int]] = {}
    for one in sites:
        counts[one.pk] = (
            sum(r.site_id == one.pk for r in reports),
            sum(r.site_id == one.pk for r in replies),
        )
    mentions = _mentions(sites, address)
    with transaction.atomic():
        _audit(actor, sites, address, ReaderRequestKind.EXPORT, channel, counts)
    return {
        "address": address,
        "exported_at": timezone.now().isoformat(),
        "sites": [{"slug": s.slug, "name": s.name} for s in sites],
        "reports": [
            {
                "id": str(r.public_id),
                "site": r.site.slug,
                "article_url": r.article.url,
                "article_title": r.article.title,
                "page_url": r.page_url,
                "case": _reference(r),
                "case_status": r.case.status if r.case is not None else "",
                "status": r.status,
                "category": r.category,
                "quote": r.quote,
                "comment": r.comment,
                "suggestion": r.suggestion,
                "language": r.language,
                "email": r.contact_email,
                "ip_hash": r.ip_hash or None,
                "spam_reasons": r.spam_reasons,
                "created_at": _iso(r.created_at),
                "case_closed_at": _iso(r.case.closed_at) if r.case is not None else None,
            }
            for r in reports
        ],
        "replies": [
            {
                "site": reply.site.slug,
                "case": reply.case.reference,
                "report": str(next(r.public_id for r in reports if r.pk == reply.report_id)),
                "language": reply.language,
                "subject": reply.subject,
                "body": reply.body,
                "status": reply.status,
                "created_at": _iso(reply.created_at),
                "sent_at": _iso(reply.sent_at),
            }
            for reply in replies
        ],
        "mentioned_in": mentions,
    }


def erase(
    actor: Any,
    email: str,
    *,
    site: Site | None = None,
    texts: bool = False,
    channel: ReaderRequestChannel = ReaderRequestChannel.DESK,
) -> Erasure:
    """Remove `email` from everything errata stores on the sites in scope; idempotent.

    `texts=True` also empties the reader's own words (comment and suggestion) of those
    reports, for when they identify the reader; the quote is the article's, and stays.
    """
    address = normalise(email)
    sites = sites_in_scope(actor, site)
    now = timezone.now()
    with transaction.atomic():
        reports = list(
            _reports(sites, address)
            .select_for_update(of=("self",))
            .select_related("case")
            .order_by("pk")
        )
        report_ids = [r.pk for r in reports]
        changes: dict[str, Any] = {
            "contact_email": "",
            "contact_purged_at": now,
            "contact_purge_reason": ContactPurge.READER_REQUEST,
            "ip_hash": "",
        }
        if texts:
            changes |= {"comment": "", "suggestion": ""}
        Report.objects.filter(pk__in=report_ids).update(**changes)
        # A reply not sent yet would find no address; say why rather than let it fail later.
        Reply.objects.filter(report__in=report_ids, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.FAILED, last_error="The reader asked for their data to be erased."
        )
        replies = list(Reply.objects.filter(report__in=report_ids))
        # The address may also be written where no field is meant for it: in a comment
        # ("answer me at …"), a page URL (a newsletter's link), an SMTP error, a note.
        scrubbed = {where: _scrub_texts(m, fields, sites, address) for m, fields, where in _TEXTS}
        notes = scrubbed.pop("case history")
        mentions = sum(scrubbed.values())
        cases = {r.case_id: r.case for r in reports if r.case is not None}
        for case in cases.values():
            CaseEvent.objects.record(
                case,
                CaseEventKind.READER_DATA,
                actor=actor,
                note="A reader's email was erased at their request"
                + (", with their comment and suggestion." if texts else "."),
                data={"reports": sum(r.case_id == case.pk for r in reports), "texts": texts},
            )
        counts = {
            one.pk: (
                sum(r.site_id == one.pk for r in reports),
                sum(reply.site_id == one.pk for reply in replies),
            )
            for one in sites
        }
        data = {one.pk: {"texts": texts} for one in sites}
        _audit(actor, sites, address, ReaderRequestKind.ERASE, channel, counts, data)
    return Erasure(
        reports=len(reports),
        replies=len(replies),
        notes=notes,
        mentions=mentions,
        cases=sorted(case.reference for case in cases.values()),
    )


def requests(site: Site) -> Any:
    """The site's requests about readers' data, newest first (its audit of them)."""
    return ReaderRequest.objects.for_site(site).select_related("actor")

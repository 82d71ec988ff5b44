"""Site administrators' own wording of notices and replies (see `errata.notices`)."""

from __future__ import annotations

from typing import Any

from errata import notices
from errata.errors import invalid
from errata.i18n import AVAILABLE
from errata.models import Membership, MessageTemplate, Site, TemplatePurpose
from errata.services.permissions import not_found, require_member

SUBJECT_MAX = 300
BODY_MAX = 5000


def _place(purpose: str, key: str, language: str) -> TemplatePurpose:
    if purpose not in TemplatePurpose.values or language not in AVAILABLE:
        raise not_found("template")
    kind = TemplatePurpose(purpose)
    if key not in notices.KEYS[kind]:
        raise not_found("template")
    return kind


def find(actor: Any, site: Site, purpose: str, key: str, language: str) -> notices.Wording:
    require_member(actor, site, Membership.Role.ADMIN)
    _place(purpose, key, language)
    return notices.wording(site, purpose, key, language)


def save(
    actor: Any, site: Site, purpose: str, key: str, language: str, *, subject: str, body: str
) -> MessageTemplate:
    """Override one template for the site (administrators only)."""
    require_member(actor, site, Membership.Role.ADMIN)
    kind = _place(purpose, key, language)
    body = body.strip()
    if not body:
        raise invalid("body", "required", "must not be empty")
    if len(body) > BODY_MAX:
        raise invalid("body", "too-long", f"at most {BODY_MAX} characters")
    if kind is TemplatePurpose.REPLY and not subject.strip():
        raise invalid("subject", "required", "a reply needs a subject")
    row, _ = MessageTemplate.objects.update_or_create(
        site=site,
        purpose=kind,
        key=key,
        language=language,
        defaults={"subject": subject.strip()[:SUBJECT_MAX], "body": body},
    )
    return row


def reset(actor: Any, site: Site, purpose: str, key: str, language: str) -> None:
    """Go back to errata's default wording."""
    require_member(actor, site, Membership.Role.ADMIN)
    _place(purpose, key, language)
    MessageTemplate.objects.for_site(site).filter(
        purpose=purpose, key=key, language=language
    ).delete()

"""What a site's administrators manage from the desk: settings, members, CMS API keys.

The setup of a site (allowed origins, article selector, URL rule) is in
`errata.services.site_setup`; both write a `SiteChange` audit row for each change."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from errata import outbound
from errata.errors import Problem, invalid
from errata.models import ApiKey, Membership, Site, SiteChangeChannel, SpellingVariants
from errata.services.permissions import not_found, require_member
from errata.services.site_setup import record_settings

ADMIN = Membership.Role.ADMIN
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_url = URLValidator(schemes=["http", "https"])


def update_settings(
    actor: Any,
    site: Site,
    *,
    name: str,
    language: str,
    sla_hours: int,
    allow_silent_fixes: bool,
    contact_retention_days: int,
    webhook_url: str,
    webhook_secret: str | None = None,
    spelling_variants: str = "",
) -> Site:
    """Change the site's settings; `webhook_secret=None` keeps the current secret, and an
    empty `spelling_variants` the current choice. Each setting that changes gets its audit
    row."""
    require_member(actor, site, ADMIN)
    name, language, webhook_url = name.strip(), language.strip(), webhook_url.strip()
    if not name or len(name) > 200:
        raise invalid("name", "invalid-name", "1 to 200 characters")
    if not LANGUAGE.match(language) or len(language) > 12:
        raise invalid("language", "invalid-language", "a BCP 47 tag such as fr or en-GB")
    if not 1 <= sla_hours <= 720:
        raise invalid("sla_hours", "out-of-range", "between 1 and 720 hours")
    if not 1 <= contact_retention_days <= 3650:
        raise invalid("contact_retention_days", "out-of-range", "between 1 and 3650 days")
    if webhook_url:
        try:
            _url(webhook_url)
        except ValidationError:
            raise invalid("webhook_url", "invalid-url", "must be an http(s) URL") from None
        try:
            outbound.check_destination(webhook_url)
        except outbound.OutboundError as error:
            raise invalid("webhook_url", "address-not-allowed", error.message) from None
    if webhook_secret is not None and len(webhook_secret) > 100:
        raise invalid("webhook_secret", "too-long", "at most 100 characters")
    if spelling_variants and spelling_variants not in SpellingVariants.values:
        raise invalid("spelling_variants", "unknown-choice", "both or classic")
    site.name, site.language, site.sla_hours = name, language, sla_hours
    site.allow_silent_fixes = allow_silent_fixes
    site.contact_retention_days, site.webhook_url = contact_retention_days, webhook_url
    if webhook_secret is not None:
        site.webhook_secret = webhook_secret
    if spelling_variants:
        site.spelling_variants = spelling_variants
    with transaction.atomic():
        record_settings(actor, site, SiteChangeChannel.DESK)
        site.save()
    return site


def add_member(actor: Any, site: Site, username: str, role: str) -> Membership:
    """Give an existing account a role on the site (or change the role it has)."""
    require_member(actor, site, ADMIN)
    if role not in Membership.Role.values:
        raise invalid("role", "unknown-role", "editor or admin")
    user = get_user_model().objects.filter(username=username.strip(), is_active=True).first()
    if user is None:
        raise invalid("username", "unknown-user", "no active account has this username")
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            site=site, user=user, defaults={"role": role}
        )
        if not created and membership.role != role:
            _keep_an_admin(site, membership, role)
            membership.role = role
            membership.save(update_fields=["role"])
    return membership


def _keep_an_admin(site: Site, membership: Membership, new_role: str | None) -> None:
    others = Membership.objects.filter(site=site, role=ADMIN).exclude(pk=membership.pk)
    if membership.role == ADMIN and new_role != ADMIN and not others.exists():
        raise Problem(
            status=409,
            code="last-admin",
            title="A site keeps at least one administrator",
            detail="role: make someone else an administrator first.",
            field="role",
        )


def remove_member(actor: Any, site: Site, membership_id: int) -> None:
    require_member(actor, site, ADMIN)
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update().filter(site=site, pk=membership_id).first()
        )
        if membership is None:
            raise not_found("member")
        _keep_an_admin(site, membership, None)
        membership.delete()


def issue_api_key(actor: Any, site: Site, name: str) -> tuple[ApiKey, str]:
    """A new CMS key for the site; the raw key is returned once."""
    require_member(actor, site, ADMIN)
    name = name.strip()
    if not name or len(name) > 100:
        raise invalid("name", "invalid-name", "1 to 100 characters")
    return ApiKey.issue(site, name)


def revoke_api_key(actor: Any, site: Site, key_id: int) -> None:
    require_member(actor, site, ADMIN)
    revoked = ApiKey.objects.filter(site=site, pk=key_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not revoked:
        raise not_found("API key")

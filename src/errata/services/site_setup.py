"""Setting a site up: its allowed origins, article selector and URL rule, with an audit row
(`SiteChange`) for each change.

The desk's site administration and `errata site …` call these functions. From the desk,
`actor` is the signed-in administrator; from the shell it is None, the operator who has
the server's shell (as for `errata createsite`), recorded under their login name.
"""

from __future__ import annotations

import getpass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from errata.errors import invalid
from errata.models import (
    Membership,
    Site,
    SiteChange,
    SiteChangeChannel,
    SiteChangeKind,
    SiteOrigin,
    UrlRule,
    origin_of,
)
from errata.services.article_selector import checked as article_selector_checked
from errata.services.permissions import not_found, require_member

# The settings whose changes are audited, and the secret ones whose values are not kept.
AUDITED = (
    "name", "language", "sla_hours", "allow_silent_fixes", "contact_retention_days",
    "webhook_url", "webhook_secret", "spelling_variants", "article_selector", "url_rule",
    "require_proof_of_work",
)  # fmt: skip
SECRET = frozenset({"webhook_secret"})
HIDDEN = "(changed)"


def record_origin(
    actor: Any, site: Site, channel: SiteChangeChannel, *, added: str = "", removed: str = ""
) -> SiteChange:
    """The audit row of an origin allowed or no longer allowed by a caller that saved it
    itself (the Django admin's inline)."""
    kind = SiteChangeKind.ORIGIN_ADDED if added else SiteChangeKind.ORIGIN_REMOVED
    return _record(site, _who(actor, channel), channel, kind, "origins", removed, added)


def _who(actor: Any, channel: SiteChangeChannel) -> tuple[Any, str]:
    if actor is not None:
        return actor, actor.get_username()
    if channel != SiteChangeChannel.CLI:
        raise ValueError("only the shell acts without an account")
    try:
        return None, getpass.getuser()[:150]
    except (KeyError, OSError):  # no login name in a bare container
        return None, "shell"


def _authorise(actor: Any, site: Site, channel: SiteChangeChannel) -> tuple[Any, str]:
    if actor is not None:
        require_member(actor, site, Membership.Role.ADMIN)
    return _who(actor, channel)


def _record(
    site: Site,
    who: tuple[Any, str],
    channel: SiteChangeChannel,
    kind: SiteChangeKind,
    setting: str,
    old: str,
    new: str,
) -> SiteChange:
    actor, actor_name = who
    return SiteChange.objects.create(
        site=site,
        kind=kind,
        setting=setting,
        old_value=old,
        new_value=new,
        actor=actor,
        actor_name=actor_name,
        channel=channel,
    )


def record_settings(actor: Any, site: Site, channel: SiteChangeChannel) -> list[SiteChange]:
    """One audit row per audited setting whose value in `site` (not saved yet) differs from
    the stored one. The caller has checked the actor's permission and saves the site."""
    stored = Site.objects.filter(pk=site.pk).values(*AUDITED).first() or {}
    who = _who(actor, channel)
    changes = []
    for setting in AUDITED:
        old, new = stored.get(setting), getattr(site, setting)
        if old == new:
            continue
        if setting in SECRET:
            old, new = ("set" if old else ""), HIDDEN
        changes.append(
            _record(site, who, channel, SiteChangeKind.SETTING, setting, str(old), str(new))
        )
    return changes


def update_setup(
    actor: Any,
    site: Site,
    *,
    article_selector: str,
    url_rule: str,
    channel: SiteChangeChannel = SiteChangeChannel.DESK,
) -> list[SiteChange]:
    """Set the article selector ("" for none: the widget decides) and the URL rule; both
    are checked before either changes. Returns the audit rows written (none if unchanged)."""
    _authorise(actor, site, channel)
    selector = article_selector_checked(article_selector)
    if url_rule not in UrlRule.values:
        raise invalid("url_rule", "unknown-choice", " or ".join(UrlRule.values))
    site.article_selector, site.url_rule = selector, url_rule
    with transaction.atomic():
        changes = record_settings(actor, site, channel)
        if changes:
            site.save(update_fields=["article_selector", "url_rule"])
    return changes


def set_article_selector(
    actor: Any, site: Site, selector: str, channel: SiteChangeChannel = SiteChangeChannel.DESK
) -> list[SiteChange]:
    """Set (or, with "", clear) the CSS selector of the article's container on the site's
    pages."""
    return update_setup(
        actor, site, article_selector=selector, url_rule=site.url_rule, channel=channel
    )


def set_url_rule(
    actor: Any, site: Site, rule: str, channel: SiteChangeChannel = SiteChangeChannel.DESK
) -> list[SiteChange]:
    return update_setup(
        actor, site, article_selector=site.article_selector, url_rule=rule, channel=channel
    )


def checked_origin(raw: str) -> str:
    """`scheme://host[:port]` of `raw`, or a 422 naming `origin`."""
    origin = origin_of(raw)
    if len(origin) > 255:
        raise invalid("origin", "too-long", "at most 255 characters")
    try:
        SiteOrigin(origin=origin).clean_fields(exclude=["site"])
    except ValidationError:
        raise invalid(
            "origin", "invalid-origin", "an origin like https://www.example.com"
        ) from None
    return origin


def add_origin(
    actor: Any, site: Site, raw: str, channel: SiteChangeChannel = SiteChangeChannel.DESK
) -> tuple[SiteOrigin, bool]:
    """Allow an origin (normalised); `False` when it was allowed already (no audit row)."""
    who = _authorise(actor, site, channel)
    origin = checked_origin(raw)
    with transaction.atomic():
        allowed, created = SiteOrigin.objects.get_or_create(site=site, origin=origin)
        if created:
            _record(site, who, channel, SiteChangeKind.ORIGIN_ADDED, "origins", "", origin)
    return allowed, created


def remove_origin(
    actor: Any, site: Site, raw: str, channel: SiteChangeChannel = SiteChangeChannel.DESK
) -> None:
    """Stop allowing an origin. Removing the last one leaves the site refusing every report
    with `site-not-configured`, which is how a site's intake is paused."""
    who = _authorise(actor, site, channel)
    origin = origin_of(raw)
    with transaction.atomic():
        deleted, _ = SiteOrigin.objects.filter(site=site, origin=origin).delete()
        if not deleted:
            raise not_found("allowed origin")
        _record(site, who, channel, SiteChangeKind.ORIGIN_REMOVED, "origins", origin, "")


def recent_changes(site: Site, limit: int = 20) -> list[SiteChange]:
    """The site's latest setup changes, newest first."""
    return list(SiteChange.objects.for_site(site).select_related("actor")[:limit])

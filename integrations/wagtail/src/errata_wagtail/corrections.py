"""Receiving a correction from errata: verify, apply as a new published revision, report.

One entry point, `receive()`, which the webhook view calls. A correction is applied only
to the text errata corrected: the page must still be live at the revision the app last
pushed, with the same text hash errata names, and no draft on top of it. Otherwise, or
when the passage cannot be located safely (passages.py), nothing is applied: errata is
told `needs_manual_edit` with the reason, and the page's owner gets an email.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_tasks import task
from wagtail.models import Page
from wagtail.rich_text import RichText

from errata_wagtail import client, conf, passages, signing
from errata_wagtail.models import (
    CmsOutcome,
    CorrectionNotice,
    ErrataArticleState,
    WebhookReceipt,
)
from errata_wagtail.pushing import RETRY_AFTER

logger = logging.getLogger(__name__)


class Replayed(Exception):
    """This `webhook-id` was handled already."""


class PayloadError(Exception):
    """The signed body lacks what the app needs; `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Outcome:
    state: str
    detail: str = ""
    revision: str = ""
    page_id: int | None = None


def _field(data: Any, path: str, *, required: bool = True) -> Any:
    value = data
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    if required and value in (None, ""):
        raise PayloadError(path, f"{path} is missing.")
    return value


def errata_user() -> Any:
    """The Wagtail user that authors correction revisions; it cannot sign in."""
    user, created = get_user_model().objects.get_or_create(
        **{get_user_model().USERNAME_FIELD: conf.username()}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def _unchanged_since_push(page: Page, version_hash: str) -> str:
    """Why the page cannot be corrected automatically, or "" when it can."""
    state = ErrataArticleState.objects.filter(page=page).first()
    if not page.live:
        return "The page is not published."
    if state is None or not state.text_hash:
        return "errata never received this page from Wagtail."
    if state.text_hash != version_hash or state.revision_id != page.live_revision_id:
        return "The page was edited and published since the version errata corrected."
    if page.has_unpublished_changes:
        return "The page has a draft newer than the version errata corrected."
    return ""


def _fragments(value: Any) -> tuple[list[str], list[Any]]:
    """The body's rich-text HTML fragments, and where each lives (for `_apply_passage` to write it back)."""
    if isinstance(value, str):
        return [value], [None]
    if isinstance(value, RichText):
        return [value.source], [None]
    fragments, places = [], []
    # A StreamField: its top-level rich-text blocks.
    for child in value:
        if isinstance(child.value, RichText):
            fragments.append(child.value.source)
            places.append(child)
    if not fragments:
        raise passages.PassageError("The page's body has no rich text to correct.")
    return fragments, places


def _apply_passage(page: Page, passage: dict[str, Any]) -> None:
    name = conf.body_field()
    value = getattr(page, name)
    old, new = _field(passage, "old"), passage.get("new") or ""
    quote = next(
        (s for s in passage.get("selector") or [] if s.get("type") == "TextQuoteSelector"), {}
    )
    selector = passages.Quote(
        quote.get("exact", old), quote.get("prefix", ""), quote.get("suffix", "")
    )
    fragments, places = _fragments(value)
    index, fragment = passages.replace(fragments, old, new, selector)
    if places[index] is None:
        setattr(page, name, fragment if isinstance(value, str) else RichText(fragment))
    else:
        places[index].value = RichText(fragment)
        setattr(page, name, value)


def _notice_fields(data: dict[str, Any]) -> dict[str, Any]:
    correction, passage = data["correction"], data.get("passage") or {}
    notice = correction.get("notice") or {}
    published = correction.get("published_at")
    return {
        "case": correction.get("case") or "",
        "kind": _field(data, "correction.kind"),
        "text": notice.get("text") or "",
        "language": notice.get("language")
        or _field(data, "article.language", required=False)
        or "",
        "passage_before": passage.get("old") or "",
        "passage_after": passage.get("new") or "",
        "published_at": parse_datetime(published) if published else None,
    }


def receive(headers: dict[str, str], body: bytes) -> Outcome:
    """Handle one webhook delivery. Raises SignatureError, Replayed or PayloadError."""
    payload = signing.verify(conf.webhook_secret(), headers, body)
    webhook_id = {k.lower(): v for k, v in headers.items()}["webhook-id"]
    if _field(payload, "type") != "correction.published":
        return Outcome("ignored", f"Event {payload['type']!r} is not handled.")
    data = _field(payload, "data")
    correction_id = str(_field(data, "correction.id"))
    try:
        uuid.UUID(correction_id)
    except ValueError as error:
        raise PayloadError("data.correction.id", "data.correction.id is not a UUID.") from error
    cms_id = str(_field(data, "article.cms_id"))
    version_hash = str(_field(data, "article.version.text_hash"))
    fields = _notice_fields(data)
    with transaction.atomic():
        try:
            with transaction.atomic():
                WebhookReceipt.objects.create(webhook_id=webhook_id[:100])
        except IntegrityError as error:
            raise Replayed(webhook_id) from error
        page = (
            Page.objects.select_for_update()
            .filter(pk=int(cms_id) if cms_id.isdigit() else None)
            .first()
        )
        if page is None:
            outcome = Outcome(CmsOutcome.NEEDS_MANUAL_EDIT, f"Wagtail has no page {cms_id}.")
            transaction.on_commit(lambda: _report(correction_id, outcome), robust=True)
            return outcome
        page = page.specific
        outcome = _apply(page, data, version_hash)
        notice = CorrectionNotice.objects.create(
            page=page,
            correction_id=correction_id,
            outcome=outcome.state,
            detail=outcome.detail,
            revision_id=int(outcome.revision) if outcome.revision else None,
            **fields,
        )
        notice_id = notice.pk
        transaction.on_commit(lambda: report_notice.enqueue(notice_id), robust=True)
        if outcome.state == CmsOutcome.NEEDS_MANUAL_EDIT:
            transaction.on_commit(lambda: _email_owner(notice_id), robust=True)
    return outcome


def _apply(page: Page, data: dict[str, Any], version_hash: str) -> Outcome:
    passage = data.get("passage")
    user = errata_user()
    if not passage:
        # A notice about the whole article: no text to change, the notice is the change.
        return Outcome(CmsOutcome.APPLIED, "", str(page.live_revision_id or ""), page.pk)
    reason = _unchanged_since_push(page, version_hash)
    if reason:
        return Outcome(CmsOutcome.NEEDS_MANUAL_EDIT, reason, "", page.pk)
    try:
        _apply_passage(page, passage)
    except passages.PassageError as error:
        return Outcome(CmsOutcome.NEEDS_MANUAL_EDIT, str(error), "", page.pk)
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user, skip_permission_checks=True)
    return Outcome(CmsOutcome.APPLIED, "", str(revision.pk), page.pk)


def _report(correction_id: str, outcome: Outcome) -> None:
    try:
        client.report_state(correction_id, outcome.state, detail=outcome.detail)
    except client.ErrataError as error:
        logger.warning("errata: reporting correction %s failed: %s", correction_id, error)


@task()
def report_notice(notice_id: int, attempt: int = 1) -> str:
    """Tell errata what the app did with a correction (`cms-state`); retried like a push
    when the task backend can defer, else left unreported (the admin shows it)."""
    notice = CorrectionNotice.objects.filter(pk=notice_id).first()
    if notice is None or notice.reported:
        return "nothing to report"
    try:
        client.report_state(
            notice.correction_id,
            notice.outcome,
            detail=notice.detail,
            revision=str(notice.revision_id or ""),
        )
    except client.ErrataError as error:
        logger.warning("errata: reporting correction %s failed: %s", notice.correction_id, error)
        retry = error.transient and attempt <= len(RETRY_AFTER)
        if retry and report_notice.get_backend().supports_defer:
            later = timezone.now() + RETRY_AFTER[attempt - 1]
            report_notice.using(run_after=later).enqueue(notice_id, attempt + 1)
            return "retrying"
        return "failed"
    CorrectionNotice.objects.filter(pk=notice_id).update(reported=True)
    return "reported"


def _email_owner(notice_id: int) -> None:
    notice = CorrectionNotice.objects.select_related("page__owner").get(pk=notice_id)
    page, owner = notice.page, notice.page.owner
    if owner is None or not owner.email:
        return
    base = str(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")
    edit = base + reverse("wagtailadmin_pages:edit", args=[page.pk])
    send_mail(
        subject=f"errata: a correction to make by hand on “{page.title}”",
        message=(
            f"errata published a correction (case {notice.case or notice.correction_id}) "
            f"for the page “{page.title}”, but Wagtail could not apply it:\n\n"
            f"{notice.detail}\n\n"
            f"Replace:\n  {notice.passage_before}\nwith:\n  {notice.passage_after}\n\n"
            f"Notice ({notice.get_kind_display()}):\n  {notice.text}\n\n"
            f"Edit the page: {edit}\n"
        ),
        from_email=None,
        recipient_list=[owner.email],
    )

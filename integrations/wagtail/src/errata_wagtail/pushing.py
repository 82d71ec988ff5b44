"""Pushing a published page to errata (`PUT /api/v1/articles`), queued with django-tasks.

Wagtail 8 runs its own background work (reference index, image renditions) as django-tasks
tasks, so the push is one too, enqueued once the publish is committed: the site's
configured task backend decides where it runs. With a backend that runs tasks in a worker
(django-tasks-db, for instance), the editor never waits for errata, and a failed push is
retried after 30 s, 2 min, 10 min, 1 h. With Django's default ImmediateBackend it runs
right after the publish's commit, in that request, bounded by ERRATA_TIMEOUT; either way a
failure never undoes or fails the publish: it is recorded on the page's ErrataArticleState
and shown in the admin.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from wagtail.models import Page, Revision
from wagtail.rich_text import RichText, expand_db_html

from errata_wagtail import client, conf
from errata_wagtail.models import ErrataArticleState, PushStatus

logger = logging.getLogger(__name__)

RETRY_AFTER = (
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(hours=1),
)


def body_html(page: Page) -> str | None:
    """The page's body as readers get it (links and embeds expanded); `None` for a page
    type without the configured body field."""
    value = getattr(page, conf.body_field(), None)
    if value is None:
        return None
    if isinstance(value, str):
        return expand_db_html(value)
    if isinstance(value, RichText):
        return str(value)
    # A StreamField value renders each block with its template.
    render = getattr(value, "render_as_block", None)
    return str(render()) if render is not None else str(value)


def article(page: Page, html: str) -> dict[str, Any]:
    """The body of `PUT /api/v1/articles` for `page`."""
    data: dict[str, Any] = {
        "url": page.get_full_url(),
        "title": page.title,
        "lang": page.locale.language_code,
        "cms_id": str(page.pk),
        "html": html,
    }
    if page.first_published_at is not None:
        data["published_at"] = page.first_published_at.isoformat()
    return data


def on_page_published(sender: Any, instance: Page, revision: Revision, **kwargs: Any) -> None:
    """`page_published`: queue the push once the publish is committed."""
    if not hasattr(instance, conf.body_field()):
        return
    ErrataArticleState.objects.update_or_create(
        page=instance, defaults={"status": PushStatus.PENDING, "attempts": 0, "error": ""}
    )
    page_id, revision_id = instance.pk, revision.pk
    # robust: a task backend that cannot enqueue must not fail the publish either.
    transaction.on_commit(lambda: push_page.enqueue(page_id, revision_id), robust=True)


@task()
def push_page(page_id: int, revision_id: int, attempt: int = 1) -> str:
    """Push the page as published by `revision_id`; its outcome, for the task's result."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not page.live:
        return "gone"
    page = page.specific
    if page.live_revision_id != revision_id:
        return "superseded"  # a later publish queued its own push
    html = body_html(page)
    if html is None:
        return "no body"
    state, _ = ErrataArticleState.objects.get_or_create(page=page)
    try:
        answer = client.push_article(article(page, html))
    except client.ErrataError as error:
        state.attempts = attempt
        state.error = str(error)[:500]
        retry = error.transient and attempt <= len(RETRY_AFTER)
        if retry and push_page.get_backend().supports_defer:
            state.save(update_fields=["attempts", "error"])
            push_page.using(run_after=timezone.now() + RETRY_AFTER[attempt - 1]).enqueue(
                page_id, revision_id, attempt + 1
            )
            return "retrying"
        state.status = PushStatus.FAILED
        state.save(update_fields=["attempts", "error", "status"])
        logger.warning("errata: pushing page %s failed: %s", page_id, error)
        return "failed"
    state.status = PushStatus.PUSHED
    state.revision_id = revision_id
    state.text_hash = answer["version"]["text_hash"]
    state.version_id = answer["version"]["id"]
    state.attempts = attempt
    state.error = ""
    state.pushed_at = timezone.now()
    state.save()
    return "pushed"

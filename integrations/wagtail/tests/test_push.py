"""The push on publish, when errata cannot take it at once."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import default_task_backend

from errata_wagtail.client import ErrataError
from errata_wagtail.models import ErrataArticleState
from errata_wagtail.pushing import push_page


def test_an_unreachable_errata_is_retried_later_by_a_backend_that_can_defer(
    errata, publish, settings
):
    page = publish("<p>Un budget de 1,2 milliard.</p>")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    errata.failing = ErrataError("errata could not be reached: refused", transient=True)

    assert push_page.call(page.pk, page.live_revision_id) == "retrying"

    (queued,) = default_task_backend.results
    assert queued.args == [page.pk, page.live_revision_id, 2]
    assert queued.task.run_after > timezone.now() + timedelta(seconds=25)
    state = ErrataArticleState.objects.get(page=page)
    assert (state.status, state.attempts) == ("pushed", 1)  # the earlier push still stands
    assert state.error == "errata could not be reached: refused"


def test_a_refusal_is_not_retried(errata, publish, settings):
    page = publish("<p>Un budget de 1,2 milliard.</p>")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    errata.failing = ErrataError("errata answered 401", transient=False)

    assert push_page.call(page.pk, page.live_revision_id) == "failed"
    assert default_task_backend.results == []
    assert ErrataArticleState.objects.get(page=page).status == "failed"

"""Case references and the rule that a status changes only with its history row."""

from __future__ import annotations

import pytest

from errata import models
from errata.intake.store import next_reference
from tests import factories

pytestmark = pytest.mark.django_db


def test_references_count_per_site_and_year() -> None:
    lemonde, ouest = factories.SiteFactory(), factories.SiteFactory()

    assert next_reference(lemonde, 2026) == "ERR-2026-00001"
    assert next_reference(lemonde, 2026) == "ERR-2026-00002"
    assert next_reference(ouest, 2026) == "ERR-2026-00001"
    assert next_reference(lemonde, 2027) == "ERR-2027-00001"


def _case(article: models.Article) -> models.Case:
    return models.Case.objects.create(
        site=article.site,
        article=article,
        reference="ERR-2026-00001",
        category=models.Category.TYPO,
        version=article.latest_version(),
    )


def test_recording_a_status_change_updates_the_case_and_its_history(
    article: models.Article,
) -> None:
    case = _case(article)

    event = models.CaseEvent.objects.record(
        case, models.CaseEventKind.DECIDED, new_status=models.CaseStatus.DECLINED, note="opinion"
    )

    case.refresh_from_db()
    assert case.status == models.CaseStatus.DECLINED
    assert case.closed_at == event.created_at
    assert (event.old_status, event.new_status) == ("new", "declined")
    assert event.by_system
    assert not models.Case.objects.open().filter(pk=case.pk).exists()

    models.CaseEvent.objects.record(
        case, models.CaseEventKind.STATUS_CHANGED, new_status=models.CaseStatus.IN_PROGRESS
    )
    case.refresh_from_db()
    assert case.closed_at is None
    assert list(case.events.values_list("new_status", flat=True)) == ["declined", "in_progress"]


def test_the_queue_puts_priority_first_then_the_earliest_due(article: models.Article) -> None:
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    low = _case(article)
    low.priority, low.due_at = 10, now
    low.save()
    urgent_late = models.Case.objects.create(
        site=article.site,
        article=article,
        reference="ERR-2026-00002",
        priority=50,
        category="factual",
        version=article.latest_version(),
        due_at=now + timedelta(hours=5),
    )
    urgent_soon = models.Case.objects.create(
        site=article.site,
        article=article,
        reference="ERR-2026-00003",
        priority=50,
        category="factual",
        version=article.latest_version(),
        due_at=now + timedelta(hours=1),
    )

    assert list(models.Case.objects.for_site(article.site).queue()) == [
        urgent_soon,
        urgent_late,
        low,
    ]

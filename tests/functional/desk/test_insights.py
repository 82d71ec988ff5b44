"""Stats (SVG + CSV), the audit log (administrators, CSV) and the site's own wording."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from errata import models
from errata.services import cases
from errata.services.stats import percentile, site_stats
from tests.functional.desk.cases import member, open_case
from tests.functional.desk.conftest import Newsroom, signed_in

pytestmark = pytest.mark.django_db


def rows_of(response: Any) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_percentiles() -> None:
    assert percentile([], 0.5) is None
    assert percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert percentile([float(n) for n in range(1, 11)], 0.9) == 9.0


def test_speed_against_the_sla(newsroom: Newsroom) -> None:
    case, editor = newsroom.case, newsroom.editor
    created = timezone.now() - timedelta(hours=30)
    models.Case.objects.filter(pk=case.pk).update(created_at=created)
    cases.add_note(editor, case, "Premier regard.")
    models.CaseEvent.objects.filter(kind="note").update(created_at=created + timedelta(hours=2))
    cases.decline(editor, case, "opinion")

    stats = site_stats(newsroom.site)

    assert stats.first_action.count == 1
    assert stats.first_action.median_hours == pytest.approx(2.0, abs=0.01)
    assert stats.first_action.within_sla == 1.0
    assert stats.decision.median_hours == pytest.approx(30.0, abs=0.05)
    assert stats.decision.within_sla == 0.0
    assert [(value, n) for value, _, n in stats.by_decision if n] == [("declined", 1)]
    assert [(value, n) for value, _, n in stats.by_category if n] == [("factual", 1)]
    assert stats.top_articles[0][2] == 1
    assert sum(opened for _, opened, _ in stats.days) == 1
    assert sum(closed for _, _, closed in stats.days) == 1


def test_the_stats_page_draws_svg_and_exports_csv(newsroom: Newsroom) -> None:
    client = signed_in(newsroom.editor)
    html = client.get(f"/desk/{newsroom.site.slug}/stats/").content.decode()
    assert html.count('<rect x="') >= 60  # 30 days × opened/closed
    assert 'class="bar-opened"' in html

    rows = rows_of(client.get(f"/desk/{newsroom.site.slug}/stats.csv"))
    assert rows[0] == ["metric", "key", "value"]
    today = timezone.localdate().isoformat()
    assert ["opened", today, "1"] in rows
    assert ["category", "factual", "1"] in rows
    assert ["decision", "corrected", "0"] in rows


def test_the_audit_log_lists_every_event_for_administrators(newsroom: Newsroom) -> None:
    cases.add_note(newsroom.editor, newsroom.case, '=HYPERLINK("http://evil")')
    client = signed_in(newsroom.admin)

    html = client.get(f"/desk/{newsroom.site.slug}/audit/").content.decode()
    assert newsroom.case.reference in html
    assert "claire" in html

    rows = rows_of(client.get(f"/desk/{newsroom.site.slug}/audit.csv"))
    assert rows[0] == ["at", "case", "kind", "actor", "old_status", "new_status", "note", "data"]
    kinds = [(r[2], r[3]) for r in rows[1:]]
    assert ("note", "claire") in kinds
    assert ("opened", "errata") in kinds
    note = next(r for r in rows[1:] if r[2] == "note")
    assert note[6] == '\'=HYPERLINK("http://evil")'  # never a formula in a spreadsheet

    filtered = client.get(f"/desk/{newsroom.site.slug}/audit/?kind=note").context["page"]
    assert [e.kind for e in filtered] == ["note"]


def test_the_audit_log_holds_one_site_only(newsroom: Newsroom) -> None:
    open_case(newsroom.case.article)
    admin_elsewhere = member(newsroom.other_site, role="admin")
    rows = rows_of(signed_in(admin_elsewhere).get(f"/desk/{newsroom.other_site.slug}/audit.csv"))
    assert rows[1:] == []


def test_administrators_edit_the_wording(newsroom: Newsroom) -> None:
    client = signed_in(newsroom.admin)
    url = f"/desk/{newsroom.site.slug}/templates/notice/correction/fr/"
    assert "Correction : une version précédente" in client.get(url).content.decode()

    assert client.post(url, {"body": "  "}).status_code == 422
    saved = client.post(url, {"body": "Rectificatif : nous avions écrit « $before »."})
    assert saved.status_code == 302

    correction = cases.accept(
        newsroom.editor, newsroom.case, kind="correction", passage_after="1,3 milliard"
    )
    assert correction.notice == "Rectificatif : nous avions écrit « 1,2 milliard »."
    listing = client.get(f"/desk/{newsroom.site.slug}/templates/").content.decode()
    assert "edited" in listing

    assert client.post(url, {"reset": "1", "body": "x"}).status_code == 302
    assert not models.MessageTemplate.objects.exists()
    assert client.get(f"/desk/{newsroom.site.slug}/templates/notice/silent/fr/").status_code == 404
    assert (
        client.get(f"/desk/{newsroom.site.slug}/templates/reply/corrected/de/").status_code == 404
    )


def test_a_reply_template_needs_a_subject(newsroom: Newsroom) -> None:
    url = f"/desk/{newsroom.site.slug}/templates/reply/declined/en/"
    response = signed_in(newsroom.admin).post(url, {"subject": "", "body": "Hello"})
    assert response.status_code == 422
    assert not models.MessageTemplate.objects.exists()

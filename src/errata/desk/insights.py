"""The stats page (every member) and the audit log (administrators), each with a CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from errata.desk import charts
from errata.desk.pages import desk_page, render_desk
from errata.models import CaseEventKind, Membership
from errata.services.permissions import site_for
from errata.services.stats import Speed, audit_events, site_stats

AUDIT_PAGE = 100
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula (notes are people's text)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(filename: str, header: list[str], rows: Iterable[Iterable[object]]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return response


@require_GET
@desk_page
def stats(request: HttpRequest, site: str) -> HttpResponse:
    numbers = site_stats(site_for(request.user, site))
    context = {
        "site": numbers.site,
        "stats": numbers,
        "daily": charts.daily(numbers.days),
        "speeds": [
            (_("Time to first action"), numbers.first_action),
            (_("Time to decision"), numbers.decision),
        ],
        "share_charts": [
            (_("By category"), charts.shares(numbers.by_category)),
            (_("By decision"), charts.shares(numbers.by_decision)),
        ],
    }
    return render_desk(request, "errata/desk/stats.html", context)


def _speed_rows(name: str, speed: Speed) -> list[list[object]]:
    return [
        [name, "count", speed.count],
        [name, "median_hours", speed.median_hours],
        [name, "p90_hours", speed.p90_hours],
        [name, "within_sla", speed.within_sla],
    ]


@require_GET
@desk_page
def stats_csv(request: HttpRequest, site: str) -> HttpResponse:
    numbers = site_stats(site_for(request.user, site))
    rows: list[list[object]] = []
    for day, opened, closed in numbers.days:
        rows += [["opened", day.isoformat(), opened], ["closed", day.isoformat(), closed]]
    rows += _speed_rows("first_action", numbers.first_action)
    rows += _speed_rows("decision", numbers.decision)
    rows += [["category", value, count] for value, _, count in numbers.by_category]
    rows += [["decision", value, count] for value, _, count in numbers.by_decision]
    rows += [["article_reports", url, count] for _, url, count in numbers.top_articles]
    return _csv(f"errata-stats-{numbers.site.slug}.csv", ["metric", "key", "value"], rows)


@require_GET
@desk_page
def audit(request: HttpRequest, site: str) -> HttpResponse:
    the_site = site_for(request.user, site, Membership.Role.ADMIN)
    kind = request.GET.get("kind", "")
    kind = kind if kind in CaseEventKind.values else ""
    page = Paginator(audit_events(the_site, kind), AUDIT_PAGE).get_page(request.GET.get("page"))
    context = {"site": the_site, "page": page, "kind": kind, "kinds": CaseEventKind.choices}
    return render_desk(request, "errata/desk/audit.html", context)


@require_GET
@desk_page
def audit_csv(request: HttpRequest, site: str) -> HttpResponse:
    the_site = site_for(request.user, site, Membership.Role.ADMIN)
    rows = (
        [
            event.created_at.isoformat(),
            event.case.reference,
            event.kind,
            event.actor.get_username() if event.actor else "errata",
            event.old_status,
            event.new_status,
            event.note,
            json.dumps(event.data, ensure_ascii=False, sort_keys=True),
        ]
        for event in audit_events(the_site).iterator()
    )
    header = ["at", "case", "kind", "actor", "old_status", "new_status", "note", "data"]
    return _csv(f"errata-audit-{the_site.slug}.csv", header, rows)

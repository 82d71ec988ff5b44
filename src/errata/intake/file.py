"""Grouping task, step 5, its one write: the report filed into its case, with history.

A report that joins no case opens one under the reference reserved for it at intake, so
the first reader of a passage holds the case's own reference (decision 19). `save`
decides what one report writes; a batch's writes wait in its `Filing` and `flush` makes
them set-based, in the same transaction: the cases it opened in one insert, its reports
in one update, its history rows in one insert, in the order they happened, and the
changed priorities in one update. Only a case opened for a report held as spam is
written at once, with its two history rows (rare, and a status change goes through
`CaseEvent.objects.record`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.db import connection
from django.db.models import CharField, Field, Model
from django.utils import timezone

from errata.intake.received import Received
from errata.intake.spam import SpamVerdict
from errata.intake.store import next_reference
from errata.models import (
    AnchorState,
    Article,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    Report,
    ReportStatus,
    Site,
)
from errata.triage.priority import Priority

UNSCORED: Final = Case._meta.get_field("priority").get_default()  # a new case's priority


@dataclass(frozen=True)
class Filed:
    report_id: int
    case_id: int
    opened_case: bool


class Filing:
    """One batch's writes, in the order `save` decided them, written by `flush`.

    A case the batch opens has no id until `flush` inserts it: until then it is known by
    its object (`save` returns it, and later reports of the batch may join it).
    """

    def __init__(self) -> None:
        self.events: list[CaseEvent] = []
        self.priorities: dict[int, Case] = {}  # cases open before the batch, by id
        self.opened: list[Case] = []  # not inserted yet, oldest first
        # (report id, its case, whether it opened it, status, spam score, reasons, findings)
        self.reports: list[tuple[int, Case, bool, tuple[Any, ...]]] = []

    def event(self, case: Case, kind: CaseEventKind, **fields: Any) -> None:
        # Only events that change no status: `CaseEvent.objects.record` writes those.
        self.events.append(CaseEvent(site_id=case.site_id, case=case, kind=kind, **fields))

    def flush(self) -> tuple[list[Filed], int]:
        """Write the batch; what was filed, in order, and how many reports the update
        found still without a case (all of them, unless another run filed some)."""
        Case.objects.bulk_create(self.opened)  # sets their ids (RETURNING, both engines)
        # `case IS NULL`: a report is filed once, whatever else ran (decision 25).
        updated = _update_rows(
            Report,
            ("case", "status", "spam_score", "spam_reasons", "findings"),
            [(report_id, case.pk, *values) for report_id, case, _, values in self.reports],
            still_null="case",
        )
        CaseEvent.objects.bulk_create(self.events)
        _update_rows(
            Case,
            ("priority", "priority_reasons"),
            [(case.pk, case.priority, case.priority_reasons) for case in self.priorities.values()],
        )
        filed = [Filed(report_id, case.pk, opened) for report_id, case, opened, _ in self.reports]
        self.events, self.priorities, self.opened, self.reports = [], {}, [], []
        return filed, updated


def _column(model: type[Model], name: str) -> tuple[str, Field[Any, Any]]:
    """A field's quoted column name, and the field."""
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    if not isinstance(field, Field) or field.column is None:
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return connection.ops.quote_name(field.column), field


def _cast_type(field: Field[Any, Any]) -> str:
    """The type a value is cast to: a text column's without its length, so that a value
    too long for the column is refused by the column, not cut by the cast (PostgreSQL's
    `CAST('…' AS varchar(20))` truncates silently)."""
    if isinstance(field, CharField):
        return str(connection.ops.cast_char_field_without_max_length)
    return str(field.cast_db_type(connection))


def _update_rows(
    model: type[Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    still_null: str | None = None,
) -> int:
    """Set `fields` of many rows, each to its own values, in one statement: `rows` are
    (pk, *values). `UPDATE … FROM (VALUES …)`, which both engines take (SQLite ≥ 3.33;
    its columns are named column1, column2 … on both), where Django's `bulk_update`
    builds and compiles a `CASE WHEN` per row and field, several times the CPU.
    `still_null`: a field that must still be null for the row to change. Returns how
    many rows changed."""
    if not rows:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    pk, *columns = [_column(model, name) for name in ("pk", *fields)]
    assignments = ", ".join(
        f"{name} = CAST(v.column{n} AS {_cast_type(field)})"
        for n, (name, field) in enumerate(columns, start=2)
    )
    row = "(" + ", ".join(["%s"] * (1 + len(columns))) + ")"
    params = [
        field.get_db_prep_value(value, connection)
        for values in rows
        for (_, field), value in zip([pk, *columns], values, strict=True)
    ]
    condition = f" AND {table}.{_column(model, still_null)[0]} IS NULL" if still_null else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {assignments} "  # noqa: S608 -- the models' own names
            f"FROM (VALUES {', '.join([row] * len(rows))}) AS v "
            f"WHERE {table}.{pk[0]} = v.column1{condition}",
            params,
        )
        return int(cursor.rowcount)


def _open_case(
    site: Site,
    article: Article,
    report: Received,
    spam: SpamVerdict,
    priority: Priority,
    filing: Filing,
) -> Case:
    now, span = timezone.now(), report.span
    case = Case(
        site=site,
        article=article,
        reference=report.reference or next_reference(site, now.year),
        status=CaseStatus.NEW,
        category=report.category,
        version_id=report.version_id,
        quote=report.version_text[span.start : span.end] if span else "",
        anchor_state=AnchorState.ANCHORED if span else AnchorState.ARTICLE,
        anchor_start=span.start if span else None,
        anchor_end=span.end if span else None,
        due_at=now + site.sla,
        # Its first priority, inserted with it; its event is written as for any change.
        priority=priority.score,
        priority_reasons=priority.reasons,
    )
    if not spam.held:
        filing.opened.append(case)
        filing.event(case, CaseEventKind.OPENED, new_status=CaseStatus.NEW)
    else:  # rare: written at once, as its status change must be
        case.save(force_insert=True)
        CaseEvent.objects.record(case, CaseEventKind.OPENED, new_status=CaseStatus.NEW)
        CaseEvent.objects.record(
            case,
            CaseEventKind.STATUS_CHANGED,
            new_status=CaseStatus.SPAM,
            data={"spam_score": spam.score, "reasons": list(spam.reasons)},
        )
    return case


def save(
    site: Site,
    article: Article,
    report: Received,
    case: Case | None,
    spam: SpamVerdict,
    findings: Sequence[dict[str, Any]],
    priority: Priority,
    filing: Filing,
) -> Case:
    """File one report into `case`, or a case it opens; written by `filing.flush()`.

    Returns the report's case, which has no id yet when the batch opened it.
    """
    opened = case is None
    old_priority = UNSCORED if case is None else case.priority
    if case is None:
        case = _open_case(site, article, report, spam, priority, filing)
    filing.reports.append(
        (
            report.report_id,
            case,
            opened,
            (
                ReportStatus.HELD if spam.held else ReportStatus.RECEIVED,
                spam.score,
                list(spam.reasons),
                list(findings),
            ),
        )
    )
    filing.event(case, CaseEventKind.REPORT_ADDED, data={"report": report.public_id})
    if old_priority != priority.score:
        filing.event(
            case,
            CaseEventKind.PRIORITY,
            data={"old": old_priority, "new": priority.score, "reasons": priority.reasons},
        )
        if not opened:
            case.priority, case.priority_reasons = priority.score, priority.reasons
            if case.pk is not None:  # else the batch opened it: inserted with this priority
                filing.priorities[case.pk] = case
    return case

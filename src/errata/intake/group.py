"""Grouping task, step 3: does this report join an open case about the same passage?

It joins the oldest open case of the same article whose anchored span overlaps its own;
a report about the whole article joins an open whole-article case of the same category.
Spam joins nothing. The grouping task holds the article's row lock while it files a
batch, so two readers reporting the same passage at the same moment end up in one case,
not two.

The article's open cases are read once per batch, as a few columns (`OpenCases`): a
busy article has hundreds, a batch joins a few, which alone become model instances. Cases open
before the batch are older than any the batch opens, so a report that overlaps one of
them joins it whatever the batch opens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from errata.anchoring import Anchor, Span, anchor
from errata.intake.anchor import selector_of
from errata.intake.received import Received
from errata.models import AnchorState, Article, ArticleVersion, Case, CaseStatus, Site


@dataclass(frozen=True)
class _Open:
    """What matching reads of an open case."""

    pk: int | None  # None: opened by the batch, not inserted yet
    version_id: int | None
    anchor_state: str
    anchor_start: int | None
    anchor_end: int | None
    category: str

    @classmethod
    def of(cls, case: Case) -> _Open:
        return cls(
            case.pk,
            case.version_id,
            case.anchor_state,
            case.anchor_start,
            case.anchor_end,
            case.category,
        )


# What is read of the article's open cases: what matching needs (`_Open`), and what
# scoring and filing read of the cases the batch joins; in the model's order of fields,
# as `Model.from_db` takes them.
_READ = (
    "id",
    "site_id",
    "article_id",
    "status",
    "category",
    "version_id",
    "quote",
    "anchor_state",
    "anchor_start",
    "anchor_end",
    "priority",
)
_MATCHED = tuple(
    _READ.index(name)
    for name in ("version_id", "anchor_state", "anchor_start", "anchor_end", "category")
)


class OpenCases:
    """The article's open cases, oldest first, as the batch being filed changes them."""

    def __init__(self, site: Site, article: Article, batch: Sequence[Received]) -> None:
        self._texts: dict[int, str] = {}  # a version's text, read only for a case in it
        rows = {
            row[0]: row
            for row in Case.objects.for_site(site)
            .open()
            .filter(article=article)
            .order_by("created_at", "pk")
            .values_list(*_READ)
        }
        before = [_Open(pk, *(row[n] for n in _MATCHED)) for pk, row in rows.items()]
        self._joins: dict[int, int | None] = {}
        for report in batch:
            found = self._match(before, report)
            self._joins[report.report_id] = None if found is None else before[found].pk
        # The few cases joined, as model instances of the columns read (filing reads and
        # writes no other: their priority reasons are only written).
        self._cases: dict[int, Case] = {
            pk: Case.from_db(Case.objects.db, _READ, rows[pk])
            for pk in self._joins.values()
            if pk is not None
        }
        # Opened by the batch, oldest first; they have no id until the batch is written.
        self._opened: list[tuple[_Open, Case]] = []

    @property
    def joined(self) -> list[Case]:
        """The cases open before the batch that some of its reports join."""
        return list(self._cases.values())

    def _span_in(self, case: _Open, report: Received) -> Span | None:
        """The report's span in the text the case is anchored in."""
        if case.version_id == report.version_id:
            return report.span
        # The reader's offsets are into another version: only the quote and context count.
        if case.version_id is None:
            return None
        if case.version_id not in self._texts:
            self._texts[case.version_id] = (
                ArticleVersion.objects.filter(pk=case.version_id)
                .values_list("text", flat=True)
                .get()
            )
        found = anchor(
            selector_of(report.selection, with_position=False), self._texts[case.version_id]
        )
        return Span.of(found) if isinstance(found, Anchor) else None

    def _match(self, cases: Sequence[_Open], report: Received) -> int | None:
        """The index of the first of `cases` the report joins."""
        if report.span is None:
            return next(
                (
                    n
                    for n, case in enumerate(cases)
                    if case.anchor_state == AnchorState.ARTICLE and case.category == report.category
                ),
                None,
            )
        for n, case in enumerate(cases):
            if case.anchor_state != AnchorState.ANCHORED:
                continue
            span = self._span_in(case, report)
            if span is not None and span.overlaps(case.anchor_start, case.anchor_end):
                return n
        return None

    def find(self, report: Received, *, held: bool) -> Case | None:
        """The open case the report (one of the batch's) joins; None when it opens one."""
        if held:
            return None
        joined = self._joins[report.report_id]  # among the cases open before the batch
        if joined is not None:
            return self._cases.get(joined)
        found = self._match([opened for opened, _ in self._opened], report)
        return None if found is None else self._opened[found][1]

    def opened(self, case: Case) -> None:
        """A case the batch opened: later reports of the batch may join it."""
        if case.status in CaseStatus.open_values():
            self._opened.append((_Open.of(case), case))

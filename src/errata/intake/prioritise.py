"""Grouping task, step 4: how urgent the case is, and why in one line
(`errata.triage.priority`).

The score counts the case's distinct readers (hashed IPs of received reports; a report
whose hash has expired, services/retention.py, counts as a reader of its own), its
category (the weightiest its reports gave), what verification found in this report and
the case's earlier ones, the site's severity rules, and the article's freshness.

What the score reads of the database is read once per batch (`Known`): the site's rules,
each case's earlier reports, and whether the article had reports before the batch; the
batch's own reports are added as they are filed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone

from errata.intake.received import Received
from errata.models import Article, ArticleSource, Case, Category, Report, Site
from errata.triage import priority
from errata.triage.passage import Passage

# Re-exported: the weights live with the rest of the scoring.
CATEGORY_WEIGHT = priority.CATEGORY_WEIGHT


class Known:
    """What one batch's scores read, read once: rules, cases' readers and findings."""

    def __init__(self, site: Site, article: Article, joined: Iterable[Case] = ()) -> None:
        self.site, self.article = site, article
        self.rules = priority.rules_for(site)
        self._first_report: int | None = None
        self._first_read = False
        # case → (readers, findings) of its received reports; a case the batch opened has
        # no id yet and is known by its object's identity (`_key`)
        self._cases: dict[tuple[bool, int], tuple[set[str], list[dict[str, Any]]]] = {}
        self._read([case for case in joined if case.pk is not None])

    def registered_by(self, report: Received) -> bool:
        """Whether this report made errata learn of the article: its age is then unknown."""
        if self.article.source != ArticleSource.READER:
            return False
        if not self._first_read:
            self._first_report = (
                Report.objects.for_site(self.article.site_id)
                .filter(article=self.article)
                .order_by("pk")
                .values_list("pk", flat=True)
                .first()
            )
            self._first_read = True
        return self._first_report is None or self._first_report >= report.report_id

    def _read(self, cases: Sequence[Case]) -> None:
        """The cases' received reports, all in one query."""
        if not cases:
            return
        known = {case.pk: (set[str](), list[dict[str, Any]]()) for case in cases}
        # A busy case has hundreds of reports with the same few findings: they are read
        # as text and only the first of each (in each case) is decoded (scoring counts
        # each finding once anyway).
        seen: set[tuple[int, str]] = set()
        earlier = (
            Report.objects.for_site(self.site)
            .filter(case__in=list(known))
            .received()
            .annotate(raw=Cast("findings", TextField()))
            .order_by("pk")
            .values_list("pk", "case_id", "ip_hash", "raw")
        )
        for pk, case_id, ip_hash, raw in earlier:
            readers, found = known[case_id]
            # An expired (empty) hash says nothing about who sent the report: count it
            # once, as a new day's hash of the same reader would be counted.
            readers.add(ip_hash or f"report {pk}")
            if raw and (case_id, raw) not in seen:
                seen.add((case_id, raw))
                stored = json.loads(raw)
                found.extend(stored if isinstance(stored, list) else [])
        self._cases.update({(False, pk): entry for pk, entry in known.items()})

    @staticmethod
    def _key(case: Case) -> tuple[bool, int]:
        # Unsaved model instances are unhashable; the batch keeps its cases alive.
        return (True, id(case)) if case.pk is None else (False, case.pk)

    def of_case(self, case: Case) -> tuple[set[str], list[dict[str, Any]]]:
        if self._key(case) not in self._cases:
            self._read([case])
        return self._cases[self._key(case)]

    def filed(
        self, case: Case, report: Received, findings: Sequence[dict[str, Any]], *, opened: bool
    ) -> None:
        """A received (not held) report of the batch is now in `case`."""
        if opened:
            self._cases[self._key(case)] = (set(), [])
        readers, found = self.of_case(case)
        readers.add(report.ip_hash or f"report {report.report_id}")
        found.extend(findings)


def score(
    site: Site,
    article: Article,
    report: Received,
    case: Case | None,
    findings: Sequence[dict[str, Any]],
    passage: Passage,
    *,
    held: bool,
    known: Known | None = None,
) -> priority.Priority:
    if held:
        return priority.Priority(0, list(priority.HELD))
    known = known or Known(site, article)
    category = Category(report.category)
    found = list(findings)
    readers = {report.ip_hash or "this report"}
    if case is not None:
        category = max((category, Category(case.category)), key=lambda c: CATEGORY_WEIGHT[c])
        earlier_readers, earlier_found = known.of_case(case)
        readers |= earlier_readers
        found.extend(earlier_found)
    published = article.published_at or (
        None if known.registered_by(report) else article.created_at
    )
    return priority.compute(
        category=category,
        readers=len(readers),
        findings=found,
        age=timezone.now() - published if published else None,
        rules=known.rules,
        passage=case.quote if case is not None else passage.text,
        comment=report.comment,
        language=passage.language,
    )

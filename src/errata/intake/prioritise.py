"""Grouping task, step 4: how urgent the case is, and why in one line
(`errata.triage.priority`).

The score counts the case's distinct readers (hashed IPs of received reports; a report
whose hash has expired, services/retention.py, counts as a reader of its own), its
category (the weightiest its reports gave), what verification found in this report and
the case's earlier ones, the site's severity rules, and the article's freshness.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from errata.intake.received import Received
from errata.models import Article, ArticleSource, Case, Category, Report, Site
from errata.triage import priority
from errata.triage.passage import Passage

# Re-exported: the weights live with the rest of the scoring.
CATEGORY_WEIGHT = priority.CATEGORY_WEIGHT


def _registered_by(article: Article, report: Received) -> bool:
    """Whether this report made errata learn of the article: its age is then unknown."""
    return (
        article.source == ArticleSource.READER
        and not Report.objects.for_site(article.site_id)
        .filter(article=article, pk__lt=report.report_id)
        .exists()
    )


def score(
    site: Site,
    article: Article,
    report: Received,
    case: Case | None,
    findings: Sequence[dict[str, Any]],
    passage: Passage,
    *,
    held: bool,
) -> priority.Priority:
    if held:
        return priority.Priority(0, list(priority.HELD))
    category = Category(report.category)
    found = list(findings)
    readers = {report.ip_hash or "this report"}
    if case is not None:
        category = max((category, Category(case.category)), key=lambda c: CATEGORY_WEIGHT[c])
        earlier = Report.objects.for_site(site).filter(case=case).received()
        for pk, ip_hash, stored in earlier.values_list("pk", "ip_hash", "findings"):
            # An expired (empty) hash says nothing about who sent the report: count it once,
            # as a new day's hash of the same reader would be counted.
            readers.add(ip_hash or f"report {pk}")
            found.extend(stored if isinstance(stored, list) else [])
    published = article.published_at or (
        None if _registered_by(article, report) else article.created_at
    )
    return priority.compute(
        category=category,
        readers=len(readers),
        findings=found,
        age=timezone.now() - published if published else None,
        rules=priority.rules_for(site),
        passage=case.quote if case is not None else passage.text,
        comment=report.comment,
        language=passage.language,
    )

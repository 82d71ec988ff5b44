"""Step 10: how urgent the case is, and why in one line (`errata.triage.priority`).

The score counts the case's distinct readers (hashed IPs of received reports; a report
whose hash has expired, services/retention.py, counts as a reader of its own), its
category (the weightiest its reports gave), what verification found in this report and
the case's earlier ones, the site's severity rules, and the article's freshness.
"""

from __future__ import annotations

from django.utils import timezone

from errata.intake.submission import Intake
from errata.models import Category, Report
from errata.triage import priority
from errata.triage.passage import passage_of

# Re-exported: the weights live with the rest of the scoring.
CATEGORY_WEIGHT = priority.CATEGORY_WEIGHT


def score(intake: Intake) -> None:
    if intake.held:
        intake.priority, intake.priority_reasons = 0, list(priority.HELD)
        return
    site, article = intake.site, intake.article
    assert site is not None and article is not None
    category = Category(intake.submission.category)
    findings = list(intake.findings)
    readers = {intake.ip_hash or "this report"}
    if intake.case is not None:
        category = max((category, Category(intake.case.category)), key=lambda c: CATEGORY_WEIGHT[c])
        earlier = Report.objects.for_site(site).filter(case=intake.case).received()
        for pk, ip_hash, stored in earlier.values_list("pk", "ip_hash", "findings"):
            # An expired (empty) hash says nothing about who sent the report: count it once,
            # as a new day's hash of the same reader would be counted.
            readers.add(ip_hash or f"report {pk}")
            findings.extend(stored if isinstance(stored, list) else [])
    published = article.published_at or (None if article._state.adding else article.created_at)
    passage = passage_of(intake)
    result = priority.compute(
        category=category,
        readers=len(readers),
        findings=findings,
        age=timezone.now() - published if published else None,
        rules=priority.rules_for(site),
        passage=intake.case.quote if intake.case is not None else passage.text,
        comment=intake.submission.comment,
        language=passage.language,
    )
    intake.priority, intake.priority_reasons = result.score, result.reasons

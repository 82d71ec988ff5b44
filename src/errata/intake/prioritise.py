"""Step 8: how urgent the case is: its category and how many distinct readers reported it.

A deliberately simple score (the triage package refines it): category weight × 10 plus
5 per distinct reader (hashed IP), up to 10 readers. The reason is stored in words.
"""

from __future__ import annotations

from errata.intake.submission import Intake
from errata.models import Category, Report

CATEGORY_WEIGHT = {
    Category.FACTUAL: 4,
    Category.MISLEADING: 3,
    Category.OUTDATED: 2,
    Category.TYPO: 1,
    Category.OTHER: 1,
}
READER_WEIGHT = 5
READERS_COUNTED = 10


def score(intake: Intake) -> None:
    if intake.held:
        intake.priority, intake.priority_reason = 0, "held as likely spam"
        return
    category = Category(intake.submission.category)
    if intake.case is not None:
        category = max((category, Category(intake.case.category)), key=lambda c: CATEGORY_WEIGHT[c])
        readers = set(
            Report.objects.filter(case=intake.case).received().values_list("ip_hash", flat=True)
        )
    else:
        readers = set()
    readers.add(intake.ip_hash)
    counted = min(len(readers), READERS_COUNTED)
    intake.priority = CATEGORY_WEIGHT[category] * 10 + READER_WEIGHT * counted
    intake.priority_reason = (
        f"{category.label}; {len(readers)} reader{'s' if len(readers) > 1 else ''}"
    )

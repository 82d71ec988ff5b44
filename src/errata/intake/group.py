"""Step 7: does this report join an open case about the same passage?

It joins the oldest open case of the same article whose anchored span overlaps its own;
a report about the whole article joins an open whole-article case of the same category.
Spam joins nothing. The article row is locked first, so two readers reporting the same
passage at the same moment end up in one case, not two.
"""

from __future__ import annotations

from errata.anchoring import Anchor, anchor
from errata.intake.anchor import selector_of
from errata.intake.submission import Intake, Span
from errata.models import AnchorState, Article, Case


def _span_in(case: Case, intake: Intake) -> Span | None:
    """The report's span in the text the case is anchored in."""
    assert intake.version is not None and intake.span is not None
    if case.version_id == intake.version.pk:
        return intake.span
    # The reader's offsets are into another version: only the quote and context count.
    found = anchor(selector_of(intake.submission.selection, with_position=False), case.version.text)
    if isinstance(found, Anchor):
        return Span(found.start, found.end, found.score, str(found.method))
    return None


def find_case(intake: Intake) -> None:
    article = intake.article
    assert article is not None and intake.site is not None
    if intake.held or article._state.adding:
        return
    # FOR NO KEY UPDATE: serialises reports on this article without blocking the foreign-key
    # checks of rows that merely point to it (a held report's case), which deadlocked.
    Article.objects.select_for_update(no_key=True).filter(pk=article.pk).first()
    candidates = (
        Case.objects.for_site(intake.site)
        .open()
        .filter(article=article)
        .select_related("version")
        .order_by("created_at", "pk")
    )
    if intake.span is None:
        intake.case = candidates.filter(
            anchor_state=AnchorState.ARTICLE, category=intake.submission.category
        ).first()
        return
    for case in candidates.filter(anchor_state=AnchorState.ANCHORED):
        span = _span_in(case, intake)
        if span is not None and span.overlaps(case.anchor_start, case.anchor_end):
            intake.case = case
            return

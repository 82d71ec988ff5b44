"""Grouping task, step 3: does this report join an open case about the same passage?

It joins the oldest open case of the same article whose anchored span overlaps its own;
a report about the whole article joins an open whole-article case of the same category.
Spam joins nothing. The grouping task holds the article's row lock while it runs, so two
readers reporting the same passage at the same moment end up in one case, not two.
"""

from __future__ import annotations

from errata.anchoring import Anchor, Span, anchor
from errata.intake.anchor import selector_of
from errata.intake.received import Received
from errata.models import AnchorState, Article, ArticleVersion, Case, Site


def _span_in(case: Case, report: Received, texts: dict[int, str]) -> Span | None:
    """The report's span in the text the case is anchored in (`texts`: read so far)."""
    if case.version_id == report.version_id:
        return report.span
    # The reader's offsets are into another version: only the quote and context count.
    if case.version_id not in texts:
        texts[case.version_id] = (
            ArticleVersion.objects.filter(pk=case.version_id).values_list("text", flat=True).get()
        )
    found = anchor(selector_of(report.selection, with_position=False), texts[case.version_id])
    return Span.of(found) if isinstance(found, Anchor) else None


def find_case(site: Site, article: Article, report: Received, *, held: bool) -> Case | None:
    """The open case the report joins; None when it opens one."""
    if held:
        return None
    candidates = (
        Case.objects.for_site(site).open().filter(article=article).order_by("created_at", "pk")
    )
    if report.span is None:
        whole: Case | None = candidates.filter(
            anchor_state=AnchorState.ARTICLE, category=report.category
        ).first()
        return whole
    texts: dict[int, str] = {}  # a version's text is read only for a case anchored in it
    case: Case
    for case in candidates.filter(anchor_state=AnchorState.ANCHORED):
        span = _span_in(case, report, texts)
        if span is not None and span.overlaps(case.anchor_start, case.anchor_end):
            return case
    return None

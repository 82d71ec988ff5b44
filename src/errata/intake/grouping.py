"""After the request: the stored reports of one article filed into cases, in batches.

Run by the `group_reports` task right after intake stores a report. One run files every
report of the article that has no case yet, oldest first, `BATCH` per transaction; each
transaction holds the article's row lock (PostgreSQL; SQLite serialises writers), so two
readers of one passage share one case however the runs interleave. Idempotent: only
reports without a case are read, and a batch is filed entirely or not at all, so a run
that dies half-way is simply run again.

For each report: spam signals of the site's history, the verification checks, the case
it joins, its priority, then the one write (`file.save`).
"""

from __future__ import annotations

from typing import Final

from django.db import transaction

from errata.intake import file, group, prioritise, spam, verify
from errata.intake.file import Filed
from errata.intake.received import Received
from errata.models import Article, Report
from errata.triage.passage import passage_in

BATCH: Final = 50


def _file_one(article: Article, report: Received) -> Filed:
    site = article.site
    verdict = spam.with_history(
        site,
        report.spam,
        spam.Sent(
            report.report_id, report.created_at, report.ip_hash, report.page_url, report.comment
        ),
    )
    passage = passage_in(
        report.version_text,
        report.span,
        quote=report.selection.exact,
        prefix=report.selection.prefix,
        article_language=article.language,
        site_language=site.language,
        published_at=article.published_at,
    )
    findings = verify.check(
        verify.Subject(
            site_id=site.pk,
            spelling_variants=site.spelling_variants,
            category=report.category,
            quote=report.selection.exact,
            comment=report.comment,
            suggestion=report.suggestion,
            span=report.span,
            passage=passage,
        )
    )
    case = group.find_case(site, article, report, held=verdict.held)
    priority = prioritise.score(site, article, report, case, findings, passage, held=verdict.held)
    return file.save(site, article, report, case, verdict, findings, priority)


def _batch(article_id: int) -> list[Filed]:
    with transaction.atomic():
        # FOR NO KEY UPDATE: serialises filing on this article without blocking the
        # foreign-key checks of rows that merely point to it (a new report, a held case).
        article = (
            Article.objects.select_for_update(no_key=True, of=("self",))
            .select_related("site")
            .filter(pk=article_id)
            .first()
        )
        if article is None:
            return []
        reports = (
            Report.objects.for_site(article.site_id)
            .ungrouped()
            .filter(article=article)
            .select_related("version")
            .order_by("pk")[:BATCH]
        )
        return [_file_one(article, Received.of(report)) for report in reports]


def group_article(article_id: int) -> list[Filed]:
    """File every report of the article that has no case yet; what was filed."""
    filed: list[Filed] = []
    while batch := _batch(article_id):
        filed.extend(batch)
        if len(batch) < BATCH:
            break
    return filed

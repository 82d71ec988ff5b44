"""After the request: the stored reports of one article filed into cases, in batches.

Run by the `group_reports` task, queued by the first report stored since the article's
last run began (decision 25). One run files every report of the article that has no
case yet, oldest first, `BATCH` at a time, in two halves:

1. outside any transaction, what reads only: the reports with their article and site,
   the spam signals of the site's history, the passage and the verification checks
   (the site's vocabulary read once per batch);
2. one short transaction holding the article's row lock (PostgreSQL; SQLite serialises
   writers): the case each report joins, among the article's open cases read once,
   its priority, and the writes, set-based (`file.save` decides, `Filing.flush` writes
   the batch in a few statements: decision 26).

So two readers of one passage share one case however the runs interleave, and on SQLite
a report being stored waits at most one batch's writes, not its checks. Idempotent:
the second half files only the batch's reports that still have no case, entirely or not
at all, so a run that dies half-way is simply run again. It assumes they have none (the
reports' update checks it) and, when another run filed some meanwhile, rolls the batch
back and files it again, reading them first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from errata.intake import file, group, pending, prioritise, spam, verify
from errata.intake.file import Filed
from errata.intake.received import Received
from errata.models import Article, Report
from errata.triage.passage import Passage, passage_in
from errata.triage.vocabulary import site_vocabulary

# Reports filed per transaction. On SQLite a report being stored waits for the batch's
# writes (about 1–2 ms per report), so a batch stays well within the answer's 50 ms.
BATCH: Final = 20


@dataclass(frozen=True)
class Triaged:
    """One report with what the checks found, before it is filed."""

    report: Received
    verdict: spam.SpamVerdict
    passage: Passage
    findings: tuple[dict[str, Any], ...]


def _triage(article: Article, reports: list[Received]) -> list[Triaged]:
    site = article.site
    vocabularies: dict[str, frozenset[str]] = {}

    def vocabulary(language: str) -> frozenset[str]:
        if language not in vocabularies:
            vocabularies[language] = site_vocabulary(site.pk, language)
        return vocabularies[language]

    verdicts = spam.with_histories(
        site,
        [
            (
                report.spam,
                spam.Sent(
                    report.report_id,
                    report.created_at,
                    report.ip_hash,
                    article.pk,
                    report.comment,
                ),
            )
            for report in reports
        ],
    )
    triaged = []
    shared: verify.Shared = {}  # readers of one passage share what reads no comment
    for report, verdict in zip(reports, verdicts, strict=True):
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
                site_words=vocabulary,
            ),
            shared,
        )
        triaged.append(Triaged(report, verdict, passage, findings))
    return triaged


class _FiledMeanwhile(Exception):
    """Some of the batch's reports were filed (or deleted) since the batch was read."""


def _file(article: Article, batch: list[Triaged]) -> list[Filed]:
    """File the batch, assuming its reports are still without a case: the common case,
    which the reports' update checks (one statement fewer than reading them first). When
    another run filed some meanwhile, the batch is rolled back and filed again, then
    checking first."""
    try:
        return _file_locked(article, batch, check_first=False)
    except (_FiledMeanwhile, IntegrityError):
        # IntegrityError: the other run opened a case under the reference reserved for one
        # of these reports, a case that is no longer open (held as spam, or closed since).
        return _file_locked(article, batch, check_first=True)


def _file_locked(article: Article, batch: list[Triaged], *, check_first: bool) -> list[Filed]:
    with transaction.atomic():
        # FOR NO KEY UPDATE: serialises filing on this article without blocking the
        # foreign-key checks of rows that merely point to it (a new report, a held case).
        # SQLite has no row locks: its transaction began by taking the database's one
        # write lock (`BEGIN IMMEDIATE`), which serialises filing already.
        if connection.features.has_select_for_update and not (
            Article.objects.select_for_update(no_key=True)
            .filter(pk=article.pk)
            .values_list("pk", flat=True)
            .order_by()
            .exists()
        ):
            return []
        site = article.site  # read with the batch, a moment ago
        unfiled = {each.report.report_id for each in batch}
        if check_first:
            unfiled &= set(
                Report.objects.for_site(site)
                .ungrouped()
                .filter(pk__in=unfiled)
                .values_list("pk", flat=True)
            )
            if not unfiled:
                return []  # another run filed them, or the article is gone with its reports
        cases = group.OpenCases(
            site, article, [each.report for each in batch if each.report.report_id in unfiled]
        )
        known = prioritise.Known(site, article, cases.joined)
        filing = file.Filing()
        for each in batch:
            report, verdict = each.report, each.verdict
            if report.report_id not in unfiled:
                continue  # another run filed it meanwhile
            case = cases.find(report, held=verdict.held)
            priority = prioritise.score(
                site,
                article,
                report,
                case,
                each.findings,
                each.passage,
                held=verdict.held,
                known=known,
            )
            opened = case is None
            case = file.save(site, article, report, case, verdict, each.findings, priority, filing)
            if opened:
                cases.opened(case)
            if not verdict.held:
                known.filed(case, report, each.findings, opened=opened)
        filed, updated = filing.flush()
        if updated != len(filed):
            # Rolls back everything the batch wrote. Checking first, under the lock, only a
            # report deleted meanwhile (a reader's erasure) gets here: the task is retried.
            raise _FiledMeanwhile
        return filed


def _batch(article_id: int) -> tuple[list[Filed], bool]:
    """File the next batch; whether there may be more."""
    rows = list(
        # The article and its site come with its reports, in the same statement: the
        # reports of the site the article belongs to (`for_site`, by the join).
        Report.objects.filter(site=F("article__site"))
        .ungrouped()
        .filter(article_id=article_id)
        .select_related("version", "article__site")
        .order_by("pk")[:BATCH]
    )
    if not rows:
        return [], False  # nothing left, or the article is gone with its reports
    article = rows[0].article
    reports = [Received.of(row) for row in rows]
    return _file(article, _triage(article, reports)), len(reports) == BATCH


def group_article(article_id: int) -> list[Filed]:
    """File every report of the article that has no case yet; what was filed."""
    pending.take(article_id)  # first: a report stored from now on queues the next run
    filed: list[Filed] = []
    more = True
    while more:
        batch, more = _batch(article_id)
        filed.extend(batch)
    return filed

"""Step 9: the one write of a report's request, in one short transaction.

Everything was decided by the steps before; this step inserts, in this order: the
idempotency key (so that a concurrent duplicate stops here and is answered the first
answer), the spent proof of work, the article and version when new (conflict-safe: two
first reports of one article insert it once), the reference reserved for the report, and
the report itself, without a case. `then` runs last, inside the transaction: the service
hands the report to the grouping task there, so the task is queued if and only if the
report is stored.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from errata.anchoring import Span
from errata.intake import acknowledge, proof
from errata.intake.idempotency import Claim, Replay, answer
from errata.intake.proof import SpentProof
from errata.intake.resolve import Resolved
from errata.intake.spam import SpamVerdict
from errata.intake.submission import Receipt, ReportSubmission
from errata.models import (
    Article,
    ArticleSource,
    ArticleVersion,
    IdempotencyKey,
    ReferenceSequence,
    Report,
    ReportStatus,
    Site,
    UsedProof,
    VersionSource,
)

_q = connection.ops.quote_name


@dataclass(frozen=True)
class Plan:
    """What the steps before `store` decided about one report."""

    site: Site
    submission: ReportSubmission
    ip_hash: str
    spam: SpamVerdict  # the report's own signals; the grouping task adds the rest
    proof: SpentProof | None
    resolved: Resolved
    span: Span | None
    claim: Claim | None


@dataclass(frozen=True)
class Stored:
    report_id: int
    article_id: int
    version_id: int
    new_version_of_known_article: bool  # its open cases follow the passage into it
    receipt: Receipt


class Duplicate(Exception):
    """Another request stored a report under the same idempotency key first."""

    def __init__(self, replay: Replay) -> None:
        super().__init__(replay.status)
        self.replay = replay


def _insert_returning(
    model: type[Any], values: dict[str, Any], conflict: str | None = None
) -> int | None:
    """INSERT … [ON CONFLICT DO NOTHING] RETURNING id (SQLite ≥ 3.35 and PostgreSQL): the
    new row's id, or None when the unique constraint on `conflict` already holds one. No
    savepoint is needed: a conflict leaves the transaction usable. Fields not in `values`
    take their default; a row written on every report skips the ORM's save machinery."""
    meta = model._meta
    columns, params = [], []
    for field in meta.concrete_fields:
        if field.primary_key:
            continue
        value = values[field.name] if field.name in values else field.get_default()
        columns.append(_q(field.column))
        params.append(field.get_db_prep_save(value, connection))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_q(meta.db_table)} ({', '.join(columns)}) "  # noqa: S608 -- names are the model's
            f"VALUES ({', '.join(['%s'] * len(params))}) "
            + (f"ON CONFLICT ({conflict}) DO NOTHING " if conflict else "")
            + f"RETURNING {_q(meta.pk.column)}",
            params,
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _insert(model: type[Any], values: dict[str, Any]) -> int:
    inserted = _insert_returning(model, values)
    if inserted is None:  # without ON CONFLICT, an INSERT that succeeds returns its row
        raise RuntimeError(f"INSERT INTO {model._meta.db_table} returned no row")
    return inserted


def next_reference(site: Site | int, year: int) -> str:
    """ERR-2026-00042: the site's 42nd reference of 2026, in one statement. Numbers are
    never reused; a rolled-back report leaves a gap."""
    site_id = site if isinstance(site, int) else site.pk
    table = _q(ReferenceSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (site_id, year, last) VALUES (%s, %s, 1) "  # noqa: S608 -- the model's table
            f"ON CONFLICT (site_id, year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [site_id, year],
        )
        (last,) = cursor.fetchone()
    return f"ERR-{year}-{int(last):05d}"


def _claim(plan: Plan, receipt: Receipt, now: Any) -> None:
    claim = plan.claim
    if claim is None:
        return
    if claim.expired_id is not None:
        IdempotencyKey.objects.filter(pk=claim.expired_id).delete()
    stored = _insert_returning(
        IdempotencyKey,
        {
            "site": plan.site.pk,
            "created_at": now,
            "key": claim.key,
            "fingerprint": claim.fingerprint,
            "status": 201,
            "response": dataclasses.asdict(receipt),
        },
        "site_id, key",
    )
    if stored is None:
        # Committed by a concurrent request (PostgreSQL waited for it; SQLite serialised).
        first = IdempotencyKey.objects.for_site(plan.site).get(key=claim.key)
        raise Duplicate(answer(first.fingerprint, claim.fingerprint, first.status, first.response))


def _spend(spent: SpentProof | None) -> None:
    if spent is None:
        return
    values = {"signature": spent.signature, "expires_at": spent.expires_at}
    if _insert_returning(UsedProof, values, "signature") is None:
        raise proof.replayed()


def _article_and_version(plan: Plan) -> tuple[int, int, bool]:
    """The ids of the article and version, inserting them when new; whether the version
    is a new one of an article errata already knew."""
    resolved, site = plan.resolved, plan.site
    article_id = resolved.article_id
    if article_id is None:
        article_id = _insert_returning(
            Article,
            {
                "site": site.pk,
                "created_at": timezone.now(),
                "url": resolved.url,
                "title": resolved.title,
                "language": resolved.language,
                "source": ArticleSource.READER,
            },
            "site_id, url",
        ) or Article.objects.for_site(site).values_list("pk", flat=True).get(url=resolved.url)
    if resolved.version_id is not None:
        return article_id, resolved.version_id, False
    # A concurrent first report may have inserted the same text a moment ago.
    existing = (
        ArticleVersion.objects.for_site(site)
        .filter(article_id=article_id, text_hash=resolved.text_hash)
        .values_list("pk", flat=True)
        .first()
    )
    if existing is not None:
        return article_id, existing, False
    version = ArticleVersion.objects.create(
        site=site, article_id=article_id, text=resolved.text, source=VersionSource.WIDGET
    )
    return article_id, version.pk, not resolved.new_article


def save(plan: Plan, then: Callable[[Stored], None]) -> Stored:
    """Store the report; raises `Problem` (nothing stored) or `Duplicate` (a replay)."""
    submission, selection, span = plan.submission, plan.submission.selection, plan.span
    now = timezone.now()
    with transaction.atomic():
        reference = next_reference(plan.site, now.year)
        receipt = acknowledge.receipt(reference, plan.resolved.language)
        _claim(plan, receipt, now)
        _spend(plan.proof)
        article_id, version_id, new_version = _article_and_version(plan)
        report_id = _insert(
            Report,
            {
                "site": plan.site.pk,
                "created_at": now,
                "reference": reference,
                "case": None,
                "article": article_id,
                "version": version_id,
                "status": ReportStatus.RECEIVED,
                "category": submission.category,
                "quote": selection.exact,
                "quote_prefix": selection.prefix,
                "quote_suffix": selection.suffix,
                "position_start": selection.start,
                "position_end": selection.end,
                "anchor_start": span.start if span else None,
                "anchor_end": span.end if span else None,
                "anchor_score": span.score if span else None,
                "anchor_method": span.method if span else "",
                "comment": submission.comment,
                "suggestion": submission.suggestion,
                "language": submission.language,
                "contact_email": submission.email,
                "page_url": submission.article.url,
                "ip_hash": plan.ip_hash,
                "spam_score": plan.spam.score,
                "spam_reasons": list(plan.spam.reasons),
            },
        )
        stored = Stored(report_id, article_id, version_id, new_version, receipt)
        then(stored)
    return stored

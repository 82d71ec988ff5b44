"""The one way tests build a reader's report and send it through intake.

`submission()` and `meta()` build the inputs; `receive()` runs the request's steps and
stores the report, as the API would; `report()` also runs the grouping task's work at
once, as the worker would right after, and returns the filed report.
"""

from __future__ import annotations

from typing import Any

from errata import models
from errata.intake import pipeline
from errata.intake.idempotency import Replay
from errata.intake.store import Stored
from errata.intake.submission import ArticleSnapshot, QuoteSelection, ReportSubmission, RequestMeta
from errata.services import reports

ORIGIN = "https://quotidien.example"
URL = f"{ORIGIN}/budget"


def submission(
    site: models.Site,
    exact: str = "",
    *,
    url: str = URL,
    title: str = "",
    lang: str = "",  # the article's language, as the API names it (article.lang)
    text: str = "",
    prefix: str = "",
    suffix: str = "",
    start: int | None = None,
    end: int | None = None,
    category: str = "factual",
    comment: str = "Ce passage est inexact.",
    **fields: Any,
) -> ReportSubmission:
    """A report as the widget sends it; `fields` are ReportSubmission's other fields."""
    fields.setdefault("site_key", site.public_key)
    return ReportSubmission(
        article=ArticleSnapshot(url=url, title=title, language=lang, text=text),
        selection=QuoteSelection(exact=exact, prefix=prefix, suffix=suffix, start=start, end=end),
        category=category,
        comment=comment,
        **fields,
    )


def meta(ip: str = "192.0.2.1", origin: str | None = ORIGIN) -> RequestMeta:
    return RequestMeta(origin=origin, ip=ip)


def receive(
    site: models.Site,
    exact: str = "",
    *,
    ip: str = "192.0.2.1",
    origin: str = ORIGIN,
    key: str | None = None,
    **fields: Any,
) -> Stored | Replay:
    """The request's steps only: the report stored without a case (or a replay)."""
    _, outcome = pipeline.receive(
        submission(site, exact, **fields), meta(ip, origin), idempotency_key=key
    )
    return outcome


def report(
    site: models.Site, exact: str = "", *, ip: str = "192.0.2.1", **fields: Any
) -> models.Report:
    """Stored, then filed into its case as the grouping task does right after."""
    stored = receive(site, exact, ip=ip, **fields)
    assert isinstance(stored, Stored)
    reports.group_received(stored.article_id)
    return models.Report.objects.select_related("case").get(pk=stored.report_id)


def case(
    site: models.Site, exact: str = "", *, ip: str = "192.0.2.1", **fields: Any
) -> models.Case:
    """The case the report was filed into."""
    filed = report(site, exact, ip=ip, **fields).case
    assert filed is not None
    return filed

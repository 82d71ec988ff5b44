"""Helpers for the desk's tests: members of sites and cases with their reports, as rows.

Cases are built directly (not through intake) so that a test states exactly the passage,
reports and contacts it needs.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from errata import models
from errata.intake.store import next_reference
from tests import factories

PASSWORD = "correct horse battery staple"


def member(site: models.Site, role: str = "editor", **fields: Any) -> Any:
    """A user with a role on `site`; without a usable password (argon2 is slow on purpose)
    unless `password=` is given, for the tests that sign in through the form."""
    fields.setdefault("password", None)
    user = factories.UserFactory(**fields)
    models.Membership.objects.create(site=site, user=user, role=role)
    return user


def open_case(
    article: models.Article,
    *,
    quote: str = "1,2 milliard",
    category: str = models.Category.FACTUAL,
    reports: list[dict[str, Any]] | None = None,
    priority: int = 40,
) -> models.Case:
    """An open case on `quote` in the article's latest version, with its reports."""
    site, version = article.site, article.latest_version()
    assert version is not None
    start = version.text.index(quote) if quote else None
    now = timezone.now()
    case = models.Case.objects.create(
        site=site,
        article=article,
        reference=next_reference(site, now.year),
        category=category,
        version=version,
        quote=quote,
        anchor_state=models.AnchorState.ANCHORED if quote else models.AnchorState.ARTICLE,
        anchor_start=start,
        anchor_end=start + len(quote) if start is not None else None,
        priority=priority,
        due_at=now + site.sla,
    )
    models.CaseEvent.objects.record(case, models.CaseEventKind.OPENED, new_status="new")
    for fields in reports if reports is not None else [{}]:
        values = {
            "comment": "Le budget voté est de 1,3 milliard.",
            "suggestion": "1,3 milliard",
            "language": "fr",
            "contact_email": "",
            **fields,
        }
        models.Report.objects.create(
            site=site,
            case=case,
            article=article,
            version=version,
            category=category,
            quote=quote,
            anchor_start=case.anchor_start,
            anchor_end=case.anchor_end,
            **values,
        )
    return case


def hosted_article(site: models.Site, url: str = "https://quotidien.example/hosted") -> Any:
    article = factories.ArticleFactory(site=site, url=url, source=models.ArticleSource.HOSTED)
    factories.ArticleVersionFactory(article=article)
    return article

"""One-click endings: a typo the machine verified, a passage the article's edit fixed."""

from __future__ import annotations

from typing import Any

import pytest

from errata import models
from errata.services.articles import upsert_article
from tests.factories import ARTICLE_TEXT
from tests.functional.desk.cases import member
from tests.functional.desk.conftest import signed_in
from tests.unit.intake import builders

pytestmark = pytest.mark.django_db
ORIGIN = "https://quotidien.example"
TYPO_TEXT = ARTICLE_TEXT.replace("dépenses de fonctionnement", "dépences de fonctionnement")


def _article(site: models.Site, source: models.ArticleSource, text: str) -> models.Article:
    return upsert_article(
        site,
        url=f"{ORIGIN}/budget",
        source=source,
        version_source=models.VersionSource.CMS,
        title="Lyon adopte son budget",
        language="fr",
        text=text,
    ).article


def _report(article: models.Article, exact: str, suggestion: str, **extra: Any) -> models.Case:
    return builders.case(
        article.site,
        exact,
        ip="192.0.2.44",
        url=article.url,
        lang="fr",
        category="typo",
        comment="Faute d'orthographe.",
        suggestion=suggestion,
        **extra,
    )


def _case_url(case: models.Case) -> str:
    return f"/desk/{case.site.slug}/cases/{case.reference}/"


def test_a_verified_typo_is_fixed_in_one_click(site: models.Site) -> None:
    site.allow_silent_fixes = True
    site.save()
    article = _article(site, models.ArticleSource.HOSTED, TYPO_TEXT)
    case = _report(article, "dépences", "dépenses")
    editor = signed_in(member(site))

    page = editor.get(_case_url(case)).content.decode()
    assert "Apply fix" in page
    assert "« dépences » → « dépenses »" in page

    response = editor.post(_case_url(case) + "apply-fix/")

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == models.CaseStatus.CORRECTED
    correction = models.Correction.objects.get(case=case)
    assert correction.kind == models.CorrectionKind.SILENT
    latest = article.latest_version()
    assert latest is not None
    assert "dépenses de fonctionnement" in latest.text
    assert "dépences" not in latest.text


def test_the_fix_is_a_public_correction_where_silent_fixes_are_off(site: models.Site) -> None:
    article = _article(site, models.ArticleSource.HOSTED, TYPO_TEXT)
    case = _report(article, "dépences", "dépenses")

    signed_in(member(site)).post(_case_url(case) + "apply-fix/")

    assert models.Correction.objects.get(case=case).kind == models.CorrectionKind.CORRECTION


def test_no_fix_is_offered_when_the_suggestion_is_not_a_spelling_fix(site: models.Site) -> None:
    article = _article(site, models.ArticleSource.HOSTED, ARTICLE_TEXT)
    case = _report(article, "Grégoire Martin", "Grégory Martin")
    editor = signed_in(member(site))

    assert "Apply fix" not in editor.get(_case_url(case)).content.decode()
    refused = editor.post(_case_url(case) + "apply-fix/")

    assert refused.status_code == 409
    case.refresh_from_db()
    assert case.is_open


def test_a_case_fixed_by_the_articles_edit_is_closed_in_one_click(
    site: models.Site, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    article = _article(site, models.ArticleSource.CMS, TYPO_TEXT)
    case = _report(article, "dépences", "dépenses", email="lectrice@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        _article(site, models.ArticleSource.CMS, ARTICLE_TEXT)  # the CMS fixes it
    editor = signed_in(member(site))

    page = editor.get(_case_url(case)).content.decode()
    assert "Fixed by an edit of the article" in page
    assert "This is what a reader suggested." in page

    response = editor.post(_case_url(case) + "close-fixed/")

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == models.CaseStatus.CORRECTED
    decided = case.events.get(kind=models.CaseEventKind.DECIDED)
    assert decided.data["fixed_by_edit"] is True
    assert decided.data["wording"] == "dépenses"
    assert models.Reply.objects.filter(
        case=case, report__contact_email="lectrice@example.org"
    ).exists()


def test_an_unedited_case_cannot_be_closed_as_fixed(site: models.Site) -> None:
    article = _article(site, models.ArticleSource.CMS, TYPO_TEXT)
    case = _report(article, "dépences", "dépenses")

    refused = signed_in(member(site)).post(_case_url(case) + "close-fixed/")

    assert refused.status_code == 409
    case.refresh_from_db()
    assert case.is_open


FALSE_FIXES_TEXT = (
    "Le conseil s'est réuni le 6 décembre pour voter le budget. En 2019, la même année, "
    "mais plus tard, la ville avait déjà emprunté. C'est la première fois que Lyon "
    "emprunte autant. Les soldats sont partis."
)


@pytest.mark.parametrize(
    ("exact", "suggestion"),
    [
        ("le 6 décembre", "le 6 décembres"),
        ("la même année, mais", "la même année, mai"),
        ("la première fois", "la première foi"),
    ],
)
def test_a_fix_that_changes_a_real_word_without_grammatical_evidence_is_never_offered(
    site: models.Site, exact: str, suggestion: str
) -> None:
    site.allow_silent_fixes = True
    site.save()
    article = _article(site, models.ArticleSource.HOSTED, FALSE_FIXES_TEXT)
    case = _report(article, exact, suggestion)
    editor = signed_in(member(site))

    [finding] = [f for f in case.reports.get().findings if f["check"] == "spelling"]
    assert finding["verdict"] == "possible"
    assert finding["data"]["fix"] is None
    assert "Apply fix" not in editor.get(_case_url(case)).content.decode()
    assert editor.post(_case_url(case) + "apply-fix/").status_code == 409
    case.refresh_from_db()
    assert case.status != models.CaseStatus.CORRECTED
    assert not models.Correction.objects.filter(case=case).exists()


def test_an_agreement_the_rule_decides_is_offered(site: models.Site) -> None:
    article = _article(
        site, models.ArticleSource.HOSTED, FALSE_FIXES_TEXT.replace("soldats", "soldat")
    )
    case = _report(article, "Les soldat", "Les soldats")
    editor = signed_in(member(site))

    assert "Apply fix" in editor.get(_case_url(case)).content.decode()

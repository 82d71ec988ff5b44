"""Migration 0007: stored English findings and reasons become codes, and back."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from errata.presenters import triage

BEFORE = [("errata", "0006_shared_limits")]
AFTER = [("errata", "0007_triage_codes")]

FINDINGS = [
    {
        "check": "spelling",
        "verdict": "confirmed",
        "reason": "« deployés »: not in the dictionary nor the site's vocabulary. "
        "The suggestion « déployés » fixes it.",
        "data": {"kind": "misspelling", "flagged": ["deployés"], "suggestion_fixes": True},
    },
    {
        "check": "dates",
        "verdict": "impossible",
        "reason": "« lundi 1er novembre 2024 »: that date was a vendredi (2024-11-01).",
        "data": {},
    },
    {"check": "mystery", "verdict": "odd", "reason": "Something said once.", "data": {}},
]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_english_rows_become_codes_that_render_as_before() -> None:
    apps = _migrate(BEFORE)
    Site = apps.get_model("errata", "Site")
    Article = apps.get_model("errata", "Article")
    Version = apps.get_model("errata", "ArticleVersion")
    Case = apps.get_model("errata", "Case")
    Report = apps.get_model("errata", "Report")
    site = Site.objects.create(slug="q", name="Q", public_key="pk_q")
    article = Article.objects.create(site=site, url="https://q.example/a")
    version = Version.objects.create(
        site=site, article=article, text="t", text_hash="h", source="cms"
    )
    case = Case.objects.create(
        site=site,
        article=article,
        version=version,
        reference="ERR-2026-00001",
        category="factual",
        priority_reason="Factual error; 2 readers; figures +6; conflicting figures in the "
        "article +10; published today +10",
    )
    Report.objects.create(
        site=site,
        case=case,
        article=article,
        version=version,
        category="typo",
        findings=FINDINGS,
        spam_reasons=["1 link(s)", "text looks like garbage: mostly symbols", "a new signal"],
    )
    try:
        apps = _migrate(AFTER)
        report = apps.get_model("errata", "Report").objects.get()
        case = apps.get_model("errata", "Case").objects.get()

        assert [f["code"] for f in report.findings] == [
            "spelling.misspelled",
            "dates.wrong_weekday",
            "legacy",
        ]
        assert all("reason" not in f for f in report.findings)
        assert triage.finding_message(report.findings[0]) == (
            "« deployés »: misspelled. The suggestion « déployés » fixes it."
        )
        assert triage.finding_message(report.findings[1]) == (
            "« lundi 1er novembre 2024 »: that date was a Friday (2024-11-01)."
        )
        assert triage.finding_message(report.findings[2]) == "Something said once."
        assert [triage.spam_message(r) for r in report.spam_reasons] == [
            "links: 1",
            "text looks like garbage: mostly symbols",
            "a new signal",
        ]
        assert triage.priority_message(case.priority_reasons) == (
            "Factual error; 2 readers; figures +6; conflicting figures in the article +10; "
            "published today +10"
        )
    finally:
        # Back to the newest migration, not to AFTER: the tests after this one need every
        # table (test_task_worker failed on a missing errata_taskworker when it ran later).
        executor = MigrationExecutor(connection)
        _migrate(executor.loader.graph.leaf_nodes())

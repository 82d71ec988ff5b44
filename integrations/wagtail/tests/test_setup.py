"""The app's configuration: its system check, and migrations that match its models."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.checks import run_checks

from errata_wagtail.templatetags.errata_tags import errata_widget


def test_missing_settings_are_reported_by_name(settings):
    settings.ERRATA_API_KEY = ""
    del settings.ERRATA_WEBHOOK_SECRET
    settings.ERRATA_URL = "errata.example"
    errors = {error.id: error.msg for error in run_checks() if error.id.startswith("errata")}
    assert errors == {
        "errata_wagtail.E003": "ERRATA_API_KEY is not set.",
        "errata_wagtail.E004": "ERRATA_WEBHOOK_SECRET is not set.",
        "errata_wagtail.E005": "ERRATA_URL must start with https:// (or http://), not 'errata.example'.",
    }


def test_complete_settings_pass_the_check():
    assert [error for error in run_checks() if error.id.startswith("errata")] == []


def test_the_migrations_match_the_models():
    # In a process of its own: the tests run with migrations disabled (--nomigrations).
    # Only this app and the test project's: Wagtail 8.0.1's own models are a step ahead of
    # the migrations it ships (wagtailcore's Redirect), which is not ours to write.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemigrations",
            "errata_wagtail",
            "news",
            "--check",
            "--dry-run",
        ],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "testproject.settings"},
        cwd=Path(__file__).parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No changes detected" in done.stdout


def test_the_widget_tag_escapes_its_settings(settings):
    settings.ERRATA_URL = "https://errata.example/"
    settings.ERRATA_SITE_KEY = 'pk_"><script>'
    assert errata_widget(lang="fr", link="off") == (
        '<script src="https://errata.example/widget.js" data-site="pk_&quot;&gt;&lt;script&gt;"'
        ' data-lang="fr" data-link="off" defer></script>'
    )


def test_the_app_is_versioned_with_errata():
    import tomllib

    import errata_wagtail

    repository = Path(__file__).resolve().parents[3]
    errata = tomllib.loads((repository / "pyproject.toml").read_text())["project"]["version"]
    app = tomllib.loads((repository / "integrations/wagtail/pyproject.toml").read_text())
    assert app["project"]["version"] == errata_wagtail.__version__ == errata

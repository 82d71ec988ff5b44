"""Production mode refuses to start without its secrets, and says which ones."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SECRETS = {
    "ERRATA_SECRET_KEY": "a-long-random-production-key-for-this-test-only",
    "ERRATA_IP_HASH_SECRET": "another-random-value-for-this-test-only",
}


def start_django(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    # A clean environment: nothing errata reads leaks in from the test runner's.
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("ERRATA_") and name not in {"DATABASE_URL"}
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **inherited,
            "DJANGO_SETTINGS_MODULE": "errata.conf.settings",
            "ERRATA_ENV": "production",
            "ERRATA_DATA_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "given",
    [pytest.param({}, id="no secret"), pytest.param({"ERRATA_SECRET_KEY": "k" * 50}, id="one")],
)
def test_production_refuses_to_start_naming_each_missing_secret(
    given: dict[str, str], tmp_path: Path
) -> None:
    result = start_django(tmp_path, **given)

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured:")
    assert "ERRATA_ENV=production" in last_line
    for name in SECRETS:
        assert (name in last_line) == (name not in given), last_line


def test_production_starts_when_every_secret_is_set(tmp_path: Path) -> None:
    result = start_django(tmp_path, **SECRETS)

    assert result.returncode == 0, result.stderr


def test_development_starts_without_secrets(tmp_path: Path) -> None:
    result = start_django(tmp_path, ERRATA_ENV="development")

    assert result.returncode == 0, result.stderr

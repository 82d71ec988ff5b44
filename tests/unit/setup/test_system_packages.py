"""scripts/system-packages: the one place that knows which Debian packages errata needs."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "system-packages"


def run(*args: str, python: str = "python3") -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 -- the project's own script, fixed arguments
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHON": python},
        check=False,
    )


def test_nothing_is_missing_where_make_test_has_run() -> None:
    # `make test` runs the suite after `make system-packages`: every check must then pass,
    # or the script would install again at each run (or check the wrong thing).
    listed = run("--list", "test")

    assert listed.returncode == 0
    assert listed.stdout == ""


def test_a_python_without_venv_support_asks_for_python3_venv(tmp_path: Path) -> None:
    # Debian's python3 has no ensurepip until python3-venv is installed.
    python = tmp_path / "python3"
    python.write_text("#!/bin/sh\nexit 1\n")
    python.chmod(0o755)

    listed = run("--list", "serve", python=str(python))

    assert listed.stdout.split() == ["python3-venv"]


def test_an_unknown_set_is_refused_with_the_usage() -> None:
    refused = run("everything")

    assert refused.returncode == 2
    assert "serve|test|bench" in refused.stderr


def test_a_machine_without_php_asks_for_the_wordpress_plugins_tools(tmp_path: Path) -> None:
    # The plugin's checks (php -l, phpcs, PHPUnit) and its real-WordPress tests are part of
    # `make test`: a machine without PHP is asked for PHP and its extensions, each checked
    # by what the tests use of it.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in Path("/usr/bin").iterdir():
        if not tool.name.startswith(("php", "phpunit", "phpcs")):
            (bin_dir / tool.name).symlink_to(tool)
    listed = subprocess.run(  # noqa: S603 -- the project's own script, fixed arguments
        [str(SCRIPT), "--list", "test"],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{bin_dir}:/usr/sbin:/sbin"},
        check=False,
    )

    missing = listed.stdout.split()
    assert {
        "php-cli",
        "php-mysql",
        "php-curl",
        "php-xml",
        "php-mbstring",
        "phpunit",
        "php-codesniffer",
    } <= set(missing)
    assert "wordpress" not in missing  # a file, there whatever PATH says

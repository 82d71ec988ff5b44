"""Run `errata` commands in-process against the test database, as a terminal would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from errata.cli import main

Invoke = Callable[..., Result]
IMPORT_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"


@pytest.fixture
def cli() -> Invoke:
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(main, list(args), input=input, prog_name="errata")

    return invoke


def refused(result: Result, option: str) -> bool:
    """A clean refusal: status 2, the option named, no traceback."""
    return (
        result.exit_code == 2
        and isinstance(result.exception, SystemExit)
        and option in result.output
        and "Traceback" not in result.output
    )

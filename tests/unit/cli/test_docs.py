"""docs/cli.md is generated from `--help`: stale docs or a command without help fail."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from errata.cli import cli_reference, main
from errata.conf.registry import render_markdown
from tests.unit.cli.conftest import Invoke

DOCS = Path(__file__).resolve().parents[3] / "docs"


def test_docs_cli_md_is_what_errata_docs_generates() -> None:
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == cli_reference(), (
        "docs/cli.md is stale: run `make docs` (errata docs) and commit the result."
    )


def test_every_command_and_option_explains_itself() -> None:
    context = click.Context(main, info_name="errata")
    for name in main.list_commands(context):
        command = main.get_command(context, name)
        assert command is not None
        assert command.help, f"errata {name} has no help text"
        assert f"## errata {name}" in cli_reference()
        for parameter in command.params:
            if isinstance(parameter, click.Option):
                assert parameter.help, f"errata {name} {parameter.opts[0]} has no help"


@pytest.mark.django_db
def test_errata_docs_writes_both_references(cli: Invoke, tmp_path: Path) -> None:
    result = cli("docs", "--output-dir", str(tmp_path / "docs"))

    assert result.exit_code == 0, result.output
    assert (tmp_path / "docs" / "cli.md").read_text(encoding="utf-8") == cli_reference()
    assert (tmp_path / "docs" / "settings.md").read_text(encoding="utf-8") == render_markdown()

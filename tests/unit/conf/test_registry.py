"""The settings registry: every setting errata reads is declared, documented, and used."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from errata.conf import registry
from errata.conf.registry import SETTINGS, Setting, render_markdown, value

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "src" / "errata"
SETTINGS_DOC = ROOT / "docs" / "settings.md"
# Environment variables that are errata's to declare; others (HOME, DJANGO_SETTINGS_MODULE)
# belong to the platform or to Django.
ERRATA_NAME = re.compile(r"^(ERRATA_[A-Z0-9_]+|DATABASE_URL|PROMETHEUS_MULTIPROC_DIR)$")


def _is_os_environ(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _first_string(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def _reads_environment(func: ast.expr) -> bool:
    """`os.environ.get(…)` or `os.getenv(…)`."""
    return isinstance(func, ast.Attribute) and (
        (func.attr == "get" and _is_os_environ(func.value))
        or (func.attr == "getenv" and isinstance(func.value, ast.Name) and func.value.id == "os")
    )


def names_read(tree: ast.AST) -> set[tuple[str, int]]:
    """(name, line) of every setting read: `value("X")`, `os.environ…`/`os.getenv("X")`
    reads of an errata-looking name, and any other string that is exactly such a name."""
    found: set[tuple[str, int]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and (name := _first_string(node)) is not None:
            is_value = isinstance(node.func, ast.Name) and node.func.id == "value"
            if is_value or (_reads_environment(node.func) and ERRATA_NAME.match(name)):
                found.add((name, node.lineno))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and ERRATA_NAME.match(node.value)
        ):
            found.add((node.value, node.lineno))
    return found


def package_sources() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "node_modules" not in path.parts and "migrations" not in path.parts:
            yield path


def test_docs_settings_md_is_generated_from_the_registry() -> None:
    assert SETTINGS_DOC.read_text(encoding="utf-8") == render_markdown(), (
        "docs/settings.md is stale: regenerate it with `make docs` "
        "(or `python -m errata.conf.registry > docs/settings.md`)"
    )


def test_every_setting_errata_reads_is_in_the_registry() -> None:
    declared = {setting.name for setting in SETTINGS}
    undeclared = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in package_sources()
        for name, line in names_read(ast.parse(path.read_text(encoding="utf-8")))
        if name not in declared
    ]

    assert not undeclared, (
        "declare these in src/errata/conf/registry.py (with a default and help), then "
        "regenerate docs/settings.md:\n" + "\n".join(undeclared)
    )


def test_every_registered_setting_is_read_somewhere() -> None:
    read = {
        name
        for path in package_sources()
        if path.name != "registry.py"
        for name, _ in names_read(ast.parse(path.read_text(encoding="utf-8")))
    }

    assert not {setting.name for setting in SETTINGS} - read


def test_the_scan_sees_every_way_of_reading_the_environment() -> None:
    source = """
import os
from errata.conf.registry import value
a = value("ANY_NAME")
b = os.environ.get("ERRATA_ONE")
c = os.getenv("ERRATA_TWO")
d = os.environ["ERRATA_THREE"]
e = getattr(settings, "ERRATA_FOUR", None)
f = os.environ.get("HOME")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "errata.conf.settings")
"""
    assert {name for name, _ in names_read(ast.parse(source))} == {
        "ANY_NAME",
        "ERRATA_ONE",
        "ERRATA_TWO",
        "ERRATA_THREE",
        "ERRATA_FOUR",
    }


def test_the_document_has_one_row_per_setting_and_hides_development_secrets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        registry,
        "SETTINGS",
        (
            Setting("ERRATA_A", "x|y", "First line,\n  then | more."),
            Setting(
                "ERRATA_KEY", "dev-secret-value", "Signs.", secret=True, required_in_production=True
            ),
            Setting("ERRATA_HOSTS", ["a", "b"], "Hosts.", parse=lambda raw: raw.split(",")),
            Setting("ERRATA_EMPTY", "", "Nothing by default."),
        ),
    )

    rows = [line for line in render_markdown().splitlines() if line.startswith("| `")]

    assert rows == [
        r"| `ERRATA_A` | `x\|y` | no | no | First line, then \| more. |",
        "| `ERRATA_KEY` | *a development-only value* | yes | yes | Signs. |",
        "| `ERRATA_HOSTS` | `a,b` | no | no | Hosts. |",
        "| `ERRATA_EMPTY` | *(empty)* | no | no | Nothing by default. |",
    ]
    assert "dev-secret-value" not in render_markdown()


def test_a_malformed_value_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ERRATA_TRUSTED_PROXY_COUNT", "two")

    with pytest.raises(ValueError, match="ERRATA_TRUSTED_PROXY_COUNT"):
        value("ERRATA_TRUSTED_PROXY_COUNT")


def test_an_unset_variable_reads_as_its_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ERRATA_ALLOWED_HOSTS", raising=False)
    monkeypatch.setenv("ERRATA_RATE_LIMIT_REPORTS", "5/1m")

    assert value("ERRATA_ALLOWED_HOSTS") == ["127.0.0.1", "localhost", "[::1]"]
    assert value("ERRATA_RATE_LIMIT_REPORTS") == "5/1m"

"""The committed build: within budget, complete, split in two parts, and the same as its
sources."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import brotli
import pytest

from errata.widget import size
from errata.widget.bundle import DIST, GZIP_BUDGET_BYTES, bundle

WIDGET = DIST.parent
FILES = ["dialog.js", "manifest.json", "widget.js"]


def test_widget_js_as_served_is_within_its_gzip_budget() -> None:
    # A size check, not a timing, on the bytes GET /widget.js sends gzipped
    # (tests/functional/test_widget_js.py checks they are these).
    assert len(bundle().widget.gzip) <= GZIP_BUDGET_BYTES


def test_the_size_script_reports_both_parts_within_budget(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert size.main() == 0
    out = capsys.readouterr().out
    built = bundle()
    for part in (built.widget, built.dialog):
        assert f"{len(part.gzip)} B gzip, {len(part.brotli)} B brotli" in out
    assert f"budget of widget.js: {GZIP_BUDGET_BYTES} B gzip" in out


def test_the_size_script_fails_over_budget(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(size, "GZIP_BUDGET_BYTES", len(bundle().widget.gzip) - 1)

    assert size.main() == 1


@pytest.mark.parametrize("part", ["widget", "dialog"])
def test_the_compressed_copies_are_of_this_script(part: str) -> None:
    built = getattr(bundle(), part)

    assert gzip.decompress(built.gzip) == built.script
    assert brotli.decompress(built.brotli) == built.script


def test_only_the_two_parts_and_their_manifest_are_committed() -> None:
    # Compressed copies depend on the compressor's version; the server makes its own.
    assert sorted(path.name for path in DIST.iterdir()) == FILES


def test_the_manifest_holds_no_figure_of_the_build_machine() -> None:
    manifest = json.loads((DIST / "manifest.json").read_text("utf-8"))
    built = bundle()

    assert set(manifest) == {"version", "strings_version", "languages", "bytes", "dialog"}
    assert manifest["version"] == built.widget.version
    assert manifest["bytes"] == len(built.widget.script)
    assert manifest["dialog"] == {
        "version": built.dialog.version,
        "bytes": len(built.dialog.script),
    }


def test_widget_js_imports_the_dialog_it_was_built_with() -> None:
    built = bundle()

    assert f"widget.js?part=dialog&v={built.dialog.version}".encode() in built.widget.script
    # The dialog is a module, not eval'd text: nothing in either part compiles strings.
    for part in (built.widget, built.dialog):
        assert b"eval(" not in part.script
        assert b"Function(" not in part.script
    assert b"export{" in built.dialog.script


def test_the_dialog_is_not_in_widget_js() -> None:
    built = bundle()
    en = json.loads((WIDGET / "strings" / "en.json").read_text("utf-8"))

    assert en["privacy"].encode() in built.dialog.script
    assert en["privacy"].encode() not in built.widget.script
    assert b"showModal" in built.dialog.script
    assert b"showModal" not in built.widget.script


def test_every_catalogue_is_complete_and_bundled() -> None:
    catalogues = {
        path.stem: json.loads(path.read_text("utf-8"))
        for path in (WIDGET / "strings").glob("*.json")
    }
    manifest = json.loads((DIST / "manifest.json").read_text("utf-8"))

    assert {"fr", "en"} <= set(catalogues)
    assert sorted(catalogues) == manifest["languages"]
    for language, strings in catalogues.items():
        assert strings.keys() == catalogues["en"].keys(), language
        assert all(text.strip() for text in strings.values()), language
        # Each string is in one part: widget.js's own, or the dialog's.
        built = bundle()
        parts = built.widget.script.decode(), built.dialog.script.decode()
        for text in strings.values():
            for literal in (text, json.dumps(text)[1:-1]):
                if sum(literal in part for part in parts) == 1:
                    break
            else:
                raise AssertionError(f"{language}: {text!r} is not in exactly one part")


@pytest.mark.skipif(
    not (WIDGET / "node_modules" / "esbuild").exists() or not shutil.which("node"),
    reason="the widget's build tools are not installed (cd src/errata/widget && npm ci)",
)
def test_the_committed_build_is_current(tmp_path: Path) -> None:
    subprocess.run(  # noqa: S603 -- fixed command, no input
        ["node", str(WIDGET / "build.mjs"), "--out", str(tmp_path)],  # noqa: S607
        check=True,
        capture_output=True,
    )
    for name in ("widget.js", "dialog.js", "manifest.json"):
        assert (tmp_path / name).read_bytes() == (DIST / name).read_bytes(), (
            f"dist/{name} is stale: run `npm run build` in src/errata/widget and commit dist/"
        )

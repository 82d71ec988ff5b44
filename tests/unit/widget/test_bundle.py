"""The committed build: within budget, complete, and the same as its sources."""

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


def test_widget_js_is_within_its_gzip_budget() -> None:
    # A size check, not a timing: the budget for script, solver and fr+en strings.
    assert len(gzip.compress(bundle().script, compresslevel=9)) <= GZIP_BUDGET_BYTES


def test_the_size_script_reports_within_budget(capsys: pytest.CaptureFixture[str]) -> None:
    assert size.main() == 0
    assert "B gzip" in capsys.readouterr().out


def test_the_compressed_copies_are_of_this_script() -> None:
    built = bundle()

    assert gzip.decompress(built.gzip) == built.script
    assert brotli.decompress(built.brotli) == built.script


def test_only_the_script_and_its_manifest_are_committed() -> None:
    # Compressed copies depend on the compressor's version; the server makes its own.
    assert sorted(path.name for path in DIST.iterdir()) == ["manifest.json", "widget.js"]


def test_the_manifest_holds_no_figure_of_the_build_machine() -> None:
    manifest = json.loads((DIST / "manifest.json").read_text("utf-8"))
    script = (DIST / "widget.js").read_bytes()

    assert set(manifest) == {"version", "strings_version", "languages", "bytes"}
    assert manifest["bytes"] == len(script)


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
        assert strings["report"] in bundle().script.decode()


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
    for name in ("widget.js", "manifest.json"):
        assert (tmp_path / name).read_bytes() == (DIST / name).read_bytes(), (
            f"dist/{name} is stale: run `npm run build` in src/errata/widget and commit dist/"
        )

"""The built widget (`dist/`, made by `npm run build`) as the server serves it.

The build writes the widget's two parts and a manifest, the only build output in the
repository (decision 8): `widget.js`, the script every page loads, and `dialog.js`, the
report dialog that `widget.js` imports when a reader first means to report, served at
`/widget.js?part=dialog` (decision 23). They are read once per process, and the gzip and
brotli copies are made here, then, at the highest levels: compressed bytes depend on the
compressor's version, so they are never committed, and the sizes errata reports are those
of the bytes it serves. Each part's version is a hash of its script, so a new build is a
new ETag.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import brotli

DIST = Path(__file__).resolve().parent / "dist"
# widget.js as served gzipped, with the article finder, the text rule, the gestures, the
# corrections notice and its own French and English strings (issue 10). The dialog, the
# solver and the form's strings load on first use and are not counted: they are no cost to
# a page whose reader never reports (docs/widget.md, "What the budget holds").
GZIP_BUDGET_BYTES = 8 * 1024


@dataclass(frozen=True)
class Part:
    """One file of the build, as served: plain, gzip and brotli, and its version."""

    name: str
    script: bytes
    gzip: bytes
    brotli: bytes
    version: str

    @property
    def etag(self) -> str:
        return f'"{self.version}"'


@dataclass(frozen=True)
class Bundle:
    widget: Part
    dialog: Part
    strings_version: str
    languages: tuple[str, ...]

    @property
    def version(self) -> str:
        """The build's version: widget.js's, which names the dialog it imports."""
        return self.widget.version


def _part(name: str) -> Part:
    script = (DIST / name).read_bytes()
    return Part(
        name=name,
        script=script,
        gzip=gzip.compress(script, compresslevel=9, mtime=0),
        brotli=brotli.compress(script, quality=11),
        version=hashlib.sha256(script).hexdigest()[:16],
    )


@cache
def bundle() -> Bundle:
    manifest = json.loads((DIST / "manifest.json").read_text(encoding="utf-8"))
    return Bundle(
        widget=_part("widget.js"),
        dialog=_part("dialog.js"),
        strings_version=str(manifest["strings_version"]),
        languages=tuple(manifest["languages"]),
    )

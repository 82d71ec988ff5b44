"""The built widget (`dist/`, made by `npm run build`) as the server serves it.

The build writes `widget.js` and `manifest.json`, the only build output in the repository
(decision 8). They are read once per process, and the gzip and brotli copies are made
here, then, at the highest levels: compressed bytes depend on the compressor's version,
so they are never committed, and the sizes errata reports are those of the bytes it
serves. The ETag is a hash of the script, so a new build is a new ETag.
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
# widget.js with the solver and the French and English strings. Issue 10 asks for 8 KB;
# finding the article as a decision brought the script to 8.7 KB, so the ceiling that
# holds today is 9 KB, and issue 10 stays open until the dialog (about half the script)
# loads on first use (docs/widget.md, "What the budget holds").
GZIP_BUDGET_BYTES = 9 * 1024


@dataclass(frozen=True)
class Bundle:
    script: bytes
    gzip: bytes
    brotli: bytes
    version: str
    strings_version: str
    languages: tuple[str, ...]

    @property
    def etag(self) -> str:
        return f'"{self.version}"'


@cache
def bundle() -> Bundle:
    script = (DIST / "widget.js").read_bytes()
    manifest = json.loads((DIST / "manifest.json").read_text(encoding="utf-8"))
    return Bundle(
        script=script,
        gzip=gzip.compress(script, compresslevel=9, mtime=0),
        brotli=brotli.compress(script, quality=11),
        version=hashlib.sha256(script).hexdigest()[:16],
        strings_version=str(manifest["strings_version"]),
        languages=tuple(manifest["languages"]),
    )

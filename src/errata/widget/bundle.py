"""The built widget (`dist/`, made by `npm run build`) as the server serves it.

The build writes `widget.js`, its gzip and brotli copies and `manifest.json`; they are
read once per process. The ETag is a hash of the script, so a new build is a new ETag.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DIST = Path(__file__).resolve().parent / "dist"
# The budget: widget.js, solver and French and English strings included.
GZIP_BUDGET_BYTES = 8 * 1024


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
        gzip=(DIST / "widget.js.gz").read_bytes(),
        brotli=(DIST / "widget.js.br").read_bytes(),
        version=hashlib.sha256(script).hexdigest()[:16],
        strings_version=str(manifest["strings_version"]),
        languages=tuple(manifest["languages"]),
    )

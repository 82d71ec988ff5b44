"""Build the WordPress plugin's zip: `errata/…` inside, as WordPress's uploader expects.

Usage: python build_zip.py integrations/wordpress/errata dist/errata-wordpress-1.0.0.zip

Entries are sorted and dated 1980-01-01, so the same sources always give the same bytes.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path


def build(source: Path, target: Path) -> None:
    files = sorted(path for path in source.rglob("*") if path.is_file())
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            entry = zipfile.ZipInfo(f"errata/{path.relative_to(source).as_posix()}")
            entry.date_time = (1980, 1, 1, 0, 0, 0)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, path.read_bytes())


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(sys.argv[2]))

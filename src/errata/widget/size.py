"""Print the widget's size, raw and compressed, against its budget (`make bench`).

    python -m errata.widget.size

The sizes are those of the bytes `GET /widget.js` serves, compressed by this process as the
server compresses them. Exits with status 1 when widget.js is over budget gzipped.
"""

from __future__ import annotations

import sys

from errata.widget.bundle import GZIP_BUDGET_BYTES, bundle

# isso's embed.min.js, a popular comment embed, for comparison (docs/performance.md).
ISSO_EMBED_GZIP_BYTES = 20.3 * 1024


def main() -> int:
    served = bundle()
    gzipped, brotli = len(served.gzip), len(served.brotli)
    print(f"widget.js: {len(served.script)} B raw, {gzipped} B gzip, {brotli} B brotli")
    print(f"budget: {GZIP_BUDGET_BYTES} B gzip ({gzipped / GZIP_BUDGET_BYTES:.0%} used)")
    print(f"isso embed.min.js for comparison: {ISSO_EMBED_GZIP_BYTES / 1024:.1f} KB gzip")
    return 0 if gzipped <= GZIP_BUDGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())

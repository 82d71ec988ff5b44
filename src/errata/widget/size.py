"""Print the size of the widget's two parts, raw and compressed, and widget.js's budget
(`make bench`).

    python -m errata.widget.size

The sizes are those of the bytes `GET /widget.js` and `GET /widget.js?part=dialog` serve,
compressed by this process as the server compresses them. Only widget.js, which every
page loads, has a budget; the dialog loads when a reader first means to report. Exits
with status 1 when widget.js is over budget gzipped.
"""

from __future__ import annotations

import sys

from errata.widget.bundle import GZIP_BUDGET_BYTES, bundle

# isso's embed.min.js, a popular comment embed, for comparison (docs/performance.md).
ISSO_EMBED_GZIP_BYTES = 20.3 * 1024


def main() -> int:
    served = bundle()
    for part, label in ((served.widget, "widget.js"), (served.dialog, "dialog (on first use)")):
        print(
            f"{label}: {len(part.script)} B raw, {len(part.gzip)} B gzip, "
            f"{len(part.brotli)} B brotli"
        )
    gzipped = len(served.widget.gzip)
    print(
        f"budget of widget.js: {GZIP_BUDGET_BYTES} B gzip ({gzipped / GZIP_BUDGET_BYTES:.0%} used)"
    )
    print(f"isso embed.min.js for comparison: {ISSO_EMBED_GZIP_BYTES / 1024:.1f} KB gzip")
    return 0 if gzipped <= GZIP_BUDGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())

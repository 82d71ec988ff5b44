"""The demo publication: a fictional site, two hosted articles and an editor account.

`errata demo` (and `make demo`) calls `load_demo()`; the articles are text files in
`demo/articles/` so they read like the wire reports they imitate. docs/demo.md lists the
mistakes planted in them for testers to report.
"""

from errata.demo.content import DemoArticle, demo_articles
from errata.demo.loader import (
    DEMO_EDITOR,
    DEMO_ORIGINS,
    DEMO_SITE_SLUG,
    LoadedDemo,
    hosted_url,
    load_demo,
)

__all__ = [
    "DEMO_EDITOR",
    "DEMO_ORIGINS",
    "DEMO_SITE_SLUG",
    "DemoArticle",
    "LoadedDemo",
    "demo_articles",
    "hosted_url",
    "load_demo",
]

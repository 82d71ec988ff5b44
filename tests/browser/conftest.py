"""Real Chromium (Debian's, through Playwright) against the real app on a live server.

A publisher's site is played by a small HTTP server on another loopback port, answering
with each test's HTML (and headers, for the CSP test): the widget runs cross-origin
exactly as on a news site, fetching `widget.js` and the API from the live server.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from errata import models
from tests import factories

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTICLE_PATH = "/politique/budget-lyon"
AXE = Path(__file__).resolve().parents[2] / "src/errata/widget/node_modules/axe-core/axe.min.js"

ARTICLE_FR = """
<h1>Lyon adopte son budget</h1>
<p>Le conseil municipal de Lyon a adopté mardi un budget de 1,2 milliard d’euros.</p>
<p>Le maire, Grégoire Martin, a salué «&nbsp;un budget de responsabilité&nbsp;». L’opposition
a voté contre, dénonçant une hausse de 8&nbsp;% des dépenses de fonctionnement.</p>
<p>Le budget prévoit 300 millions d’euros d’investissements, dont 45 millions pour les
écoles.</p>
"""
ARTICLE_EN = """
<h1>Lyon passes its budget</h1>
<p>Lyon city council passed a budget of 1.2 billion euros on Tuesday.</p>
<p>The mayor, Grégoire Martin, praised “a responsible budget”. The opposition voted against,
citing an 8% rise in running costs.</p>
"""


@dataclass
class Publisher:
    """The publisher's site as the browser sees it: pages by path, with their headers."""

    site: models.Site
    origin: str
    server: str
    pages: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)

    def page_html(
        self,
        body: str,
        *,
        lang: str = "fr",
        head: str = "",
        script_attrs: str = "",
        title: str = "Lyon adopte son budget",
    ) -> str:
        return (
            f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title>{head}"
            f'<script src="{self.server}/widget.js" data-site="{self.site.public_key}" '
            f"{script_attrs} defer></script></head>"
            f"<body><main><article>{body}</article></main></body></html>"
        )

    def serve(self, path: str, document: str, headers: dict[str, str] | None = None) -> str:
        self.pages[path] = (document, headers or {})
        return self.origin + path


class _PublisherHandler(BaseHTTPRequestHandler):
    pages: dict[str, tuple[str, dict[str, str]]] = {}

    def do_GET(self) -> None:
        document, headers = self.pages.get(self.path.split("?")[0], ("not found", {}))
        body = document.encode()
        self.send_response(200 if self.path.split("?")[0] in self.pages else 404)
        headers = {"Content-Type": "text/html; charset=utf-8", **headers}
        headers["Content-Length"] = str(len(body))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def publisher_server() -> Iterator[tuple[str, dict[str, tuple[str, dict[str, str]]]]]:
    pages: dict[str, tuple[str, dict[str, str]]] = {}
    handler = type("Handler", (_PublisherHandler,), {"pages": pages})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", pages
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def publisher(
    live_server: Any,
    transactional_db: None,
    publisher_server: tuple[str, dict[str, tuple[str, dict[str, str]]]],
) -> Iterator[Publisher]:
    origin, pages = publisher_server
    site = factories.SiteFactory(
        slug="quotidien", name="Le Quotidien", origins=[origin], require_proof_of_work=True
    )
    yield Publisher(site=site, origin=origin, server=live_server.url, pages=pages)
    pages.clear()


@pytest.fixture
def chromium(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Browser]:
    # One Chromium per test, started after the database and stopped before it is flushed:
    # Playwright's sync API runs an event loop in this thread while it lives, and Django
    # refuses ORM calls next to a running loop unless told they are deliberate.
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: `apt-get install -y chromium` (make test does it)")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        for context in launched.contexts:
            context.close()
        launched.close()
        # With a loop running, Django keeps this thread's connections in a context-local
        # store of their own: close them here, or PostgreSQL refuses to drop the test
        # database while they hold a session.
        connections.close_all()


@pytest.fixture
def browser(publisher: Publisher, chromium: Browser) -> Browser:
    """Chromium, once the publisher's site and pages exist."""
    return chromium


NewPage = Callable[..., Page]


@pytest.fixture
def new_page(browser: Browser) -> Iterator[NewPage]:
    contexts: list[BrowserContext] = []

    def open_page(**options: Any) -> Page:
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def select_text(page: Page, text: str, within: str = "article") -> None:
    """Select the first occurrence of `text` inside `within`, as a reader would."""
    page.evaluate(
        """([text, within]) => {
          const root = document.querySelector(within);
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(text);
            if (at >= 0) {
              const range = document.createRange();
              range.setStart(node, at);
              range.setEnd(node, at + text.length);
              getSelection().removeAllRanges();
              getSelection().addRange(range);
              return;
            }
          }
          throw new Error('not found: ' + text);
        }""",
        [text, within],
    )


def open_article(
    new_page: NewPage,
    publisher: Publisher,
    body: str = ARTICLE_FR,
    lang: str = "fr",
    **options: Any,
) -> Page:
    """A publisher's article page with the widget, loaded and ready."""
    url = publisher.serve(ARTICLE_PATH, publisher.page_html(body, lang=lang))
    page = new_page(**options)
    page.goto(url)
    page.wait_for_selector("[data-errata-ui]", state="attached")
    return page


def inject_axe(page: Page) -> None:
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy
    # does not govern: errata's own pages allow no inline script (errata/security.py).
    page.evaluate(AXE.read_text(encoding="utf-8"))


def axe_violations(page: Page) -> list[dict[str, Any]]:
    result = page.evaluate(
        """async () => {
          const results = await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
          });
          return results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))}));
        }"""
    )
    violations: list[dict[str, Any]] = json.loads(json.dumps(result))
    return violations

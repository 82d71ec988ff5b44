"""The widget on real pages (tests/fixtures/pages, from Readability's tests), offline.

Each page is served as saved, with its own scripts and canonical link taken out (they
would reach the internet, and the canonical URL is another site's) and errata's tag
added; every request not to this machine is refused. The widget must find the article
as the server's twin does (errata.text.article), hold the expected body and little else,
and answer every gesture.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from playwright.sync_api import BrowserContext, Page, Request, expect

from errata import models
from errata.text.article import find
from tests.browser.conftest import NewPage, Publisher

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = Path(__file__).resolve().parents[1] / "fixtures/pages"
NAMES = sorted(p.name for p in PAGES.iterdir() if (p / "source.html").exists())
_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.IGNORECASE | re.DOTALL)
_CANONICAL = re.compile(r"<link\b[^>]*\bcanonical\b[^>]*>", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def _offline(context: BrowserContext) -> None:
    context.route(
        re.compile(r"^(?!https?://(127\.0\.0\.1|localhost)[:/]).*"), lambda route: route.abort()
    )


def _serve(publisher: Publisher, name: str) -> tuple[str, str]:
    """The page's URL on the publisher's site, and the HTML served there."""
    source = (PAGES / name / "source.html").read_text("utf-8", errors="replace")
    source = _CANONICAL.sub("", _SCRIPT.sub("", source))
    tag = (
        f'<script src="{publisher.server}/widget.js" '
        f'data-site="{publisher.site.public_key}" defer></script>'
    )
    at = source.lower().rfind("</body>")
    document = source[:at] + tag + source[at:] if at >= 0 else source + tag
    return publisher.serve(f"/real/{name}", document), document


def _open(new_page: NewPage, publisher: Publisher, name: str) -> tuple[Page, str]:
    publisher.site.require_proof_of_work = False
    publisher.site.save()
    url, document = _serve(publisher, name)
    page = new_page()
    _offline(page.context)
    page.goto(url)
    page.wait_for_selector("[data-errata-ui]", state="attached")
    # Some pages hide themselves until their own scripts run, which are taken out.
    page.evaluate("document.documentElement.style.setProperty('display', 'block', 'important')")
    return page, document


DIALOG = re.compile("^(Report an error|Signaler une erreur)$")


def _send(page: Page) -> dict[str, object]:
    """Fill the open dialog, send it, wait for the receipt; the JSON that was posted."""
    dialog = page.get_by_role("dialog", name=DIALOG)
    dialog.locator("input[value=factual]").check()
    dialog.locator("#comment").fill("Ce passage est faux.")

    def is_report(request: Request) -> bool:
        return request.method == "POST" and request.url.endswith("/api/v1/reports")

    with page.expect_request(is_report) as posted:
        dialog.locator("button[type=submit]").click()
    expect(dialog.get_by_role("status")).to_contain_text("ERR-", timeout=20_000)
    body: dict[str, object] = json.loads(posted.value.post_data or "{}")
    return body


def _words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in _WORD.findall(text))


@pytest.mark.parametrize("name", NAMES)
def test_the_widget_finds_the_article_on_a_real_page(
    publisher: Publisher, new_page: NewPage, name: str
) -> None:
    page, document = _open(new_page, publisher, name)
    page.evaluate("document.activeElement?.blur()")  # not in a search field the page focused
    page.keyboard.press("Control+Enter")  # no selection: the whole article
    expect(page.get_by_role("dialog", name=DIALOG)).to_be_visible()
    posted = _send(page)

    article = posted["article"]
    assert isinstance(article, dict)
    text = str(article["text"])
    twin = find(document)
    assert twin is not None
    assert text == twin.text  # the widget and errata check-page see the same article
    expected = lxml.html.fromstring((PAGES / name / "expected.html").read_text("utf-8"))
    want, got = _words(expected.text_content()), _words(text)
    common = sum((want & got).values())
    assert common / sum(want.values()) >= 0.9  # it holds the article...
    assert common / sum(got.values()) >= 0.75  # ...and little besides


def _select_first(page: Page, candidates: list[str], within: str) -> str:
    """Select the first candidate found whole in one text node under `within`."""
    found: str = page.evaluate(
        """([candidates, within]) => {
          for (const text of candidates) {
            for (const root of document.querySelectorAll(within)) {
              const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(text);
                if (at < 0 || node.parentElement.closest('[data-errata-ui]')) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + text.length);
                getSelection().removeAllRanges();
                getSelection().addRange(range);
                return text;
              }
            }
          }
          return '';
        }""",
        [candidates, within],
    )
    assert found, f"none of {candidates[:3]}… in {within}"
    return found


def _passages(name: str) -> list[str]:
    """Passages of the expected body: the first 40 characters of its long text runs."""
    expected = lxml.html.fromstring((PAGES / name / "expected.html").read_text("utf-8"))
    runs = [" ".join(t.split()) for t in expected.itertext()]
    return [run[:40].strip() for run in runs if len(run) >= 60]


@pytest.mark.parametrize("name", ["bbc-1", "nytimes-2", "wapo-1"])
def test_headline_and_body_selections_are_reported_exactly(
    publisher: Publisher, new_page: NewPage, name: str
) -> None:
    page, _ = _open(new_page, publisher, name)
    headline = page.locator("h1").first.inner_text().strip()
    quotes = []
    for candidates, within in (([headline[:30].strip()], "h1"), (_passages(name), "body")):
        quotes.append(_select_first(page, candidates, within))
        page.keyboard.press("Control+Enter")
        dialog = page.get_by_role("dialog", name=DIALOG)
        expect(dialog.locator("blockquote")).to_have_text(quotes[-1])
        _send(page)
        dialog.get_by_role("button").filter(has_text=re.compile("^(Close|Fermer)$")).click()

    reports = models.Report.objects.select_related("version").order_by("created_at")
    assert [r.quote for r in reports] == quotes
    # Anchored on the selected words (by their context when the words recur).
    assert [r.version.text[r.anchor_start : r.anchor_end] for r in reports] == quotes
    assert {r.anchor_method for r in reports} <= {"exact", "context"}


def test_ctrl_enter_with_a_selection_outside_the_article_answers(
    publisher: Publisher, new_page: NewPage
) -> None:
    page, _ = _open(new_page, publisher, "bbc-1")
    # The page's footer is not the article: the report is about the whole article.
    outside = page.evaluate(
        """() => {
          const root = document.querySelector('[data-errata-ui]:not(body > *)').parentElement;
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (n.data.trim().length > 8 && !root.contains(n) && n.parentElement.checkVisibility()) {
              const range = document.createRange();
              range.selectNodeContents(n);
              getSelection().removeAllRanges();
              getSelection().addRange(range);
              return n.data.trim();
            }
          }
          return '';
        }"""
    )
    assert outside
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name=DIALOG)
    expect(dialog).to_be_visible()
    expect(dialog.locator("blockquote")).to_have_count(0)
    expect(dialog).to_contain_text("whole article")

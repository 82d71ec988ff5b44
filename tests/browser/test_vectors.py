"""The shared text vectors, run by the widget's own code in Chromium on a live DOM.

The Python side runs the same file (tests/unit/text/test_vectors.py); the anchoring
vectors' `describe` cases check that the widget cuts selectors as the server does. The
article vectors (which element is the article, and its text) are run by article.js on each
document loaded as a page, as errata.text.article runs them (tests/unit/text/test_article.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import NewPage, Publisher

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
TEXT_JS = ROOT / "src/errata/widget/src/text.js"
ARTICLE_JS = ROOT / "src/errata/widget/src/article.js"
VECTORS = json.loads((ROOT / "tests/fixtures/text/normalisation.json").read_text("utf-8"))
ARTICLES = json.loads((ROOT / "tests/fixtures/text/article-vectors.json").read_text("utf-8"))
ANCHORING = ROOT / "tests/fixtures/anchoring/vectors.json"

RUN = """async ([vectors, describeCases]) => {
  const text = await import('/text.js');
  const results = {normalise: {}, html: {}, selections: {}, describe: {}};
  for (const c of vectors.normalise) results.normalise[c.id] = text.normalise(c.input)[0];
  for (const c of vectors.html) {
    const div = document.createElement('div');
    div.innerHTML = c.html;
    document.body.append(div);
    results.html[c.id] = text.read(div).text;
    div.remove();
  }
  for (const c of vectors.selections) {
    const div = document.createElement('div');
    div.innerHTML = c.html;
    document.body.append(div);
    const range = document.createRange();
    // The markers sit in text nodes: remove them and put the range's ends there.
    for (const [mark, set] of [['⟦', 'setStart'], ['⟧', 'setEnd']]) {
      const walker = document.createTreeWalker(div, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf(mark);
        if (at >= 0) { node.deleteData(at, 1); range[set](node, at); break; }
      }
    }
    const doc = text.read(div);
    const span = doc.span(range);
    results.selections[c.id] = {text: doc.text, selector: span && text.describe(doc.text, ...span)};
    div.remove();
  }
  for (const c of describeCases) {
    results.describe[c.id] = text.describe(c.text, c.range.start, c.range.end);
  }
  return results;
}"""


@pytest.fixture
def results(publisher: Publisher, new_page: NewPage) -> dict[str, Any]:
    publisher.serve("/text.js", TEXT_JS.read_text("utf-8"), {"Content-Type": "text/javascript"})
    url = publisher.serve("/vectors", "<!doctype html><meta charset=utf-8><title>v</title><body>")
    page: Page = new_page()
    page.goto(url)
    describe_cases = [
        case
        for case in json.loads(ANCHORING.read_text("utf-8"))["cases"]
        if case["function"] == "describe"
    ]
    found: dict[str, Any] = page.evaluate(RUN, [VECTORS, describe_cases])
    found["describe_expected"] = {case["id"]: case["expect"] for case in describe_cases}
    return found


def test_plain_text_normalises_as_on_the_server(results: dict[str, Any]) -> None:
    expected = {case["id"]: case["text"] for case in VECTORS["normalise"]}
    assert results["normalise"] == expected


def test_the_live_dom_gives_the_servers_text(results: dict[str, Any]) -> None:
    expected = {case["id"]: case["text"] for case in VECTORS["html"]}
    assert results["html"] == expected


def test_a_selection_gives_the_expected_selector(results: dict[str, Any]) -> None:
    expected = {
        case["id"]: {"text": case["text"], "selector": case["selector"]}
        for case in VECTORS["selections"]
    }
    assert results["selections"] == expected


def test_selectors_are_cut_as_the_server_cuts_them(results: dict[str, Any]) -> None:
    assert results["describe"] == results["describe_expected"]
    assert results["describe"]  # the anchoring vectors do have describe cases


FIND = """async (selector) => {
  const {find} = await import('/article.js');
  const {read} = await import('/text.js');
  const [el, evidence] = find(selector);
  const steps = [];
  for (let e = el; e && e.localName != 'html'; e = e.parentElement) {
    const id = (e.getAttribute('id') || '').trim();
    const cls = (e.getAttribute('class') || '').split(/\\s+/).filter(Boolean)[0];
    steps.unshift(e.localName + (id ? '#' + id : cls ? '.' + cls : ''));
  }
  return {evidence, element: steps.join(' > '), text: read(el).text};
}"""


def test_the_widget_finds_the_article_as_the_server_does(
    publisher: Publisher, new_page: NewPage
) -> None:
    publisher.serve("/text.js", TEXT_JS.read_text("utf-8"), {"Content-Type": "text/javascript"})
    publisher.serve(
        "/article.js", ARTICLE_JS.read_text("utf-8"), {"Content-Type": "text/javascript"}
    )
    page: Page = new_page()
    found, expected = {}, {}
    for case in ARTICLES["cases"]:
        page.goto(publisher.serve("/case/" + case["id"], case["html"]))
        found[case["id"]] = page.evaluate(FIND, case.get("selector", ""))
        expected[case["id"]] = {k: case[k] for k in ("evidence", "element", "text")}
    assert found == expected

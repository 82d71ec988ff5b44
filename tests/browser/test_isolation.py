"""The widget on hostile pages: nothing leaks in or out, strict CSP, no cookies, and the
published corrections under the article."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from errata import models
from errata.services import corrections
from tests import factories
from tests.browser.conftest import ARTICLE_FR, ARTICLE_PATH, NewPage, Publisher, select_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE_CSS = """
* { all: unset; }
html { font-size: 48px; }
body { display: block; font: 40px/3 serif; color: #f0f; background: #ff0; }
p, h1 { display: block; }
button, dialog, div, [popover] { z-index: 2147483647 !important; font-size: 60px !important; }
.overlay { position: fixed; inset: 0; z-index: 2147483647; background: #0f08; display: block; }
"""


def report_by_keyboard(page: Page, quote: str, comment: str) -> None:
    select_text(page, quote)
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Erreur factuelle").click()
    dialog.get_by_label("Qu’est-ce qui ne va pas ?").fill(comment)
    dialog.get_by_role("button", name="Envoyer").click()
    expect(dialog.get_by_role("status")).to_contain_text("ERR-", timeout=20_000)


def test_hostile_host_css_neither_reaches_in_nor_is_reached(
    publisher: Publisher, new_page: NewPage
) -> None:
    body = ARTICLE_FR + '<button class="host">Partager</button><div class="overlay"></div>'
    url = publisher.serve(
        ARTICLE_PATH, publisher.page_html(body, head=f"<style>{HOSTILE_CSS}</style>")
    )
    page = new_page()
    page.add_init_script("window.__before = Object.keys(window)")
    page.goto(url)
    page.wait_for_selector("[data-errata-ui]", state="attached")
    select_text(page, "1,2 milliard")
    page.keyboard.press("Control+Enter")

    dialog = page.get_by_role("dialog")
    style = dialog.evaluate(
        "d => { const s = getComputedStyle(d); return [s.fontSize, s.backgroundColor, s.color]; }"
    )
    assert style == ["16px", "rgb(255, 255, 255)", "rgb(27, 27, 27)"]
    textarea = dialog.get_by_label("Qu’est-ce qui ne va pas ?")
    assert textarea.evaluate("t => getComputedStyle(t).fontSize") == "16px"
    box = dialog.bounding_box()
    assert box is not None
    assert box["width"] <= 560
    # Above the page's maximal z-index overlay: a real click reaches the form.
    dialog.get_by_label("Erreur factuelle").click()
    textarea.click()
    page.keyboard.type("1,3 milliard.")
    dialog.get_by_role("button", name="Envoyer").click()
    expect(dialog.get_by_role("status")).to_contain_text("ERR-", timeout=20_000)

    # Nothing leaked out: no globals, no styles on the host's own button.
    added = page.evaluate("() => Object.keys(window).filter(k => !__before.includes(k))")
    assert added == ["__before"]  # the test's own bookkeeping, nothing of the widget's
    host_button = page.locator("button.host")
    assert host_button.evaluate("b => getComputedStyle(b).minHeight") in {"auto", "0px"}
    assert host_button.evaluate("b => getComputedStyle(b).fontSize") == "60px"


def test_the_widget_works_under_a_strict_content_security_policy(
    publisher: Publisher, new_page: NewPage
) -> None:
    errata = publisher.server
    policy = (
        "default-src 'none'; "
        f"script-src {errata}; connect-src {errata}; "
        "style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
        "require-trusted-types-for 'script'; trusted-types 'none'"
    )
    url = publisher.serve(
        ARTICLE_PATH,
        publisher.page_html(ARTICLE_FR),
        headers={"Content-Security-Policy": policy},
    )
    page = new_page()
    violations: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " e => console.error('Content Security Policy: ' + e.violatedDirective))"
    )
    page.goto(url)
    page.wait_for_selector("[data-errata-ui]", state="attached")

    # The policy is in force: even the page's own markup injection is refused.
    with page.expect_console_message(lambda m: "require-trusted-types-for" in m.text):
        refused = page.evaluate(
            "() => { try { document.body.innerHTML += '<b>x</b>'; return false; }"
            " catch (e) { return true; } }"
        )
    assert refused
    violations.clear()

    report_by_keyboard(page, "45 millions", "C’est 50 millions.")

    assert violations == []
    # Styled although the page allows no inline style: constructable stylesheets.
    assert page.get_by_role("dialog").evaluate("d => getComputedStyle(d).borderRadius") == "12px"
    assert models.Report.objects.get().quote == "45 millions"


def test_no_cookies_no_third_party_requests(publisher: Publisher, new_page: NewPage) -> None:
    url = publisher.serve(ARTICLE_PATH, publisher.page_html(ARTICLE_FR))
    page = new_page()
    requests: list[dict[str, Any]] = []
    page.on("request", lambda r: requests.append({"url": r.url, "cookie": r.headers.get("cookie")}))
    page.goto(url)
    page.wait_for_selector("[data-errata-ui]", state="attached")

    report_by_keyboard(page, "300 millions", "C’est 310 millions.")

    assert page.context.cookies() == []
    origins = {"/".join(r["url"].split("/")[:3]) for r in requests}
    assert origins == {publisher.origin, publisher.server}
    assert all(r["cookie"] is None for r in requests)
    assert page.evaluate("() => document.cookie") == ""


def published_correction(publisher: Publisher) -> models.Correction:
    article = factories.ArticleFactory(
        site=publisher.site, url=publisher.origin + ARTICLE_PATH, language="fr"
    )
    version = factories.ArticleVersionFactory(article=article)
    return models.Correction.objects.create(
        site=publisher.site,
        article=article,
        kind=models.CorrectionKind.CORRECTION,
        version_before=version,
        notice="Une version précédente indiquait un budget de 1,2 milliard d’euros ; il est de 1,3 milliard.",
        published_at=datetime(2026, 11, 12, 9, 30, tzinfo=UTC),
    )


def test_the_correction_notice_is_shown_at_the_end_of_the_article(
    publisher: Publisher, new_page: NewPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    correction = published_correction(publisher)
    calls: list[str] = []
    real = corrections.article_corrections

    def counted(**kwargs: Any) -> Any:
        calls.append(kwargs["url"])
        return real(**kwargs)

    monkeypatch.setattr(corrections, "article_corrections", counted)
    url = publisher.serve(ARTICLE_PATH, publisher.page_html(ARTICLE_FR))
    page = new_page(timezone_id="Europe/Paris")
    page.goto(url)

    notice = page.locator("[data-errata-ui] .w p").first
    expect(notice).to_have_text(
        "Cet article a été corrigé le 12 novembre 2026. " + correction.notice
    )
    # After the article's last paragraph, and not part of its text.
    assert page.evaluate(
        "() => document.querySelector('article').lastElementChild.hasAttribute('data-errata-ui')"
    )

    # A second visit within the answer's max-age is served by the browser's HTTP cache.
    page.goto(url)
    expect(page.locator("[data-errata-ui] .w p").first).to_contain_text("corrigé le")
    assert calls == [publisher.origin + ARTICLE_PATH]


def test_an_article_without_corrections_shows_only_the_link(
    publisher: Publisher, new_page: NewPage
) -> None:
    url = publisher.serve(ARTICLE_PATH, publisher.page_html(ARTICLE_FR))
    page = new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")

    box = page.locator("[data-errata-ui] .w")
    expect(box.get_by_role("button", name="Signaler une erreur")).to_be_visible()
    expect(box.locator("p")).to_have_count(0)

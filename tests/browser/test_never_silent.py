"""Every gesture answers: a page without an article, a site not set up for this page, a
retried draft (one Idempotency-Key), and a phone showing a page without a viewport tag."""

from __future__ import annotations

import html
import re

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, Route, expect

from tests.browser.conftest import ARTICLE_FR, NewPage, Publisher, open_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _document(publisher: Publisher, body: str, head: str = "", viewport: bool = True) -> str:
    meta = '<meta name="viewport" content="width=device-width, initial-scale=1">'
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8">{meta if viewport else ""}'
        f"<title>{html.escape('Le Quotidien')}</title>{head}"
        f'<script src="{publisher.server}/widget.js" data-site="{publisher.site.public_key}" '
        f"defer></script></head><body>{body}</body></html>"
    )


def _fill(page: Page) -> None:
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Erreur factuelle").check()
    dialog.get_by_label("Qu’est-ce qui ne va pas ?").fill("Le chiffre est faux.")


def test_a_page_without_an_article_reports_on_the_page_and_tells_the_developer(
    publisher: Publisher, new_page: NewPage
) -> None:
    body = "<nav><a href=/>Accueil</a></nav><h1>Galerie</h1><p>Photo 1</p><p>Photo 2</p>"
    url = publisher.serve("/galerie", _document(publisher, body))
    page = new_page()
    said: list[str] = []
    page.on("console", lambda message: said.append(message.text))
    page.goto(url)
    page.wait_for_selector("[data-errata-ui]", state="attached")

    page.locator("body").press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Signaler une erreur")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("l’ensemble de l’article")
    assert any("data-errata-article" in s and "article selector" in s for s in said)


def test_ctrl_enter_in_the_pages_own_field_is_left_to_the_page(
    publisher: Publisher, new_page: NewPage
) -> None:
    page = open_article(new_page, publisher)
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<textarea id=own></textarea>')")
    page.locator("#own").press("Control+Enter")
    expect(page.get_by_role("dialog")).to_be_hidden()


def test_a_url_the_site_does_not_allow_gets_the_set_up_message_and_no_retry(
    publisher: Publisher, new_page: NewPage
) -> None:
    # The canonical URL is on another host than the site's allowed origins.
    head = '<link rel="canonical" href="https://ailleurs.example/politique/budget">'
    url = publisher.serve("/budget", _document(publisher, f"<article>{ARTICLE_FR}</article>", head))
    page = new_page()
    errors: list[str] = []
    posts: list[Request] = []

    def log(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", log)
    page.on("request", lambda r: r.method == "POST" and "/reports" in r.url and posts.append(r))
    page.goto(url)
    page.wait_for_selector("[data-errata-ui]", state="attached")
    page.get_by_role("button", name="Signaler une erreur").click()
    _fill(page)
    page.get_by_role("dialog").get_by_role("button", name="Envoyer").click()

    note = page.get_by_role("dialog").locator(".note")
    expect(note).to_have_text("Ce site n’est pas encore configuré pour les signalements.")
    page.wait_for_timeout(3000)  # the first automatic retry would have come after 2 s
    assert len(posts) == 1
    assert any("url-not-allowed" in e and "allowed origins" in e for e in errors)
    # The reader's text is kept for when the site is set up.
    kept = page.evaluate("Object.values(sessionStorage).join()")
    assert "Le chiffre est faux." in kept


def test_every_post_of_a_draft_carries_its_idempotency_key(
    publisher: Publisher, new_page: NewPage
) -> None:
    page = open_article(new_page, publisher)
    keys: list[str] = []
    failed = [False]

    def once_unavailable(route: Route) -> None:
        keys.append(route.request.headers.get("idempotency-key", ""))
        if not failed[0]:
            failed[0] = True
            route.fulfill(status=503, content_type="application/json", body="{}")
        else:
            route.continue_()

    page.route(re.compile(r".*/api/v1/reports$"), once_unavailable)
    page.get_by_role("button", name="Signaler une erreur").click()
    _fill(page)
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Envoyer").click()
    expect(dialog.get_by_role("status")).to_contain_text("ERR-", timeout=30_000)
    assert len(keys) == 2
    assert keys[0]
    assert keys[0] == keys[1]

    # A new draft is a new report: a new key.
    dialog.get_by_role("button", name="Fermer").first.click()
    page.get_by_role("button", name="Signaler une erreur").click()
    _fill(page)
    dialog.get_by_role("button", name="Envoyer").click()
    expect(dialog.get_by_role("status")).to_contain_text("ERR-", timeout=30_000)
    assert len(keys) == 3
    assert keys[2]
    assert keys[2] != keys[0]


def test_the_dialog_is_readable_on_a_phone_without_a_viewport_tag(
    publisher: Publisher, new_page: NewPage
) -> None:
    url = publisher.serve(
        "/ancien", _document(publisher, f"<article>{ARTICLE_FR}</article>", viewport=False)
    )
    page = new_page(
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    page.goto(url)
    page.wait_for_selector("[data-errata-ui]", state="attached")
    scale = page.evaluate("visualViewport.scale")
    assert scale < 0.6  # the phone draws the 980 px wide page zoomed out

    page.get_by_role("button", name="Signaler une erreur").tap()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    sizes = dialog.evaluate(
        """d => {
          const s = visualViewport.scale;
          const box = d.getBoundingClientRect();
          const targets = [...d.querySelectorAll('button:not([hidden]), fieldset label')]
            .filter(e => e.getClientRects().length)
            .map(e => e.getBoundingClientRect().height * s);
          return {width: box.width * s, screen: visualViewport.width * s, targets};
        }"""
    )
    # In the phone's own pixels, the dialog fills the screen's width, less its margins...
    assert sizes["screen"] - 40 <= sizes["width"] <= sizes["screen"]
    # ...and every button and choice is at least 44 px high.
    assert sizes["targets"]
    assert min(sizes["targets"]) >= 44 - 0.5

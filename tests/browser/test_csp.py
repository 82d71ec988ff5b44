"""errata's own pages under their Content-Security-Policy, in Chromium: no violation.

Every page the desk, the public and the operators use is opened with a listener for
`securitypolicyviolation` installed before any script runs; the widget's dialog is opened
on the hosted article, and htmx swaps the queue's rows, so what runs after load counts.
The widget's dialog, which loads on first use, also loads under the policies publishers
write to allow widget.js.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from errata import models
from errata.demo import load_demo
from errata.security import POLICY
from errata.widget.bundle import bundle
from tests.browser.conftest import ARTICLE_FR, ARTICLE_PATH, NewPage, Publisher, select_text
from tests.functional.desk.cases import open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def visit(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, url
    assert response.headers.get("content-security-policy") == POLICY, url


def violations(page: Page) -> list[str]:
    found: list[str] = page.evaluate("window.__violations")
    return found


def test_no_page_of_errata_breaks_its_policy(
    chromium: Browser, live_server: Any, settings: Any
) -> None:
    settings.ERRATA_PUBLIC_URL = live_server.url
    demo = load_demo()
    article = next(a for a in demo.articles if a.language == "fr")
    case = open_case(article, quote="acceuil", category=models.Category.TYPO)
    page = chromium.new_context(locale="fr-FR").new_page()
    page.set_default_timeout(15_000)
    page.add_init_script(LISTEN)

    visit(page, article.url)
    page.wait_for_selector("[data-errata-ui]", state="attached")
    select_text(page, "acceuil", within="[data-errata-article]")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("dialog", name="Signaler une erreur")).to_be_visible()
    assert violations(page) == []

    visit(page, f"{live_server.url}/corrections/{demo.site.slug}/")
    assert violations(page) == []

    visit(page, f"{live_server.url}/desk/login/")
    page.get_by_label("Identifiant").fill(demo.editor.get_username())
    page.get_by_label("Mot de passe").fill(demo.password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="File")).to_be_visible()
    page.wait_for_load_state("networkidle")  # htmx's refresh of the rows included
    assert violations(page) == []

    visit(page, f"{live_server.url}/desk/{demo.site.slug}/cases/{case.reference}/")
    page.get_by_role("button", name="Aperçu").click()
    expect(page.locator("#preview")).not_to_be_empty()
    assert violations(page) == []

    # The language menu submits itself through desk.js, not an inline handler.
    page.select_option("#language", "en")
    expect(page.get_by_role("button", name="Preview")).to_be_visible()
    assert violations(page) == []

    visit(page, f"{live_server.url}/admin/login/")
    assert violations(page) == []


@pytest.mark.parametrize(
    ("script_src", "script_attrs"),
    [
        # Many publishers allow exactly the one script; CSP matches paths, not queries, so
        # the dialog at /widget.js?part=dialog is allowed with it.
        ("{errata}/widget.js", ""),
        # A nonce and 'strict-dynamic': what widget.js imports is trusted with it.
        ("'nonce-r4nd0m' 'strict-dynamic'", 'nonce="r4nd0m"'),
    ],
)
def test_the_widgets_dialog_loads_under_the_policy_that_allows_widget_js(
    publisher: Publisher, new_page: NewPage, script_src: str, script_attrs: str
) -> None:
    errata = publisher.server
    policy = (
        f"default-src 'none'; script-src {script_src.format(errata=errata)}; "
        f"connect-src {errata}; require-trusted-types-for 'script'; trusted-types 'none'"
    )
    url = publisher.serve(
        ARTICLE_PATH,
        publisher.page_html(ARTICLE_FR, script_attrs=script_attrs),
        headers={"Content-Security-Policy": policy},
    )
    page = new_page()
    page.add_init_script(LISTEN)
    dialogs: list[str] = []
    page.on("request", lambda r: "part=dialog" in r.url and dialogs.append(r.url))
    page.goto(url)
    page.wait_for_selector("[data-errata-ui]", state="attached")

    select_text(page, "45 millions")
    page.keyboard.press("Control+Enter")

    dialog = page.get_by_role("dialog", name="Signaler une erreur")
    expect(dialog).to_be_visible()
    expect(dialog.locator("blockquote")).to_have_text("45 millions")
    # Styled by the dialog's own constructable stylesheet, which CSP does not govern.
    assert dialog.evaluate("d => getComputedStyle(d).borderRadius") == "12px"
    assert [u.split("?")[0] for u in dialogs] == [f"{errata}/widget.js"]
    assert violations(page) == []


def test_a_policy_that_allows_widget_js_alone_gets_a_notice_not_silence(
    publisher: Publisher, new_page: NewPage
) -> None:
    # A hash source allows the one script whose integrity it names, and nothing it imports.
    digest = base64.b64encode(hashlib.sha384(bundle().widget.script).digest()).decode()
    policy = f"default-src 'none'; script-src 'sha384-{digest}'; connect-src {publisher.server}"
    attrs = f'integrity="sha384-{digest}" crossorigin="anonymous"'
    url = publisher.serve(
        ARTICLE_PATH,
        publisher.page_html(ARTICLE_FR, script_attrs=attrs),
        headers={"Content-Security-Policy": policy},
    )
    page = new_page()
    page.add_init_script(LISTEN)
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(url)
    page.wait_for_selector("[data-errata-ui]", state="attached")

    page.locator("body").press("Control+Enter")

    notice = page.get_by_role("alert")
    expect(notice).to_contain_text("n’a pas pu se charger")
    expect(notice.get_by_role("button", name="Réessayer maintenant")).to_be_focused()
    assert any("errata: the report form could not load" in e for e in errors)
    assert any(v.startswith("script-src") and "part=dialog" in v for v in violations(page))

"""The WordPress round trip in Chromium: the editor configures the plugin and tests the
connection in wp-admin, a post is published, a reader reports a passage on the public
post with the widget, errata's editor accepts a correction in the desk, and the public
post shows the corrected text and the notice, carried by a new revision of the "errata"
user. Takes docs/screenshots/wordpress-*.png when asked:

    ERRATA_UPDATE_SCREENSHOTS=1 pytest tests/integrations/test_wordpress_browser.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from errata import models
from tests.browser.conftest import chromium, select_text  # noqa: F401 - chromium: a fixture
from tests.functional.desk.cases import PASSWORD, member
from tests.integrations.conftest import Newsroom
from tests.integrations.test_wordpress import BUDGET, pushed

pytestmark = [
    pytest.mark.browser,
    pytest.mark.wordpress,
    pytest.mark.django_db(transaction=True),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def new_page(browser: Browser, locale: str) -> Page:
    page = browser.new_context(locale=locale, **DESKTOP).new_page()  # type: ignore[arg-type]
    page.set_default_timeout(20_000)
    return page


def screenshot(page: Page, name: str) -> None:
    shot = page.screenshot(full_page=False)
    assert len(shot) > 10_000  # a rendered page, not a blank one
    if os.environ.get("ERRATA_UPDATE_SCREENSHOTS"):
        (SCREENSHOTS / f"wordpress-{name}.png").write_bytes(shot)


def test_a_readers_report_becomes_a_corrected_post_with_its_notice(
    chromium: Browser,  # noqa: F811 - the fixture imported above
    newsroom: Newsroom,
) -> None:
    wp = newsroom.wordpress

    # The site's editor checks the plugin's settings and the connection.
    admin = new_page(chromium, "en-US")
    admin.goto(f"{wp.url}/wp-login.php")
    admin.fill("#user_login", wp.user)
    admin.fill("#user_pass", wp.password)
    admin.click("#wp-submit")
    admin.goto(f"{wp.url}/wp-admin/options-general.php?page=errata")
    expect(admin.get_by_label("errata's URL")).to_have_value(newsroom.errata_url)
    expect(admin.get_by_label("API key")).to_have_value("")
    expect(admin.get_by_label("API key")).to_have_attribute(
        "placeholder", "(stored — leave blank to keep)"
    )
    assert newsroom.api_key not in admin.content()
    assert newsroom.secret not in admin.content()
    admin.get_by_role("button", name="Test connection").click()
    result = admin.locator("#errata-test-result")
    expect(result).to_contain_text("knows this site's public key")
    expect(result).to_contain_text("errata accepts the API key")
    expect(admin.locator("#errata-webhook-url")).to_have_text(
        f"{wp.url}/wp-json/errata/v1/corrections"
    )
    screenshot(admin, "settings")

    # The site's locale is English; this post says it is French (the plugin's post meta):
    # errata files it as French and the widget speaks French to its readers.
    post = wp.publish("Lyon adopte son budget", BUDGET, meta={"errata_language": "fr"})
    article = pushed(newsroom, post["id"])
    assert article.language == "fr"

    # A reader reports the budget's figure on the public post.
    reader = new_page(chromium, "fr-FR")
    reader.goto(post["link"])
    expect(reader.locator("[data-errata-article]")).to_have_attribute("lang", "fr")
    reader.wait_for_selector("[data-errata-ui]", state="attached")
    select_text(reader, "1,2 milliard", within="[data-errata-article]")
    reader.keyboard.press("Control+Enter")
    dialog = reader.get_by_role("dialog", name="Signaler une erreur")
    dialog.get_by_label("Erreur factuelle").check()
    dialog.get_by_label("Qu’est-ce qui ne va pas ?").fill("La délibération dit 1,3 milliard.")
    dialog.get_by_label("Ce qu’il faudrait écrire (facultatif)").fill("1,3 milliard")
    dialog.get_by_role("button", name="Envoyer").click()
    expect(dialog.get_by_role("status")).to_contain_text("ERR-", timeout=20_000)
    found = re.search(r"ERR-\d{4}-\d{5}", dialog.get_by_role("status").inner_text())
    assert found is not None
    reference = found.group(0)
    case = models.Case.objects.get(reference=reference)
    assert case.article == article
    assert case.quote == "1,2 milliard"

    # errata's editor accepts the suggestion in the desk.
    editor = member(newsroom.site, password=PASSWORD)
    desk = new_page(chromium, "fr-FR")
    desk.goto(f"{newsroom.errata_url}/desk/")
    desk.get_by_label("Identifiant").fill(editor.get_username())
    desk.get_by_label("Mot de passe").fill(PASSWORD)
    desk.get_by_role("button", name="Se connecter").click()
    desk.locator(f'tr[data-reference="{reference}"]').get_by_role("link", name=reference).click()
    expect(desk.get_by_label("Nouvelle formulation du passage")).to_have_value("1,3 milliard")
    desk.get_by_role("button", name="Aperçu").click()
    expect(desk.locator("#preview ins")).to_contain_text("1,3")
    desk.get_by_role("button", name="Publier").click()
    expect(desk.get_by_text("Le rectificatif est publié.")).to_be_visible()
    expect(desk.locator(".delivery-sent")).to_have_text("Envoyée")

    # The public post carries the correction and its notice, from a revision of errata's.
    correction = models.Correction.objects.get(case=case)
    reader.reload()
    content = reader.locator("[data-errata-article]")
    expect(content).to_contain_text("un budget de 1,3 milliard d’euros")
    expect(content).to_contain_text("atteint elle aussi 1,2 milliard")
    expect(reader.locator(".errata-notices")).to_contain_text(correction.notice)
    reader.locator(".errata-notices").scroll_into_view_if_needed()
    screenshot(reader, "post-notice")
    state = wp.post(post["id"])
    assert state["revisions"][-1]["author"] == state["errata_user"]

    def reported() -> Any:
        correction.refresh_from_db()
        return correction.cms_state == "applied" or None

    wp.until(reported)
    assert correction.cms_revision == str(state["revisions"][-1]["id"])

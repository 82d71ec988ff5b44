"""The whole loop on the demo, in Chromium: a reader reports a typo through the widget, an
editor signs in to the desk, finds the case, accepts it with a correction, the hosted
article shows the new text and the notice, and the reader's reply arrives over SMTP
(aiosmtpd) in French. Also takes the desk's screenshots for docs/ when asked:

    ERRATA_UPDATE_SCREENSHOTS=1 pytest tests/browser/test_desk_loop.py
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from email.header import decode_header, make_header
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from errata import models
from errata.demo import load_demo
from tests.browser.conftest import axe_violations, inject_axe, select_text
from tests.functional.desk.cases import open_case
from tests.functional.desk.smtp import (
    Mailbox,
    mailbox_fixture,  # noqa: F401 - a fixture
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def new_page(browser: Browser, locale: str) -> Page:
    page = browser.new_context(locale=locale, **DESKTOP).new_page()  # type: ignore[arg-type]
    page.set_default_timeout(15_000)
    return page


def report_the_typo(browser: Browser, article_url: str) -> str:
    page = new_page(browser, "fr-FR")
    page.goto(article_url)
    page.wait_for_selector("[data-errata-ui]", state="attached")
    select_text(page, "acceuil", within="[data-errata-article]")
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog", name="Signaler une erreur")
    dialog.get_by_label("Faute de frappe ou d’orthographe").check()
    dialog.get_by_label("Qu’est-ce qui ne va pas ?").fill("Faute d'orthographe.")
    dialog.get_by_label("Ce qu’il faudrait écrire (facultatif)").fill("accueil")
    dialog.get_by_label("Votre e-mail, si vous souhaitez une réponse (facultatif)").fill(
        "lectrice@example.org"
    )
    dialog.get_by_role("button", name="Envoyer").click()
    expect(dialog.get_by_role("status")).to_contain_text("ERR-", timeout=20_000)
    found = re.search(r"ERR-\d{4}-\d{5}", dialog.get_by_role("status").inner_text())
    assert found is not None
    page.context.close()
    return found.group(0)


def accessible(page: Page) -> None:
    """No serious or critical axe-core finding (WCAG 2.2 AA and best practices)."""
    inject_axe(page)
    serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def screenshot(page: Page, name: str) -> None:
    shot = page.screenshot(full_page=False)
    assert len(shot) > 10_000  # a rendered page, not a blank one
    if os.environ.get("ERRATA_UPDATE_SCREENSHOTS"):
        (SCREENSHOTS / f"desk-{name}.png").write_bytes(shot)


def test_from_a_readers_report_to_a_published_correction_and_a_reply(
    chromium: Browser, live_server: Any, mailbox: Mailbox, settings: Any
) -> None:
    settings.ERRATA_PUBLIC_URL = live_server.url
    demo = load_demo()
    article = next(a for a in demo.articles if a.language == "fr")

    reference = report_the_typo(chromium, article.url)
    # Two more cases on the English article, so the queue looks like a morning's work.
    english = next(a for a in demo.articles if a.language == "en")
    open_case(english, quote="goverment", category="typo", reports=[{"language": "en"}])
    late = open_case(english, quote="£68 million", reports=[{"language": "en"}] * 2)
    models.Case.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=2))

    desk = new_page(chromium, "fr-FR")
    desk.goto(live_server.url + "/desk/")
    desk.get_by_label("Identifiant").fill(demo.editor.get_username())
    desk.get_by_label("Mot de passe").fill(demo.password)
    desk.get_by_role("button", name="Se connecter").click()
    expect(desk.get_by_role("heading", name="File")).to_be_visible()
    row = desk.locator(f'tr[data-reference="{reference}"]')
    expect(row).to_contain_text("acceuil")
    screenshot(desk, "queue")
    accessible(desk)

    row.get_by_role("link", name=reference).click()
    expect(desk.locator("mark#passage")).to_have_text("acceuil")
    expect(desk.get_by_text("lectrice@example.org")).to_be_visible()
    expect(desk.get_by_label("Nouvelle formulation du passage")).to_have_value("accueil")
    desk.get_by_role("button", name="Aperçu").click()
    expect(desk.locator("#preview ins")).to_have_text("l'accueil")
    expect(desk.locator("#preview del")).to_have_text("l'acceuil")
    notice = desk.get_by_label("Mention (modifiable avant publication)")
    expect(notice).to_have_value(re.compile("indiquait « acceuil ».*« accueil »"))
    screenshot(desk, "case")
    accessible(desk)
    desk.get_by_role("button", name="Publier").click()
    expect(desk.get_by_text("Le rectificatif est publié.")).to_be_visible()
    expect(desk.locator(".status").first).to_have_text("Corrigé")
    expect(desk.locator(".delivery-sent")).to_have_text("Envoyée")

    reader = new_page(chromium, "fr-FR")
    reader.goto(article.url)
    paragraph = reader.locator("[data-errata-article] p", has_text="18 millions d'euros")
    expect(paragraph).to_contain_text("l'accueil des voyageurs")
    expect(paragraph).not_to_contain_text("acceuil")
    expect(reader.locator(".notices")).to_contain_text("indiquait « acceuil »")

    [message] = mailbox.messages
    assert mailbox.recipients == [["lectrice@example.org"]]
    subject = str(make_header(decode_header(message["Subject"])))
    assert subject.startswith(f"{reference} : nous avons corrigé l'article")
    assert message["Content-Language"] == "fr"
    case = models.Case.objects.get(reference=reference)
    assert case.status == models.CaseStatus.CORRECTED

    desk.goto(f"{live_server.url}/desk/{case.site.slug}/stats/")
    expect(desk.locator("svg.chart")).to_be_visible()
    screenshot(desk, "stats")
    accessible(desk)

"""The dialog loads on first use (decision 23): not with the page, but when a reader first
means to report; in time for focus to move into it; and never silently when it cannot."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, Route, expect

from tests.browser.conftest import (
    NewPage,
    Publisher,
    axe_violations,
    inject_axe,
    open_article,
    select_text,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIALOG = re.compile(r"/widget\.js\?part=dialog&v=[0-9a-f]{16}")


def _dialog_requests(page: Page) -> list[Request]:
    requests: list[Request] = []
    page.on("request", lambda r: DIALOG.search(r.url) and requests.append(r))
    return requests


def _focused(page: Page) -> str:
    # The name of the control that has focus, inside the widget's shadow roots.
    found: str = page.evaluate(
        """() => {
          let el = document.activeElement;
          while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
          return el ? el.localName + ':' + (el.value || el.textContent) : '';
        }"""
    )
    return found


def test_the_page_loads_without_the_dialog_and_a_selection_fetches_it(
    publisher: Publisher, new_page: NewPage
) -> None:
    page = new_page()
    requests = _dialog_requests(page)
    page.goto(publisher.serve("/budget", publisher.page_html("<p>Lyon adopte son budget.</p>")))
    page.wait_for_load_state("networkidle")
    assert requests == []

    select_text(page, "adopte")
    expect(page.get_by_role("button", name="Signaler une erreur dans ce passage")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert len(requests) == 1
    assert requests[0].headers.get("cookie") is None

    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("dialog", name="Signaler une erreur")).to_be_visible()
    assert len(requests) == 1


def test_reaching_the_link_fetches_the_dialog(publisher: Publisher, new_page: NewPage) -> None:
    page = new_page()
    requests = _dialog_requests(page)
    page.goto(publisher.serve("/budget", publisher.page_html("<p>Lyon adopte son budget.</p>")))
    page.wait_for_load_state("networkidle")
    assert requests == []

    page.get_by_role("button", name="Signaler une erreur").focus()
    page.wait_for_load_state("networkidle")
    assert len(requests) == 1


def test_focus_moves_into_a_dialog_that_arrives_late(
    publisher: Publisher, new_page: NewPage
) -> None:
    page = open_article(new_page, publisher)
    held: list[Route] = []
    page.route(DIALOG, lambda route: held.append(route))

    page.locator("body").press("Control+Enter")
    page.wait_for_timeout(500)
    assert len(held) == 1
    expect(page.get_by_role("dialog")).to_be_hidden()

    held[0].continue_()
    dialog = page.get_by_role("dialog", name="Signaler une erreur")
    expect(dialog).to_be_visible()
    # Focus is in the dialog, on the first kind of error, as when it opens at once.
    page.wait_for_function(
        """() => {
          let el = document.activeElement;
          while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
          return el?.name == 'category';
        }"""
    )
    assert _focused(page) == "input:typo"


def test_a_dialog_that_cannot_load_says_so_and_can_be_tried_again(
    publisher: Publisher, new_page: NewPage
) -> None:
    page = open_article(new_page, publisher)
    errors: list[str] = []

    def log(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", log)
    page.route(DIALOG, lambda route: route.abort())

    select_text(page, "Grégoire Martin")
    page.keyboard.press("Control+Enter")

    notice = page.get_by_role("alert")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Le formulaire de signalement n’a pas pu se charger.")
    retry = notice.get_by_role("button", name="Réessayer maintenant")
    expect(retry).to_be_focused()
    assert any("errata: the report form could not load" in e for e in errors)
    inject_axe(page)
    assert axe_violations(page) == []

    # Once the network is back, trying again opens the dialog on the selected passage.
    page.unroute(DIALOG)
    retry.click()
    dialog = page.get_by_role("dialog", name="Signaler une erreur")
    expect(dialog).to_be_visible()
    expect(notice).to_be_hidden()
    expect(dialog.locator("blockquote")).to_have_text("Grégoire Martin")
    expect(dialog.get_by_label("Faute de frappe ou d’orthographe")).to_be_focused()


def test_focus_returns_to_the_link_after_the_notice_and_the_dialog(
    publisher: Publisher, new_page: NewPage
) -> None:
    page = open_article(new_page, publisher)
    page.route(DIALOG, lambda route: route.abort())
    link = page.get_by_role("button", name="Signaler une erreur")
    link.focus()
    page.keyboard.press("Enter")
    retry = page.get_by_role("alert").get_by_role("button", name="Réessayer maintenant")
    expect(retry).to_be_focused()

    page.unroute(DIALOG)
    retry.click()
    dialog = page.get_by_role("dialog", name="Signaler une erreur")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")

    expect(dialog).to_be_hidden()
    # Back where the reader was when they asked for the form, not on the page's body.
    expect(link).to_be_focused()


def test_the_dialogs_notice_closes_with_escape(publisher: Publisher, new_page: NewPage) -> None:
    page = open_article(new_page, publisher)
    page.route(DIALOG, lambda route: route.fulfill(status=404, body="not found"))

    page.get_by_role("button", name="Signaler une erreur").click()
    notice = page.get_by_role("alert")
    expect(notice).to_be_visible()
    page.keyboard.press("Escape")
    expect(notice).to_be_hidden()


def test_a_dialog_that_does_not_come_gets_the_notice_then_opens_when_it_does(
    publisher: Publisher, new_page: NewPage
) -> None:
    page = open_article(new_page, publisher)
    held: list[Route] = []
    page.route(DIALOG, lambda route: held.append(route))

    page.locator("body").press("Control+Enter")
    # A stalled connection can take minutes to fail: after 5 s the reader is told.
    notice = page.get_by_role("alert")
    expect(notice).to_be_visible(timeout=8_000)
    expect(notice.get_by_role("button", name="Réessayer maintenant")).to_be_focused()

    held[0].continue_()
    dialog = page.get_by_role("dialog", name="Signaler une erreur")
    expect(dialog).to_be_visible()
    expect(notice).to_be_hidden()
    expect(dialog.get_by_label("Faute de frappe ou d’orthographe")).to_be_focused()

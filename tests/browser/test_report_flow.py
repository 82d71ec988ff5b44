"""A reader reports an error by keyboard, mouse and touch, in French and English."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from errata import models
from errata.text import html_to_text
from tests.browser.conftest import (
    ARTICLE_EN,
    ARTICLE_FR,
    ARTICLE_PATH,
    NewPage,
    Publisher,
    open_article,
    select_text,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def send_and_wait_for_receipt(page: Page, send: str) -> str:
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name=send).click()
    receipt = dialog.get_by_role("status")
    expect(receipt).to_contain_text("ERR-", timeout=20_000)
    return receipt.inner_text()


def test_select_then_ctrl_enter_reports_in_french(publisher: Publisher, new_page: NewPage) -> None:
    page = open_article(new_page, publisher)
    select_text(page, "1,2 milliard")
    page.keyboard.press("Control+Enter")

    dialog = page.get_by_role("dialog", name="Signaler une erreur")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("blockquote")).to_have_text("1,2 milliard")
    # Keyboard only: focus starts on the categories; an arrow picks the next one.
    expect(dialog.get_by_label("Faute de frappe ou d’orthographe")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(dialog.get_by_label("Erreur factuelle")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("Le budget voté est de 1,3 milliard.")
    expect(dialog.get_by_label("Qu’est-ce qui ne va pas ?")).to_have_value(
        "Le budget voté est de 1,3 milliard."
    )
    page.keyboard.press("Control+Enter")  # sends from any field
    expect(dialog.get_by_role("status")).to_contain_text("ERR-", timeout=20_000)
    receipt = dialog.get_by_role("status").inner_text()

    report = models.Report.objects.select_related("version").get()
    # The reader's reference is the report's own, stable before and after grouping.
    assert report.reference in receipt
    assert "Merci" in receipt
    expect(dialog.get_by_role("status")).to_be_focused()
    assert report.category == "factual"
    assert report.quote == "1,2 milliard"
    assert report.version.text[report.anchor_start : report.anchor_end] == "1,2 milliard"
    assert report.anchor_method == "exact"
    # The widget's text of the live page is the server's text of the same HTML.
    assert report.version.text == html_to_text(ARTICLE_FR)
    assert (report.position_start, report.position_end) == (report.anchor_start, report.anchor_end)
    assert report.language == "fr"
    assert report.page_url == publisher.origin + ARTICLE_PATH


def test_an_english_article_gets_an_english_dialog_and_receipt(
    publisher: Publisher, new_page: NewPage
) -> None:
    page = open_article(new_page, publisher, ARTICLE_EN, lang="en-GB")
    select_text(page, "1.2 billion")
    page.keyboard.press("Control+Enter")

    dialog = page.get_by_role("dialog", name="Report an error")
    dialog.get_by_label("Factual error").check()
    dialog.get_by_label("What is wrong?").fill("The budget was 1.3 billion.")
    receipt = send_and_wait_for_receipt(page, "Send")

    assert receipt.startswith("Thank you.")
    report = models.Report.objects.get()
    assert (report.category, report.quote, report.language) == ("factual", "1.2 billion", "en-GB")


def test_a_typo_report_suggests_the_quote_to_correct(
    publisher: Publisher, new_page: NewPage
) -> None:
    page = open_article(new_page, publisher)
    select_text(page, "Grégoire Martin")
    page.keyboard.press("Control+Enter")

    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Faute de frappe ou d’orthographe").check()

    expect(dialog.get_by_label("Ce qu’il faudrait écrire (facultatif)")).to_have_value(
        "Grégoire Martin"
    )


def test_escape_closes_returns_focus_and_keeps_the_draft(
    publisher: Publisher, new_page: NewPage
) -> None:
    page = open_article(new_page, publisher)
    link = page.get_by_role("button", name="Signaler une erreur")
    link.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("porte sur l’ensemble de l’article")).to_be_visible()
    dialog.get_by_label("Autre").check()
    dialog.get_by_label("Qu’est-ce qui ne va pas ?").fill("Le titre ne correspond pas.")

    page.keyboard.press("Escape")

    expect(dialog).to_be_hidden()
    expect(link).to_be_focused()
    page.reload()
    page.get_by_role("button", name="Signaler une erreur").click()
    expect(page.get_by_label("Qu’est-ce qui ne va pas ?")).to_have_value(
        "Le titre ne correspond pas."
    )
    expect(page.get_by_label("Autre")).to_be_checked()

    # A new selection changes the passage, not what was typed.
    page.keyboard.press("Escape")
    select_text(page, "45 millions")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("dialog").get_by_role("blockquote")).to_have_text("45 millions")
    expect(page.get_by_label("Qu’est-ce qui ne va pas ?")).to_have_value(
        "Le titre ne correspond pas."
    )


def test_focus_stays_in_the_open_dialog(publisher: Publisher, new_page: NewPage) -> None:
    page = open_article(new_page, publisher)
    page.get_by_role("button", name="Signaler une erreur").click()
    # The dialog is imported on first use (decision 23): Tab before it opens is the page's.
    expect(page.get_by_role("dialog")).to_be_visible()

    inside = []
    for _ in range(15):
        page.keyboard.press("Tab")
        inside.append(
            page.evaluate(
                "() => document.activeElement?.hasAttribute('data-errata-ui')"
                " && !!document.activeElement.shadowRoot.activeElement?.closest('dialog')"
            )
        )
    # Tab may reach the browser's own interface between rounds; never the host page.
    assert inside.count(True) >= 12
    assert not page.evaluate("() => document.activeElement?.closest?.('article') != null")


def test_the_end_link_can_be_turned_off(publisher: Publisher, new_page: NewPage) -> None:
    url = publisher.serve(
        ARTICLE_PATH, publisher.page_html(ARTICLE_FR, script_attrs='data-link="off"')
    )
    page = new_page()
    page.goto(url)
    page.wait_for_selector("[data-errata-ui]", state="attached")

    expect(page.get_by_role("button", name="Signaler une erreur")).to_have_count(0)
    select_text(page, "45 millions")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("dialog")).to_be_visible()


def test_the_touch_button_next_to_a_selection(publisher: Publisher, new_page: NewPage) -> None:
    page = open_article(
        new_page,
        publisher,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    select_text(page, "300 millions d’euros")

    button = page.get_by_role("button", name="Signaler une erreur dans ce passage")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box is not None
    assert box["height"] >= 44  # a target a thumb can hit
    assert box["x"] + box["width"] <= 390
    button.tap()

    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("blockquote")).to_have_text("300 millions d’euros")
    dialog.get_by_label("Erreur factuelle").tap()
    dialog.get_by_label("Qu’est-ce qui ne va pas ?").fill("C’est 310 millions.")
    send_and_wait_for_receipt(page, "Envoyer")
    assert models.Report.objects.get().quote == "300 millions d’euros"


def test_the_button_stays_on_screen_when_the_selection_scrolls_away(
    publisher: Publisher, new_page: NewPage
) -> None:
    page = open_article(new_page, publisher, viewport={"width": 800, "height": 400})
    page.evaluate("document.body.style.paddingBottom = '3000px'")
    select_text(page, "300 millions d’euros")
    button = page.get_by_role("button", name="Signaler une erreur dans ce passage")
    expect(button).to_be_visible()

    page.evaluate("scrollTo(0, document.body.scrollHeight)")  # the passage is far above
    page.wait_for_function("() => getSelection().getRangeAt(0).getBoundingClientRect().bottom < 0")

    expect(button).to_be_in_viewport()
    button.click()
    expect(page.get_by_role("dialog").get_by_role("blockquote")).to_have_text(
        "300 millions d’euros"
    )


def test_the_mouse_button_next_to_a_selection(publisher: Publisher, new_page: NewPage) -> None:
    page = open_article(new_page, publisher)
    paragraph = page.locator("article p").first
    box = paragraph.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 120, box["y"] + box["height"] / 2, steps=5)
    page.mouse.up()
    selected = page.evaluate("() => getSelection().toString().trim()")
    assert selected.startswith("Le con")

    page.get_by_role("button", name="Signaler une erreur dans ce passage").click()

    expect(page.get_by_role("dialog").get_by_role("blockquote")).to_have_text(selected)

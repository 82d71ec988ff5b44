"""axe-core on the open dialog, light and dark; the receipt is announced; motion reduced."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    NewPage,
    Publisher,
    axe_violations,
    inject_axe,
    open_article,
    select_text,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_dialog_has_no_axe_violations(
    publisher: Publisher, new_page: NewPage, scheme: str
) -> None:
    page = open_article(new_page, publisher, color_scheme=scheme, reduced_motion="reduce")
    select_text(page, "Grégoire Martin")
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    # The states a reader meets: a field error shown, then the rest filled in.
    dialog.get_by_role("button", name="Envoyer").click()
    expect(dialog.locator("#category-e")).not_to_be_empty()
    inject_axe(page)

    assert axe_violations(page) == []

    dialog.get_by_label("Faute de frappe ou d’orthographe").check()
    dialog.get_by_label("Qu’est-ce qui ne va pas ?").fill("Grégory.")
    dialog.get_by_role("button", name="Envoyer").click()
    expect(dialog.get_by_role("status")).to_contain_text("ERR-", timeout=20_000)
    assert axe_violations(page) == []


def test_the_end_of_article_block_has_no_axe_violations(
    publisher: Publisher, new_page: NewPage
) -> None:
    page = open_article(new_page, publisher)
    inject_axe(page)

    assert axe_violations(page) == []


def test_reduced_motion_turns_the_animation_off(publisher: Publisher, new_page: NewPage) -> None:
    page = open_article(new_page, publisher, reduced_motion="reduce")
    page.get_by_role("button", name="Signaler une erreur").click()

    dialog = page.get_by_role("dialog")
    assert dialog.evaluate("d => getComputedStyle(d).animationName") == "none"


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


COLOURS = """d => {
  const pick = (el, prop) => getComputedStyle(el)[prop];
  const root = d.getRootNode();
  const end = document.querySelector('article [data-errata-ui]').shadowRoot;
  return {
    text: [pick(d, 'color'), pick(d, 'backgroundColor')],
    muted: [pick(d.querySelector('.small'), 'color'), pick(d, 'backgroundColor')],
    error: [pick(d.querySelector('.err'), 'color'), pick(d, 'backgroundColor')],
    send: [pick(d.querySelector('[type=submit]'), 'color'), pick(d.querySelector('[type=submit]'), 'backgroundColor')],
    cancel: [pick(d.querySelector('.actions button'), 'color'), pick(d, 'backgroundColor')],
    quote: [pick(d.querySelector('blockquote'), 'color'), pick(d.querySelector('blockquote'), 'backgroundColor')],
    border: [pick(d.querySelector('textarea'), 'borderTopColor'), pick(d, 'backgroundColor')],
    link: [pick(end.querySelector('.link'), 'color'), pick(end.querySelector('.w'), 'backgroundColor')],
    popover: [pick(root.querySelector('[popover]'), 'color'), pick(root.querySelector('[popover]'), 'backgroundColor')],
  };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_colours_meet_wcag_aa_contrast(
    publisher: Publisher, new_page: NewPage, scheme: str
) -> None:
    # axe cannot see the background of the top layer, so the palette is measured here.
    page = open_article(new_page, publisher, color_scheme=scheme)
    select_text(page, "Grégoire Martin")
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Envoyer").click()
    expect(dialog.locator("#category-e")).not_to_be_empty()

    colours = dialog.evaluate(COLOURS)

    assert all(pair[1].startswith("rgb(") for pair in colours.values()), colours  # opaque
    ratios = {name: round(contrast(*pair), 2) for name, pair in colours.items()}
    assert all(ratio >= 4.5 for name, ratio in ratios.items() if name != "border"), ratios
    assert ratios["border"] >= 3, ratios  # a control's boundary: non-text contrast

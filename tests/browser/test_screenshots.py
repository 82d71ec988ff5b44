"""The dialog's screenshots in docs/screenshots/, taken in headless Chromium.

Rendered on every run (so a dialog that fails to open fails here); written to the docs
only when asked, like the OpenAPI snapshot:

    ERRATA_UPDATE_SCREENSHOTS=1 pytest tests/browser/test_screenshots.py
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    ARTICLE_EN,
    ARTICLE_FR,
    NewPage,
    Publisher,
    open_article,
    select_text,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"viewport": {"width": 1024, "height": 820}}
MOBILE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
SHOTS = {
    "widget-fr": (
        ARTICLE_FR,
        "fr",
        "1,2 milliard",
        "Erreur factuelle",
        "Qu’est-ce qui ne va pas ?",
        "La délibération indique 1,3 milliard.",
        DESKTOP,
    ),
    "widget-en": (
        ARTICLE_EN,
        "en",
        "1.2 billion",
        "Factual error",
        "What is wrong?",
        "The council's minutes say 1.3 billion.",
        DESKTOP,
    ),
    "widget-dark": (
        ARTICLE_FR,
        "fr",
        "Grégoire Martin",
        "Faute de frappe ou d’orthographe",
        "Qu’est-ce qui ne va pas ?",
        "Le maire s’appelle Grégory Martin.",
        {**DESKTOP, "color_scheme": "dark"},
    ),
    "widget-mobile": (
        ARTICLE_FR,
        "fr",
        "300 millions d’euros",
        "Erreur factuelle",
        "Qu’est-ce qui ne va pas ?",
        "C’est 310 millions.",
        MOBILE,
    ),
}


@pytest.mark.parametrize("name", list(SHOTS))
def test_screenshot(publisher: Publisher, new_page: NewPage, name: str) -> None:
    body, lang, quote, category, label, comment, options = SHOTS[name]
    extra: dict[str, Any] = {"reduced_motion": "reduce", **options}
    page = open_article(new_page, publisher, body, lang=lang, **extra)
    select_text(page, quote)
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog")
    dialog.get_by_label(category).check()
    dialog.get_by_label(label).fill(comment)
    expect(dialog).to_be_visible()

    png = page.screenshot()

    assert png.startswith(b"\x89PNG")
    if os.environ.get("ERRATA_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"{name}.png").write_bytes(png)

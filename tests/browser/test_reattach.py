"""Re-attach by hand, in Chromium: the editor selects the passage in the article's current
text on the case page; desk/reattach.js turns the selection into the passage and its
offset in code points (an emoji before it counts 1, not the 2 UTF-16 units the browser
counts), and the case is anchored there with the editor's reason in its history."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from errata import models
from errata.services.articles import upsert_article
from tests.browser.conftest import NewPage, Publisher, select_text
from tests.functional.desk.cases import PASSWORD, member, open_case

pytestmark = pytest.mark.browser

OLD = (
    "Le conseil municipal de Lyon a adopté mardi un budget de 1,2 milliard d'euros.\n\n"
    "Le maire, Grégoire Martin, a salué un budget de responsabilité."
)
NEW = (
    "Le conseil municipal de Lyon a adopté mardi son budget pour l'an prochain.\n\n"
    "Le maire 🎉 a salué un budget de responsabilité, voté par 41 voix contre 22."
)


def test_an_editor_re_attaches_an_orphan_by_selecting_the_passage(
    publisher: Publisher, new_page: NewPage
) -> None:
    site = publisher.site

    def push(text: str) -> models.Article:
        return upsert_article(
            site,
            url=publisher.origin + "/budget",
            source=models.ArticleSource.CMS,
            version_source=models.VersionSource.CMS,
            title="Lyon adopte son budget",
            language="fr",
            text=text,
        ).article

    case = open_case(push(OLD), quote="1,2 milliard")
    push(NEW)
    case.anchor_state = models.AnchorState.ORPHANED  # as re-anchoring would find it
    case.save(update_fields=["anchor_state"])
    editor = member(site, username="claire", password=PASSWORD)

    page = new_page(locale="en-GB")
    page.goto(publisher.server + "/desk/login/")
    page.get_by_label("Username").fill("claire")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{publisher.server}/desk/{site.slug}/cases/{case.reference}/")
    expect(page.get_by_role("heading", name="Re-attach by hand")).to_be_visible()

    select_text(page, "41 voix contre 22", within="#current-text")
    passage = page.locator("#id_reattach_passage")
    expect(passage).to_have_value("41 voix contre 22")
    start = NEW.index("41 voix")
    expect(page.locator("#id_reattach_start")).to_have_value(str(start))
    page.locator("#id_reattach_reason").fill("The figure the reader questioned is the vote.")
    page.get_by_role("button", name="Re-attach", exact=True).click()

    expect(page.locator("mark#passage")).to_have_text("41 voix contre 22")
    case.refresh_from_db()
    assert (case.anchor_start, case.anchor_end) == (start, start + len("41 voix contre 22"))
    event = case.events.get(kind=models.CaseEventKind.REATTACHED)
    assert event.actor == editor
    assert event.note == "The figure the reader questioned is the vote."

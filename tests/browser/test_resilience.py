"""The reader never loses what they typed: server field errors, offline, double submit."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Request, expect

from errata import models
from tests.browser.conftest import NewPage, Publisher, open_article, select_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_server_field_error_is_shown_next_to_its_field(
    publisher: Publisher, new_page: NewPage
) -> None:
    page = open_article(new_page, publisher)
    select_text(page, "Grégoire Martin")
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Faute de frappe ou d’orthographe").check()
    dialog.get_by_label("Qu’est-ce qui ne va pas ?").fill("Il s’appelle Grégory.")
    email = dialog.get_by_label("Votre e-mail, si vous souhaitez une réponse (facultatif)")
    email.fill("lecteur@@exemple")

    dialog.get_by_role("button", name="Envoyer").click()

    # The server refuses the address (422, field "email"); the widget words it in French.
    expect(email).to_have_attribute("aria-invalid", "true", timeout=20_000)
    expect(email).to_be_focused()
    error = dialog.locator("#email-e")
    expect(error).to_have_text("Cette adresse e-mail ne semble pas valide.")
    assert email.get_attribute("aria-describedby") == "email-e"
    expect(dialog.get_by_label("Qu’est-ce qui ne va pas ?")).to_have_value("Il s’appelle Grégory.")
    assert models.Report.objects.count() == 0

    email.fill("lecteur@exemple.fr")
    dialog.get_by_role("button", name="Envoyer").click()
    expect(dialog.get_by_role("status")).to_contain_text("ERR-", timeout=20_000)
    assert models.Report.objects.get().contact_email == "lecteur@exemple.fr"


def test_a_missing_category_or_comment_is_said_before_sending(
    publisher: Publisher, new_page: NewPage
) -> None:
    page = open_article(new_page, publisher)
    sent: list[Request] = []
    page.on("request", lambda r: r.url.endswith("/api/v1/reports") and sent.append(r))
    page.get_by_role("button", name="Signaler une erreur").click()
    dialog = page.get_by_role("dialog")

    dialog.get_by_role("button", name="Envoyer").click()
    expect(dialog.get_by_text("Choisissez le type d’erreur.")).to_be_visible()
    dialog.get_by_label("Erreur factuelle").check()
    dialog.get_by_role("button", name="Envoyer").click()

    comment = dialog.get_by_label("Qu’est-ce qui ne va pas ?")
    expect(comment).to_be_focused()
    expect(dialog.get_by_text("Dites-nous ce qui ne va pas")).to_be_visible()
    assert sent == []


def test_offline_the_draft_is_kept_and_sent_when_back_online(
    publisher: Publisher, new_page: NewPage
) -> None:
    page = open_article(new_page, publisher)
    select_text(page, "8\u00a0%")
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Erreur factuelle").check()
    dialog.get_by_label("Qu’est-ce qui ne va pas ?").fill("La hausse est de 6 %.")
    expect(dialog).to_be_visible()

    page.context.set_offline(True)
    dialog.get_by_role("button", name="Envoyer").click()

    expect(dialog.get_by_text("Envoi impossible pour le moment")).to_be_visible(timeout=15_000)
    expect(dialog.get_by_role("button", name="Réessayer maintenant")).to_be_enabled()
    expect(dialog.get_by_label("Qu’est-ce qui ne va pas ?")).to_have_value("La hausse est de 6 %.")
    drafts = page.evaluate("() => Object.values(sessionStorage)")
    assert [json.loads(d)["comment"] for d in drafts] == ["La hausse est de 6 %."]
    assert json.loads(drafts[0])["selector"]["exact"] == "8\u00a0%"
    assert models.Report.objects.count() == 0

    page.context.set_offline(False)

    expect(dialog.get_by_role("status")).to_contain_text("ERR-", timeout=30_000)
    assert models.Report.objects.get().quote == "8\u00a0%"
    assert page.evaluate("() => sessionStorage.length") == 0


def test_a_server_error_is_retried_with_backoff(publisher: Publisher, new_page: NewPage) -> None:
    page = open_article(new_page, publisher)
    attempts: list[float] = []

    def flaky(route):  # type: ignore[no-untyped-def]
        attempts.append(page.evaluate("() => performance.now()"))
        if len(attempts) == 1:
            route.fulfill(status=503, body="{}", content_type="application/json")
        else:
            route.continue_()

    page.route("**/api/v1/reports", flaky)
    page.get_by_role("button", name="Signaler une erreur").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Autre").check()
    dialog.get_by_label("Qu’est-ce qui ne va pas ?").fill("Le titre est trompeur.")
    dialog.get_by_role("button", name="Envoyer").click()

    expect(dialog.get_by_role("status")).to_contain_text("ERR-", timeout=30_000)
    assert len(attempts) == 2
    assert attempts[1] - attempts[0] >= 1_900  # the first automatic retry waits 2 s


def test_a_double_submit_sends_one_report(publisher: Publisher, new_page: NewPage) -> None:
    page = open_article(new_page, publisher)
    sent: list[Request] = []
    page.on("request", lambda r: r.url.endswith("/api/v1/reports") and sent.append(r))
    select_text(page, "45 millions")
    page.keyboard.press("Control+Enter")
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Erreur factuelle").check()
    dialog.get_by_label("Qu’est-ce qui ne va pas ?").fill("C’est 50 millions.")

    # Submits in the same instant: Ctrl+Enter twice, the button, the form itself.
    disabled = dialog.locator("form").evaluate(
        """form => {
          const key = () => form.querySelector('textarea').dispatchEvent(new KeyboardEvent(
            'keydown', {key: 'Enter', ctrlKey: true, bubbles: true, composed: true}));
          key();
          const button = form.querySelector('[type=submit]');
          const disabled = button.disabled;
          key();
          button.click();
          form.requestSubmit();
          return disabled;
        }"""
    )
    assert disabled

    expect(dialog.get_by_role("status")).to_contain_text("ERR-", timeout=20_000)
    assert len(sent) == 1
    assert models.Report.objects.count() == 1

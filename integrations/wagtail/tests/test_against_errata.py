"""The whole loop against a real errata server (errata's own venv, as a subprocess) and
this Wagtail test site served by pytest-django's live server: a published page reaches
errata; a reader's report, accepted in errata, comes back as a new published revision with
its notice; errata records what Wagtail did."""

from __future__ import annotations

import time

import pytest
import requests
from django.core import mail
from wagtail.models import Page, Site

from errata_server import ERRATA, serving
from errata_wagtail.models import CorrectionNotice, ErrataArticleState

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not ERRATA.exists(), reason=f"errata is not installed at {ERRATA}"),
]

SECRET = "whsec_c2VjcmV0IGZvciB0aGUgd2FndGFpbCB0ZXN0cw=="
BODY = (
    "<p>The city council adopted a budget of 1.2 billion on Tuesday.</p>"
    "<p>The mayor said 1.2 billion was &quot;responsible&quot;.</p>"
)


@pytest.fixture(scope="module")
def errata(live_server, tmp_path_factory):
    """errata with a site for this Wagtail site, its webhook pointing at the live server."""
    port = int(live_server.url.rsplit(":", 1)[1])
    origin = f"http://127.0.0.1:{port}"
    with serving(tmp_path_factory.mktemp("errata")) as server:
        server.create_site(origin, f"{origin}/errata/webhook/", SECRET)
        yield server, origin


@pytest.fixture
def loop(errata, settings, site):
    server, origin = errata
    port = int(origin.rsplit(":", 1)[1])
    Site.objects.filter(pk=site.pk).update(hostname="127.0.0.1", port=port)
    settings.ERRATA_URL = server.base
    settings.ERRATA_SITE_KEY = server.site_key
    settings.ERRATA_API_KEY = server.api_key
    settings.ERRATA_WEBHOOK_SECRET = SECRET
    return server, origin


def wait_for_notice(page: Page, timeout: float = 90) -> CorrectionNotice:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        notice = CorrectionNotice.objects.filter(page=page).first()
        if notice is not None and notice.reported:
            return notice
        time.sleep(0.5)
    raise AssertionError(f"no correction reached page {page.pk} within {timeout} s")


def test_a_correction_accepted_in_errata_is_published_in_wagtail(loop, publish):
    errata, origin = loop
    page = publish(BODY)
    state = ErrataArticleState.objects.get(page=page)
    assert state.status == "pushed", state.error

    case = errata.report(
        origin, page.full_url, "1.2 billion", "adopted a budget of ", " on Tuesday", "1.3 billion"
    )
    errata.accept(case, "1.3 billion", "An earlier version gave the budget as 1.2 billion.")
    notice = wait_for_notice(page)

    page = Page.objects.get(pk=page.pk).specific
    assert page.body == BODY.replace("of 1.2 billion", "of 1.3 billion")
    assert page.live_revision_id == notice.revision_id
    assert page.live_revision.user.username == "errata"
    assert (notice.outcome, notice.kind, notice.case) == ("applied", "correction", case)
    assert notice.text == "An earlier version gave the budget as 1.2 billion."
    held = errata.correction(case)
    assert held["cms_id"] == str(page.pk)
    assert (held["state"], held["revision"]) == ("applied", str(page.live_revision_id))

    # The same delivery again, or one with its body altered, changes nothing.
    revisions = page.revisions.count()
    headers, body = errata.signed_webhook(case)
    replay = requests.post(f"{origin}/errata/webhook/", data=body, headers=headers, timeout=30)
    assert replay.status_code == 409
    headers, body = errata.signed_webhook(case, message_id="msg_other")
    tampered = body.replace(b"1.3 billion", b"9.9 billion")
    refused = requests.post(f"{origin}/errata/webhook/", data=tampered, headers=headers, timeout=30)
    assert refused.status_code == 401
    assert page.revisions.count() == revisions


def test_a_page_edited_since_is_left_to_its_owner(loop, publish):
    errata, origin = loop
    page = publish(BODY)
    case = errata.report(
        origin, page.full_url, "1.2 billion", "adopted a budget of ", " on Tuesday", "1.3 billion"
    )
    page.body = BODY.replace("The mayor", "The deputy mayor")
    page.save_revision(user=page.owner)  # a draft, not yet published
    errata.accept(case, "1.3 billion", "An earlier version gave the budget as 1.2 billion.")
    notice = wait_for_notice(page)

    assert notice.outcome == "needs_manual_edit"
    assert Page.objects.get(pk=page.pk).specific.body == BODY
    held = errata.correction(case)
    assert held["state"] == "needs_manual_edit"
    assert "draft" in held["detail"]
    (email,) = mail.outbox
    assert email.to == [page.owner.email]
    assert "1.2 billion" in email.body

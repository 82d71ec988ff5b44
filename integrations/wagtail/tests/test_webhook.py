"""The webhook view: a signed correction becomes a new published revision, or is refused."""

import json

import pytest
from django.core import mail
from wagtail.models import Page

from conftest import correction, sign
from errata_wagtail.models import CorrectionNotice, ErrataArticleState

BODY = "<p>Le conseil a adopté un budget de 1,2 milliard d’euros. Le maire a dit 1,2 milliard.</p>"


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def send(body: bytes, headers=None):
        headers = sign(body) if headers is None else headers
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                "/errata/webhook/",
                body,
                content_type="application/json",
                headers=headers,
            )

    return send


def reload(page):
    return Page.objects.get(pk=page.pk).specific


def test_publishing_pushes_the_page_and_keeps_errata_s_text_hash(errata, publish):
    page = publish(BODY)
    (pushed,) = errata.pushes
    assert pushed == {
        "url": page.full_url,
        "title": "Lyon adopte son budget",
        "lang": "en",
        "cms_id": str(page.pk),
        "html": BODY,
        "published_at": page.first_published_at.isoformat(),
    }
    state = ErrataArticleState.objects.get(page=page)
    assert (state.status, state.revision_id) == ("pushed", page.live_revision_id)
    assert state.text_hash == errata.text_hash(BODY)


def test_a_push_errata_refuses_never_fails_the_publish(errata, publish):
    from errata_wagtail.client import ErrataError

    errata.failing = ErrataError("errata answered 422: url-not-allowed", transient=False)
    page = publish(BODY)
    assert page.live
    state = ErrataArticleState.objects.get(page=page)
    assert (state.status, state.error) == ("failed", "errata answered 422: url-not-allowed")


def test_a_correction_is_published_as_a_new_revision_by_the_errata_user(errata, publish, post):
    page = publish(BODY)
    before = page.live_revision_id
    answer = post(correction(page, "1,2 milliard", "1,3 milliard", prefix="un budget de "))
    assert answer.status_code == 200, answer.content
    page = reload(page)
    assert page.body == BODY.replace("budget de 1,2", "budget de 1,3")
    assert page.live_revision_id != before
    assert page.live_revision.user.username == "errata"
    assert not page.has_unpublished_changes
    notice = CorrectionNotice.objects.get(page=page)
    assert (notice.outcome, notice.kind, notice.revision_id) == (
        "applied",
        "correction",
        page.live_revision_id,
    )
    assert notice.text == "An earlier version said otherwise."
    assert answer.json() == {"state": "applied", "detail": "", "revision": str(notice.revision_id)}
    assert errata.states == [
        {
            "correction": notice.correction_id,
            "state": "applied",
            "detail": "",
            "revision": str(page.live_revision_id),
        }
    ]
    # The corrected page went back to errata, which now holds the corrected text.
    assert errata.pushes[-1]["html"] == page.body
    assert ErrataArticleState.objects.get(page=page).revision_id == page.live_revision_id


def test_a_replayed_webhook_is_refused_and_applies_nothing_twice(errata, publish, post):
    page = publish(BODY)
    body = correction(page, "1,2 milliard", "1,3 milliard", prefix="un budget de ")
    headers = sign(body, msg_id="msg_5f0c")
    assert post(body, headers).status_code == 200
    revisions = page.revisions.count()
    replay = post(body, headers)
    assert replay.status_code == 409
    assert replay["Content-Type"] == "application/problem+json"
    assert page.revisions.count() == revisions
    assert CorrectionNotice.objects.count() == 1


@pytest.mark.parametrize("attack", ["tampered", "old", "wrong secret"])
def test_a_webhook_not_freshly_signed_by_errata_changes_nothing(errata, publish, post, attack):
    page = publish(BODY)
    body = correction(page, "1,2 milliard", "1,3 milliard", prefix="un budget de ")
    headers = {
        "tampered": sign(body),
        "old": sign(body, stamp=1_700_000_000),
        "wrong secret": sign(body, secret="whsec_b3RoZXIgc2VjcmV0"),
    }[attack]
    if attack == "tampered":
        body = body.replace(b"1,3 milliard", b"9,9 milliards")
    answer = post(body, headers)
    assert answer.status_code == 401
    assert answer.json()["code"] == "bad-signature"
    assert reload(page).body == BODY
    assert not CorrectionNotice.objects.exists()
    assert errata.states == []


def test_a_page_edited_since_gets_nothing_and_its_owner_an_email(errata, publish, post):
    page = publish(BODY)
    body = correction(page, "1,2 milliard", "1,3 milliard", prefix="un budget de ")
    page.body = BODY.replace("Le maire", "Le premier adjoint")
    page.save_revision(user=page.owner).publish()
    answer = post(body)
    assert answer.json()["state"] == "needs_manual_edit"
    assert reload(page).body == BODY.replace("Le maire", "Le premier adjoint")
    (state,) = errata.states
    assert state["state"] == "needs_manual_edit"
    assert "edited and published since" in state["detail"]
    (email,) = mail.outbox
    assert email.to == ["desk@quotidien.example"]
    assert "1,2 milliard" in email.body
    assert f"/admin/pages/{page.pk}/edit/" in email.body


def test_a_draft_on_top_of_the_live_page_is_not_published_over(errata, publish, post):
    page = publish(BODY)
    body = correction(page, "1,2 milliard", "1,3 milliard", prefix="un budget de ")
    page.body = "<p>Brouillon en cours</p>"
    page.save_revision(user=page.owner)
    answer = post(body)
    assert answer.json()["state"] == "needs_manual_edit"
    assert "draft" in answer.json()["detail"]
    assert reload(page).get_latest_revision_as_object().body == "<p>Brouillon en cours</p>"


def test_an_ambiguous_passage_is_left_for_a_person(errata, publish, post):
    page = publish(BODY)
    answer = post(correction(page, "1,2 milliard", "1,3 milliard"))
    assert answer.json()["state"] == "needs_manual_edit"
    assert "occurs 2 times" in answer.json()["detail"]
    assert reload(page).body == BODY


def test_a_rich_text_block_of_a_stream_field_is_corrected(errata, publish, post):
    blocks = [
        {"type": "quote", "value": "1,2 milliard"},
        {"type": "paragraph", "value": "<p>Le budget : 1,2 milliard.</p>"},
    ]
    page = publish(json.dumps(blocks), model="StreamPage")
    answer = post(correction(page, "1,2 milliard", "1,3 milliard", prefix="budget : "))
    assert answer.json()["state"] == "applied", answer.json()
    page = reload(page)
    assert page.body[0].value == "1,2 milliard"
    assert page.body[1].value.source == "<p>Le budget : 1,3 milliard.</p>"


def test_a_body_missing_a_field_is_a_problem_naming_it(errata, publish, post):
    page = publish(BODY)
    payload = json.loads(correction(page, "1,2 milliard", "1,3 milliard"))
    del payload["data"]["article"]["version"]
    answer = post(json.dumps(payload).encode())
    assert answer.status_code == 400
    assert answer.json()["field"] == "article.version.text_hash"


def test_the_page_shows_its_notices_escaped_with_json_ld(errata, publish, post, client):
    page = publish(BODY)
    notice = "Une version disait </script><script>alert(1)</script> & autre chose."
    post(correction(page, "1,2 milliard", "1,3 milliard", prefix="un budget de ", notice=notice))
    html = client.get(page.url).content.decode()
    assert "1,3 milliard" in html
    assert (
        "Une version disait &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; autre"
        in html
    )
    assert "<script>alert(1)" not in html
    ld = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    data = json.loads(ld)
    assert data["correction"][0]["text"] == notice
    assert data["url"] == page.full_url
    assert '<script src="http://errata.invalid/widget.js" data-site="pk_test" defer>' in html
    assert "<div data-errata-article><p>Le conseil" in html

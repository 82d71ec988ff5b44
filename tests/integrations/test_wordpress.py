"""The WordPress plugin against a real WordPress and a real errata.

A post published through WordPress's REST API reaches errata from WP-Cron with its post
ID as `cms_id`; a correction accepted in errata comes back as a signed webhook, lands in
the post as a new revision by the "errata" user with its notice (on the page and in the
JSON-LD), and errata hears `applied`. A post edited since errata's version gets nothing
applied, errata hears `needs_manual_edit`, and the author gets an email. Tampered, stale
and replayed webhooks are refused and change nothing.
"""

from __future__ import annotations

import html
import json
import re
import time
import uuid
from typing import Any

import pytest

from errata import models
from errata.services import cases, webhooks
from tests.functional.desk.cases import member, open_case
from tests.integrations.conftest import Newsroom
from tests.integrations.wordpress import WordPress

pytestmark = [pytest.mark.wordpress, pytest.mark.django_db(transaction=True)]

BUDGET = (
    "<!-- wp:paragraph -->\n"
    "<p>Le conseil municipal de Lyon a adopté mardi un budget de 1,2 milliard d’euros.</p>\n"
    "<!-- /wp:paragraph -->\n\n"
    "<!-- wp:paragraph -->\n"
    "<p>La dette de la ville atteint elle aussi 1,2 milliard, selon <em>la chambre "
    "régionale</em>.</p>\n"
    "<!-- /wp:paragraph -->"
)


def pushed(newsroom: Newsroom, post_id: int) -> models.Article:
    """The post, once WP-Cron has pushed it to errata."""
    return newsroom.wordpress.until(
        lambda: models.Article.objects.filter(site=newsroom.site, cms_id=str(post_id)).first(),
        why=lambda: newsroom.wordpress.post(post_id)["meta"],
    )


def test_a_published_post_reaches_errata_and_a_correction_comes_back(
    newsroom: Newsroom,
) -> None:
    wp = newsroom.wordpress
    post = wp.publish("Lyon adopte son budget", BUDGET)

    article = pushed(newsroom, post["id"])
    assert article.url == post["link"]
    assert article.title == "Lyon adopte son budget"
    assert article.source == models.ArticleSource.CMS
    version = article.latest_version()
    assert version is not None
    assert "un budget de 1,2 milliard d’euros." in version.text
    # The body only: no headline (WordPress prints it outside the content).
    assert "Lyon adopte son budget" not in version.text
    state = wp.post(post["id"])
    assert state["meta"]["_errata_text_hash"] == version.text_hash
    # The secrets are stored out of the autoloaded options.
    autoload = {row["option_name"]: row["autoload"] for row in state["autoload"]}
    assert autoload["errata_api_key"] == autoload["errata_webhook_secret"] == "no"

    case = open_case(article, quote="1,2 milliard")  # the first one: the budget
    correction = cases.accept(
        member(newsroom.site), case, kind="correction", passage_after="1,3 milliard"
    )

    delivery = models.WebhookDelivery.objects.get(correction=correction)
    assert (delivery.status, delivery.response_status) == ("sent", 200)
    state = wp.post(post["id"])
    assert "un budget de 1,3 milliard d’euros." in state["content"]
    # The other "1,2 milliard", with other context, is left alone; so is the markup.
    assert "atteint elle aussi 1,2 milliard, selon <em>la chambre" in state["content"]
    assert state["content"] == BUDGET.replace("de 1,2 milliard d’", "de 1,3 milliard d’")
    latest = state["revisions"][-1]
    assert latest["author"] == state["errata_user"]
    assert latest["content"] == state["content"]
    [notice] = state["meta"]["_errata_notices"]
    assert notice["text"] == correction.notice
    assert notice["id"] == str(correction.public_id)

    page = wp.request("GET", "/?p={}".format(post["id"]))
    assert page.status == 200
    document = page.body.decode()
    assert html.escape(correction.notice, quote=False) in document
    assert "un budget de 1,3 milliard d’euros." in document
    [ld] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', document, re.S)
    schema = json.loads(ld)
    assert schema["@type"] == "NewsArticle"
    assert schema["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": correction.notice,
            "datePublished": correction.published_at.isoformat(),
        }
    ]
    # The widget's tag, deferred, with the site's key; the content marked for it.
    tag = re.search(r"<script[^>]*id='errata-widget-js'[^>]*>", document)
    assert tag is not None
    assert f'data-site="{newsroom.site.public_key}"' in tag.group(0)
    assert " defer" in tag.group(0)
    assert f"src='{newsroom.errata_url}/widget.js'" in tag.group(0)
    assert '<div class="errata-article" data-errata-article>' in document

    # WordPress reports back, and sends errata the corrected post as a new version.
    def reported() -> models.Correction | None:
        correction.refresh_from_db()
        return correction if correction.cms_state == "applied" else None

    wp.until(reported)
    assert correction.cms_revision == str(latest["id"])
    wp.until(lambda: "1,3 milliard d’euros" in (article.latest_version() or version).text or None)


def test_a_post_edited_since_errata_s_version_is_left_to_its_editor(
    newsroom: Newsroom,
) -> None:
    wp = newsroom.wordpress
    post = wp.publish("Le budget de Lyon", BUDGET)
    article = pushed(newsroom, post["id"])
    case = open_case(article, quote="1,2 milliard")
    edited = BUDGET.replace("mardi", "mardi soir")
    wp.rest("POST", "/wp/v2/posts/{}".format(post["id"]), {"content": edited})
    mails_before = len(wp.mails())

    correction = cases.accept(
        member(newsroom.site), case, kind="correction", passage_after="1,3 milliard"
    )

    state = wp.post(post["id"])
    assert state["content"] == edited
    assert all(r["author"] != state["errata_user"] for r in state["revisions"])
    assert "_errata_notices" not in state["meta"]

    def reported() -> models.Correction | None:
        correction.refresh_from_db()
        return correction if correction.cms_state == "needs_manual_edit" else None

    wp.until(reported)
    assert "edited" in correction.cms_detail
    [mail] = wp.mails()[mails_before:]
    assert mail["to"] == "admin@quotidien.example"
    assert "Le budget de Lyon" in mail["subject"]
    assert "Before: 1,2 milliard" in mail["message"]
    assert "After: 1,3 milliard" in mail["message"]


def _delivery(newsroom: Newsroom, article: models.Article, **changes: Any) -> dict[str, Any]:
    version = article.latest_version()
    assert version is not None
    start = version.text.index("1,2 milliard")
    body = {
        "type": "correction.published",
        "timestamp": "2026-11-30T09:00:00+00:00",
        "data": {
            "correction": {
                "id": str(uuid.uuid4()),
                "kind": "correction",
                "notice": {"text": "Correction : 1,3 milliard.", "language": "fr"},
                "published_at": "2026-11-30T09:00:00+00:00",
                "case": "ERR-2026-00001",
            },
            "article": {
                "url": article.url,
                "cms_id": article.cms_id,
                "version": {"id": version.pk, "text_hash": version.text_hash},
            },
            "passage": {
                "old": "1,2 milliard",
                "new": "1,3 milliard",
                "selector": [
                    {
                        "type": "TextQuoteSelector",
                        "exact": "1,2 milliard",
                        "prefix": version.text[max(0, start - 32) : start],
                        "suffix": version.text[start + 12 : start + 44],
                    }
                ],
            },
        },
    }
    body.update(changes)
    return body


def _send(
    wp: WordPress, secret: str, body: bytes, *, msg_id: str, stamp: int, tamper: bytes = b""
) -> Any:
    headers = {
        "Content-Type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(stamp),
        "webhook-signature": webhooks.sign(secret, msg_id, stamp, body),
    }
    return wp.request("POST", "/wp-json/errata/v1/corrections", body + tamper, headers)


def test_tampered_stale_and_replayed_webhooks_are_refused(newsroom: Newsroom) -> None:
    wp = newsroom.wordpress
    post = wp.publish("Lyon vote son budget", BUDGET)
    article = pushed(newsroom, post["id"])
    body = json.dumps(_delivery(newsroom, article)).encode()
    msg_id, now = f"msg_{uuid.uuid4().hex}", int(time.time())

    tampered = _send(wp, newsroom.secret, body, msg_id=msg_id, stamp=now, tamper=b" ")
    wrong_secret = _send(wp, "whsec_bm90IHRoZSBzZWNyZXQ=", body, msg_id=msg_id, stamp=now)
    stale = _send(wp, newsroom.secret, body, msg_id=msg_id, stamp=now - 600)
    assert [tampered.status, wrong_secret.status, stale.status] == [401, 401, 401]
    assert tampered.headers["Content-Type"].startswith("application/problem+json")
    assert tampered.json()["detail"] == "webhook-signature does not match"
    assert "5 minutes" in stale.json()["detail"]
    assert wp.post(post["id"])["content"] == BUDGET

    applied = _send(wp, newsroom.secret, body, msg_id=msg_id, stamp=now)
    assert applied.status == 200, applied.body
    assert applied.json()["state"] == "applied"
    corrected = wp.post(post["id"])
    assert "budget de 1,3 milliard" in corrected["content"]

    replayed = _send(wp, newsroom.secret, body, msg_id=msg_id, stamp=now)
    assert replayed.status == 409
    assert replayed.json()["code"] == "already-applied"
    again = wp.post(post["id"])
    assert again["content"] == corrected["content"]
    assert again["revisions"] == corrected["revisions"]
    assert len(again["meta"]["_errata_notices"]) == 1


def test_a_webhook_with_a_bad_field_is_refused_naming_it(newsroom: Newsroom) -> None:
    wp = newsroom.wordpress
    post = wp.publish("Lyon, le budget", BUDGET)
    article = pushed(newsroom, post["id"])
    body = _delivery(newsroom, article)
    body["data"]["article"]["cms_id"] = "../1"
    answer = _send(
        wp,
        newsroom.secret,
        json.dumps(body).encode(),
        msg_id=f"msg_{uuid.uuid4().hex}",
        stamp=int(time.time()),
    )
    assert answer.status == 422
    assert answer.json()["detail"].startswith("data.article.cms_id")

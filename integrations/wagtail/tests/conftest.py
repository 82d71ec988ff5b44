"""Fixtures for the app's tests: pages of the test site, errata's signature, a recording
stand-in for errata's HTTP API (the app's one outbound boundary)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from errata_wagtail import client

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def sign(body: bytes, *, secret: str = SECRET, msg_id: str = "msg_1", stamp: int | None = None):
    """errata's headers for `body`, computed by hand from the scheme (not by the app)."""
    stamp = int(time.time()) if stamp is None else stamp
    key = base64.b64decode(secret[6:]) if secret.startswith("whsec_") else secret.encode()
    digest = hmac.new(key, f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest()
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(stamp),
        "webhook-signature": "v1," + base64.b64encode(digest).decode(),
    }


@dataclass
class FakeErrata:
    """What the app sent errata, and errata's answers (a text hash per pushed HTML)."""

    pushes: list[dict[str, Any]] = field(default_factory=list)
    states: list[dict[str, Any]] = field(default_factory=list)
    failing: client.ErrataError | None = None

    @staticmethod
    def text_hash(html: str) -> str:
        return hashlib.sha256(html.encode()).hexdigest()

    def push_article(self, article: dict[str, Any]) -> dict[str, Any]:
        if self.failing is not None:
            raise self.failing
        self.pushes.append(article)
        version = {"id": len(self.pushes), "text_hash": self.text_hash(article["html"])}
        return {"article": article, "version": version, "changed": True}

    def report_state(self, correction_id: str, state: str, *, detail: str = "", revision: str = ""):
        self.states.append(
            {"correction": correction_id, "state": state, "detail": detail, "revision": revision}
        )
        return self.states[-1]


@pytest.fixture
def errata():
    fake = FakeErrata()
    with (
        mock.patch.object(client, "push_article", autospec=True, side_effect=fake.push_article),
        mock.patch.object(client, "report_state", autospec=True, side_effect=fake.report_state),
    ):
        yield fake


@pytest.fixture
def owner(db):
    return get_user_model().objects.create_user("desk", "desk@quotidien.example", "pw")


@pytest.fixture
def publish(db, owner, django_capture_on_commit_callbacks):
    """Create and publish a page under the site's root; the page, reloaded."""

    def create(body: Any, *, model: str = "NewsPage", title: str = "Lyon adopte son budget"):
        from news.models import NewsPage, StreamPage

        cls = {"NewsPage": NewsPage, "StreamPage": StreamPage}[model]
        root = Site.objects.get(is_default_site=True).root_page
        page = cls(title=title, body=body, owner=owner)
        root.add_child(instance=page)
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision(user=owner).publish()
        return Page.objects.get(pk=page.pk).specific

    return create


def correction(page: Page, old: str, new: str, *, prefix: str = "", suffix: str = "", **extra):
    """A `correction.published` body as errata sends it (docs/api.md)."""
    state = page.errata_state
    data = {
        "correction": {
            "id": extra.get("correction_id", "5f0c2a4e-8a5b-4c1e-9f0d-3b2a1c0d9e8f"),
            "kind": extra.get("kind", "correction"),
            "notice": {
                "text": extra.get("notice", "An earlier version said otherwise."),
                "language": "en",
            },
            "published_at": "2026-11-25T09:30:00+00:00",
            "case": "ERR-2026-00042",
            "vocabularies": {},
            "state_url": "http://errata.invalid/api/v1/corrections/x/cms-state",
        },
        "article": {
            "url": page.full_url,
            "cms_id": str(page.pk),
            "title": page.title,
            "language": "en",
            "version": {
                "id": state.version_id,
                "text_hash": extra.get("text_hash", state.text_hash),
            },
        },
        "passage": {
            "old": old,
            "new": new,
            "selector": [
                {"type": "TextQuoteSelector", "exact": old, "prefix": prefix, "suffix": suffix}
            ],
        },
    }
    return json.dumps(
        {"type": "correction.published", "timestamp": "2026-11-25T09:30:00Z", "data": data}
    ).encode()


@pytest.fixture(autouse=True)
def site(request):
    """The tree's root and the default site, which Wagtail's data migrations would make
    (the tests run with --nomigrations: Wagtail's hundreds of migrations take a minute)."""
    if "db" not in request.fixturenames and "transactional_db" not in request.fixturenames:
        return None
    request.getfixturevalue(
        "transactional_db" if "transactional_db" in request.fixturenames else "db"
    )
    if not Page.objects.filter(depth=1).exists():
        from django.contrib.contenttypes.models import ContentType
        from wagtail.models import Locale

        Locale.objects.get_or_create(language_code="en")
        Page.add_root(
            instance=Page(
                title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)
            )
        )
    root = Page.objects.get(depth=1)
    home = root.get_children().first() or root.add_child(instance=Page(title="Home", slug="home"))
    site, _ = Site.objects.get_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return site

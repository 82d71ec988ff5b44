"""Issue 2's acceptance path: the demo's public key takes a report, the admin shows the case."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from errata import models
from errata.demo import DEMO_ORIGINS, load_demo

pytestmark = pytest.mark.django_db


def test_a_report_with_the_demo_key_becomes_a_case_on_the_desk(
    client: Client, settings: Any, immediate_tasks: None
) -> None:
    demo = load_demo()
    article = demo.articles[0]
    text = article.latest_version().text  # type: ignore[union-attr]
    quote = text.split(". ")[1][:40].strip()

    response = client.post(
        "/api/v1/reports",
        data={
            "site": demo.site.public_key,
            "article": {"url": article.url, "lang": article.language},
            "selector": {"exact": quote},
            "category": "factual",
            "comment": "Ce chiffre contredit la suite de l'article.",
        },
        content_type="application/json",
        HTTP_ORIGIN=DEMO_ORIGINS[0],
    )

    assert response.status_code == 201, response.content
    reference = response.json()["reference"]
    case = models.Case.objects.get(reference=reference)
    assert case.quote == quote

    client.force_login(demo.editor)
    queue = client.get(f"/desk/?site={demo.site.slug}")
    assert queue.status_code == 200
    assert reference in queue.content.decode()
    page = client.get(f"/desk/{demo.site.slug}/cases/{reference}/")
    assert "Ce chiffre contredit la suite de l&#x27;article." in page.content.decode()


def test_loading_the_demo_twice_keeps_the_reports(client: Client, immediate_tasks: None) -> None:
    demo = load_demo()
    article = demo.articles[1]
    quote = " ".join(article.latest_version().text.split(" ")[3:8])  # type: ignore[union-attr]
    client.post(
        "/api/v1/reports",
        data={
            "site": demo.site.public_key,
            "article": {"url": article.url},
            "selector": {"exact": quote},
            "category": "typo",
            "suggestion": quote.upper(),
        },
        content_type="application/json",
        HTTP_ORIGIN=DEMO_ORIGINS[1],
    )

    again = load_demo()

    assert again.site == demo.site
    assert models.Report.objects.for_site(again.site).count() == 1
    assert models.ArticleVersion.objects.filter(article=article).count() == 1

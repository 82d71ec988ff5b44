"""Two readers reporting the same passage at the same moment end up in one case."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from errata import models
from errata.intake import pipeline
from errata.intake.submission import ArticleSnapshot, QuoteSelection, ReportSubmission, RequestMeta
from tests import factories

ORIGIN = "https://quotidien.example"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_reports_on_one_passage_share_a_case() -> None:
    site = factories.SiteFactory(slug="quotidien", origins=[ORIGIN])
    article = factories.ArticleFactory(site=site, url=f"{ORIGIN}/budget")
    factories.ArticleVersionFactory(article=article)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def report(n: int) -> None:
        try:
            barrier.wait()
            pipeline.run(
                ReportSubmission(
                    site_key=site.public_key,
                    article=ArticleSnapshot(url=article.url),
                    selection=QuoteSelection(exact="1,2 milliard"),
                    category="factual",
                    comment=f"Lecteur {n} : le montant est faux.",
                ),
                RequestMeta(origin=ORIGIN, ip=f"192.0.2.{n}"),
            )
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=report, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    case = models.Case.objects.get()
    assert case.reports.count() == 4
    assert case.reference.endswith("-00001")

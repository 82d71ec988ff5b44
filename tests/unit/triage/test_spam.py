"""Spam signals: each with a weight and a reason; the step holds what adds up."""

from __future__ import annotations

import pytest
from django.utils import translation

from errata import models
from errata.intake.spam import HOLD_THRESHOLD
from errata.presenters.triage import spam_message
from errata.triage import garbage
from errata.triage.spam import signals
from tests.unit.intake import builders

ORIGIN = "https://quotidien.example"


@pytest.mark.parametrize(
    "text", ["asdkjh qwpoeiru zxmcnvb", "!!!!!!!!!!!!!!", "%%%% $$$ ### @@ 12", "xkcdqwrtzp"]
)
def test_garbage_text(text: str) -> None:
    assert garbage.reasons(text)


@pytest.mark.parametrize(
    "text",
    [
        "Le montant est faux.",
        "Der Betrag ist falsch, bitte korrigieren",
        "Kursk, not Koursk",
        "ok",
        "",
    ],
)
def test_real_language_is_not_garbage(text: str) -> None:
    assert garbage.reasons(text) == []


def _signals(**fields: object) -> list[str]:
    base: dict[str, object] = {
        "honeypot": "",
        "comment": "",
        "suggestion": "",
        "fill_time_ms": None,
    }
    base.update(fields)
    return [spam_message(s.reason()) for s in signals(**base)]  # type: ignore[arg-type]


def test_each_signal_says_why() -> None:
    assert _signals(honeypot="x") == ["honeypot field filled"]
    assert _signals(comment="see https://a.example and www.b.example, c.ru") == ["links: 3"]
    assert _signals(fill_time_ms=300) == ["form filled in 300 ms"]
    assert _signals(comment="qsdfghjklm wxcvbn") == [
        "text looks like garbage: no word of any language errata knows, unpronounceable letter runs"
    ]


def test_one_weak_signal_alone_does_not_hold() -> None:
    for fields in ({"comment": "voir https://a.example"}, {"fill_time_ms": 300}):
        assert (
            sum(
                s.weight
                for s in signals(
                    **{
                        **{"honeypot": "", "comment": "", "suggestion": "", "fill_time_ms": None},
                        **fields,
                    }
                )
            )
            < HOLD_THRESHOLD
        )  # type: ignore[arg-type]


def _submit(
    site: models.Site, comment: str, ip: str, url: str = "/budget", **extra: str
) -> models.Report:
    return builders.report(
        site,
        "",
        ip=ip,
        url=f"{ORIGIN}{url}",
        lang="fr",
        text="Un texte de l'article, 1,2 milliard.",
        comment=comment,
        **extra,
    )


@pytest.mark.django_db
def test_a_pasted_campaign_across_articles_and_garbage_are_held(site: models.Site) -> None:
    campaign = "Cet article est un mensonge, lisez la vérité sur notre site."
    first = _submit(site, campaign, "192.0.2.1", "/a")
    second = _submit(site, campaign, "192.0.2.2", "/b", suggestion="voir http://x.example")
    junk = _submit(site, "sdfkjh qsdlkfj wxcvb", "192.0.2.3", "/c", honeypot="")

    assert first.status == models.ReportStatus.RECEIVED
    assert second.spam_reasons == [
        {"code": "spam.links", "params": {"count": 1}},
        {"code": "spam.same_elsewhere", "params": {}},
    ]
    with translation.override("fr"):
        assert [spam_message(r) for r in second.spam_reasons] == [
            "liens : 1",
            "même commentaire envoyé aujourd'hui à propos d'un autre article",
        ]
    assert second.spam_score == pytest.approx(0.7)
    assert junk.spam_score < HOLD_THRESHOLD  # garbage alone: suspicious, still reviewed
    assert junk.spam_reasons[0]["code"] == "spam.garbage"


@pytest.mark.django_db
def test_one_article_read_at_two_forms_of_its_url_is_not_elsewhere(site: models.Site) -> None:
    # Two readers agree on the same error, one of them on the http://www. form of the page:
    # under the site's same-host rule that is the same article, not a pasted campaign.
    comment = "Le montant est faux : la délibération dit 1,3 milliard."
    first = _submit(site, comment, "192.0.2.1", "/a")
    second = builders.report(
        site,
        "",
        ip="192.0.2.2",
        url="http://www.quotidien.example/a",
        lang="fr",
        text="Un texte de l'article, 1,2 milliard.",
        comment=comment,
    )

    assert second.article_id == first.article_id
    assert second.spam_reasons == []
    assert second.status == models.ReportStatus.RECEIVED


@pytest.mark.django_db
def test_a_report_in_another_language_is_never_a_spam_signal(site: models.Site) -> None:
    report = _submit(site, "The amount is wrong, it was 1.3 billion.", "192.0.2.1")
    assert report.spam_score == 0
    assert report.status == models.ReportStatus.RECEIVED


@pytest.mark.django_db
def test_held_spam_stays_reviewable_out_of_the_queue(site: models.Site) -> None:
    report = _submit(site, "qsdfghjklm wxcvbn", "192.0.2.1", fill_time_ms=200)  # type: ignore[arg-type]

    assert report.status == models.ReportStatus.HELD
    assert report.case.status == models.CaseStatus.SPAM
    assert not models.Case.objects.for_site(site).queue().exists()
    event = report.case.events.get(new_status=models.CaseStatus.SPAM)
    assert event.by_system
    assert [r["code"] for r in event.data["reasons"]] == ["spam.fast", "spam.garbage"]

"""One reader's data: export and erasure, their scope, and their audit rows."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from errata import models
from errata.errors import Problem
from errata.models import ReaderRequestKind
from errata.services import readers
from tests import factories
from tests.functional.desk.cases import hosted_article, member, open_case

pytestmark = pytest.mark.django_db

ADDRESS = "lectrice@example.org"


@pytest.fixture
def two_sites(site: models.Site) -> dict[str, Any]:
    other = factories.SiteFactory(slug="gazette")
    mine = open_case(
        hosted_article(site),
        reports=[
            {
                "contact_email": ADDRESS,
                "comment": "Signé : Jeanne Martin, Lyon",
                "ip_hash": "f" * 64,
            },
            {"contact_email": "someone@example.org", "comment": "Another reader's words"},
        ],
    )
    # The same reader on another publication, with her address in other case.
    theirs = open_case(
        hosted_article(other, url="https://gazette.example/a"),
        reports=[{"contact_email": "Lectrice@Example.org", "comment": "Sur la Gazette"}],
    )
    reply = models.Reply.objects.create(
        site=site,
        case=mine,
        report=mine.reports.get(contact_email=ADDRESS),
        language="fr",
        subject="Votre signalement",
        body="Merci.",
        status=models.DeliveryStatus.FAILED,
        last_error=f"SMTPRecipientsRefused: {{'{ADDRESS}': (550, b'no such user')}}",
    )
    models.CaseEvent.objects.record(
        mine, models.CaseEventKind.NOTE, note=f"Rappeler {ADDRESS.upper()} demain."
    )
    return {
        "site": site,
        "other": other,
        "mine": mine,
        "theirs": theirs,
        "reply": reply,
        "admin": member(site, role="admin", username="ada"),
        "other_admin": member(other, role="admin", username="otto"),
    }


def test_an_export_holds_the_readers_reports_and_replies_and_nothing_else(
    two_sites: dict[str, Any],
) -> None:
    data = readers.export(two_sites["admin"], " LECTRICE@example.org ", site=two_sites["site"])

    assert data["address"] == ADDRESS
    assert [r["comment"] for r in data["reports"]] == ["Signé : Jeanne Martin, Lyon"]
    report = data["reports"][0]
    assert report["site"] == "quotidien"
    assert report["case"] == two_sites["mine"].reference
    assert report["case_status"] == "new"
    assert report["article_url"] == "https://quotidien.example/hosted"
    assert report["quote"] == "1,2 milliard"
    assert report["suggestion"] == "1,3 milliard"
    assert report["created_at"]
    assert [r["subject"] for r in data["replies"]] == ["Votre signalement"]
    text = json.dumps(data)
    assert "someone@example.org" not in text
    assert "Another reader" not in text
    assert "Sur la Gazette" not in text  # the other site's report is not this admin's


def test_an_operator_exports_every_site_and_each_site_audits_it(
    two_sites: dict[str, Any],
) -> None:
    operator = get_user_model().objects.create_superuser("root", password=None)

    data = readers.export(operator, ADDRESS)

    assert sorted(r["site"] for r in data["reports"]) == ["gazette", "quotidien"]
    rows = models.ReaderRequest.objects.order_by("site__slug")
    assert [(r.site.slug, r.kind, r.actor_name, r.reports) for r in rows] == [
        ("gazette", ReaderRequestKind.EXPORT, "root", 1),
        ("quotidien", ReaderRequestKind.EXPORT, "root", 1),
    ]


def test_the_audit_names_who_and_never_the_address(two_sites: dict[str, Any]) -> None:
    readers.export(two_sites["admin"], ADDRESS, site=two_sites["site"])
    readers.erase(two_sites["admin"], ADDRESS, site=two_sites["site"])

    rows = list(models.ReaderRequest.objects.for_site(two_sites["site"]).order_by("pk"))
    assert [(r.kind, r.actor, r.channel, r.reports) for r in rows] == [
        ("export", two_sites["admin"], "desk", 1),
        ("erase", two_sites["admin"], "desk", 1),
    ]
    assert {r.address_hash for r in rows} == {readers.address_hash(ADDRESS)}
    assert rows[0].address_hint == "l…@e….org"
    stored = json.dumps(list(models.ReaderRequest.objects.values()), default=str)
    assert "lectrice" not in stored.lower()


def test_erasure_removes_the_address_everywhere_and_keeps_the_reports(
    two_sites: dict[str, Any],
) -> None:
    site, mine = two_sites["site"], two_sites["mine"]

    done = readers.erase(two_sites["admin"], ADDRESS, site=site)

    assert (done.reports, done.replies, done.notes) == (1, 1, 1)
    assert done.cases == [mine.reference]
    report = mine.reports.get(comment="Signé : Jeanne Martin, Lyon")
    assert (report.contact_email, report.ip_hash) == ("", "")
    assert report.contact_purge_reason == models.ContactPurge.READER_REQUEST
    assert report.suggestion == "1,3 milliard"
    reply = models.Reply.objects.get(pk=two_sites["reply"].pk)
    assert ADDRESS not in reply.last_error
    assert readers.ERASED in reply.last_error
    assert not models.CaseEvent.objects.filter(note__icontains=ADDRESS).exists()
    event = mine.events.get(kind=models.CaseEventKind.READER_DATA)
    assert event.actor == two_sites["admin"]
    assert ADDRESS not in event.note
    # Another reader of the same case, and the same reader on another site, are untouched.
    assert mine.reports.filter(contact_email="someone@example.org").exists()
    assert two_sites["theirs"].reports.get().contact_email == "Lectrice@Example.org"
    # Nothing is left to export.
    assert readers.export(two_sites["admin"], ADDRESS, site=site)["reports"] == []


def test_erasure_is_idempotent(two_sites: dict[str, Any]) -> None:
    readers.erase(two_sites["admin"], ADDRESS, site=two_sites["site"])
    before = list(models.Report.objects.values())

    again = readers.erase(two_sites["admin"], ADDRESS, site=two_sites["site"])

    assert (again.reports, again.replies, again.notes, again.cases) == (0, 0, 0, [])
    assert list(models.Report.objects.values()) == before
    assert models.ReaderRequest.objects.filter(kind="erase").count() == 2  # both audited


def test_erasure_with_texts_empties_the_readers_own_words_only(
    two_sites: dict[str, Any],
) -> None:
    readers.erase(two_sites["admin"], ADDRESS, site=two_sites["site"], texts=True)

    erased = models.Report.objects.get(contact_purge_reason="reader_request")
    assert (erased.comment, erased.suggestion, erased.quote) == ("", "", "1,2 milliard")
    assert models.Report.objects.filter(comment="Another reader's words").exists()


def test_a_pending_reply_to_an_erased_reader_is_abandoned(two_sites: dict[str, Any]) -> None:
    mine = two_sites["mine"]
    pending = models.Reply.objects.create(
        site=two_sites["site"],
        case=mine,
        report=mine.reports.get(contact_email=ADDRESS),
        language="fr",
        subject="s",
        body="b",
    )
    readers.erase(two_sites["admin"], ADDRESS, site=two_sites["site"])

    pending.refresh_from_db()
    assert pending.status == models.DeliveryStatus.FAILED
    assert "erased" in pending.last_error


@pytest.mark.parametrize("action", [readers.export, readers.erase])
def test_only_administrators_of_the_site_may_ask(two_sites: dict[str, Any], action: Any) -> None:
    editor = member(two_sites["site"], username="claire")
    with pytest.raises(Problem) as refused:
        action(editor, ADDRESS, site=two_sites["site"])
    assert refused.value.status == 403
    with pytest.raises(Problem) as hidden:
        action(two_sites["other_admin"], ADDRESS, site=two_sites["site"])
    assert hidden.value.status == 404
    with pytest.raises(Problem) as nowhere:
        action(editor, ADDRESS)  # administers no site
    assert nowhere.value.status == 403
    assert models.Report.objects.filter(contact_email=ADDRESS).exists()
    assert not models.ReaderRequest.objects.exists()


def test_an_admin_without_a_site_covers_only_the_sites_they_administer(
    two_sites: dict[str, Any],
) -> None:
    readers.erase(two_sites["other_admin"], ADDRESS)

    assert models.Report.objects.filter(contact_email=ADDRESS).exists()
    assert two_sites["theirs"].reports.get().contact_email == ""
    assert [r.site for r in models.ReaderRequest.objects.all()] == [two_sites["other"]]


def test_a_malformed_address_is_refused(two_sites: dict[str, Any]) -> None:
    with pytest.raises(Problem) as refused:
        readers.export(two_sites["admin"], "not an address", site=two_sites["site"])
    assert (refused.value.status, refused.value.field) == (422, "email")


def test_erasure_finds_the_address_where_no_field_was_meant_for_it(
    two_sites: dict[str, Any],
) -> None:
    """A reader who left no contact but wrote the address in the comment, a page URL
    from a newsletter, a reply's body: all on the site, none of another site."""
    site, mine = two_sites["site"], two_sites["mine"]
    written = open_case(
        hosted_article(site, url="https://quotidien.example/other"),
        quote="",
        reports=[
            {
                "comment": f"Répondez-moi à {ADDRESS.title()}, merci.",
                "page_url": "https://quotidien.example/other?utm=nl&email=lectrice%40example.org",
            }
        ],
    )
    reply = two_sites["reply"]
    models.Reply.objects.filter(pk=reply.pk).update(body=f"Bonjour {ADDRESS},")
    models.Report.objects.filter(case=two_sites["theirs"]).update(comment=f"Moi : {ADDRESS}")

    exported = readers.export(two_sites["admin"], ADDRESS, site=site)
    where = {(m["case"], m["where"]) for m in exported["mentioned_in"]}
    assert where == {
        (written.reference, "report"),
        (mine.reference, "reply"),
        (mine.reference, "case history"),
    }
    assert "Répondez-moi" not in json.dumps(exported)  # the place, not the text

    done = readers.erase(two_sites["admin"], ADDRESS, site=site)

    assert (done.notes, done.mentions) == (1, 2)  # the written report; the reply
    report = written.reports.get()
    assert report.comment == f"Répondez-moi à {readers.ERASED}, merci."
    assert report.page_url.endswith("email=" + readers.ERASED)
    assert models.Reply.objects.get(pk=reply.pk).body == f"Bonjour {readers.ERASED},"
    assert ADDRESS in two_sites["theirs"].reports.get().comment  # another site's
    assert mine.reports.filter(comment="Another reader's words").exists()
    assert readers.export(two_sites["admin"], ADDRESS, site=site)["mentioned_in"] == []

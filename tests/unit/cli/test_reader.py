"""`errata reader export|erase` and `errata purge-contacts`, run as a terminal would."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from errata import models
from tests import factories
from tests.functional.desk.cases import hosted_article, member, open_case
from tests.unit.cli.conftest import Invoke, refused

pytestmark = pytest.mark.django_db

ADDRESS = "lectrice@example.org"


@pytest.fixture
def cases(site: models.Site) -> tuple[models.Case, models.Case]:
    other = factories.SiteFactory(slug="gazette")
    mine = open_case(
        hosted_article(site),
        reports=[
            {"contact_email": ADDRESS, "comment": "Mon commentaire"},
            {"contact_email": "autre@example.org", "comment": "Pas le mien"},
        ],
    )
    theirs = open_case(
        hosted_article(other, url="https://gazette.example/a"),
        reports=[{"contact_email": ADDRESS, "comment": "Sur la Gazette"}],
    )
    member(site, role="admin", username="ada")
    member(site, role="editor", username="claire")
    get_user_model().objects.create_superuser("root", password=None)
    return mine, theirs


def test_export_prints_the_readers_data_as_json(cli: Invoke, cases: tuple) -> None:
    mine, _theirs = cases
    result = cli("reader", "export", ADDRESS, "--as", "ada")

    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(r["site"], r["case"], r["comment"]) for r in data["reports"]] == [
        ("quotidien", mine.reference, "Mon commentaire")
    ]
    assert "autre@example.org" not in result.output
    row = models.ReaderRequest.objects.get()
    assert (row.kind, row.actor_name, row.channel) == ("export", "ada", "cli")
    assert ADDRESS not in row.address_hint


def test_a_superuser_covers_every_site_or_the_one_named(cli: Invoke, cases: tuple) -> None:
    every = json.loads(cli("reader", "export", ADDRESS, "--as", "root").output)
    assert sorted(r["site"] for r in every["reports"]) == ["gazette", "quotidien"]

    one = cli("reader", "export", ADDRESS, "--as", "root", "--site", "gazette")
    assert [r["comment"] for r in json.loads(one.output)["reports"]] == ["Sur la Gazette"]


def test_erase_removes_the_address_and_is_idempotent(cli: Invoke, cases: tuple) -> None:
    mine, theirs = cases
    result = cli("reader", "erase", ADDRESS, "--as", "ada")

    assert result.exit_code == 0, result.output
    assert f"1 report(s) (cases {mine.reference})" in result.output
    assert not mine.reports.filter(contact_email=ADDRESS).exists()
    assert mine.reports.get(comment="Mon commentaire").contact_purge_reason == "reader_request"
    assert theirs.reports.get().contact_email == ADDRESS  # ada does not administer it

    again = cli("reader", "erase", ADDRESS, "--as", "ada")
    assert again.exit_code == 0
    assert "Erased: 0 report(s)," in again.output
    assert models.ReaderRequest.objects.filter(kind="erase", channel="cli").count() == 2


def test_erase_with_texts_empties_the_readers_words(cli: Invoke, cases: tuple) -> None:
    mine, _theirs = cases
    assert cli("reader", "erase", ADDRESS, "--as", "ada", "--with-texts").exit_code == 0
    assert not mine.reports.filter(comment="Mon commentaire").exists()
    assert mine.reports.filter(comment="Pas le mien").exists()


def test_refusals_are_clean(cli: Invoke, cases: tuple) -> None:
    assert refused(cli("reader", "export", "nope", "--as", "ada"), "EMAIL")
    assert refused(cli("reader", "export", ADDRESS, "--as", "ghost"), "--as")
    assert refused(cli("reader", "erase", ADDRESS, "--as", "ada", "--site", "nowhere"), "--site")
    editor = cli("reader", "erase", ADDRESS, "--as", "claire")
    assert editor.exit_code == 1
    assert "administrator" in editor.output
    other_site = cli("reader", "erase", ADDRESS, "--as", "ada", "--site", "gazette")
    assert other_site.exit_code == 1
    assert "No such site" in other_site.output
    assert models.Report.objects.filter(contact_email=ADDRESS).count() == 2
    assert not models.ReaderRequest.objects.exists()


def test_purge_contacts_covers_open_cases_and_ip_hashes(cli: Invoke, site: models.Site) -> None:
    article = hosted_article(site)
    stale = open_case(article, reports=[{"contact_email": "old@example.org", "ip_hash": "a" * 64}])
    fresh = open_case(article, quote="", reports=[{"contact_email": "new@example.org"}])
    stale.reports.update(created_at=timezone.now() - timedelta(days=91))

    dry = cli("purge-contacts", "--dry-run")
    assert dry.exit_code == 0
    assert "1 reader email(s) and 1 IP hash(es) would be erased." in dry.output
    assert stale.reports.get().contact_email == "old@example.org"

    done = cli("purge-contacts")
    assert "1 reader email(s) and 1 IP hash(es) erased." in done.output
    assert (stale.reports.get().contact_email, stale.reports.get().ip_hash) == ("", "")
    assert fresh.reports.get().contact_email == "new@example.org"

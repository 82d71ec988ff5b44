"""`errata case reattach`: the service the desk and the API call, from the shell."""

from __future__ import annotations

import pytest

from errata import models
from tests.functional.desk.cases import hosted_article, member, open_case
from tests.unit.cli.conftest import Invoke, refused

pytestmark = pytest.mark.django_db


def test_an_orphan_is_re_attached_from_the_shell(site: models.Site, cli: Invoke) -> None:
    case = open_case(hosted_article(site))
    case.anchor_state = models.AnchorState.ORPHANED
    case.save(update_fields=["anchor_state"])
    user = member(site, username="claire")
    passage = case.version.text[5:25]

    result = cli(
        "case", "reattach", case.reference, "--as", "claire",
        "--passage", passage, "--start", "5", "--reason", "Le bon passage.",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    case.refresh_from_db()
    assert (case.anchor_state, case.anchor_start, case.anchor_end) == ("anchored", 5, 25)
    event = case.events.get(kind=models.CaseEventKind.REATTACHED)
    assert (event.actor, event.note) == (user, "Le bon passage.")


def test_the_reason_is_required(site: models.Site, cli: Invoke) -> None:
    case = open_case(hosted_article(site))
    member(site, username="claire")
    result = cli("case", "reattach", case.reference, "--as", "claire", "--passage", "x")
    assert refused(result, "--reason")

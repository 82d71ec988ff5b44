"""Deleting the WordPress plugin removes what it stored, and keeps the revisions it made.

In a module of its own: it gets its own WordPress (the fixture is per module), since the
plugin is gone afterwards.
"""

from __future__ import annotations

import pytest

from errata.services import cases
from tests.functional.desk.cases import member, open_case
from tests.integrations.conftest import Newsroom
from tests.integrations.test_wordpress import BUDGET, pushed

pytestmark = [pytest.mark.wordpress, pytest.mark.django_db(transaction=True)]


def test_uninstalling_removes_options_meta_and_events_and_keeps_errata_s_revisions(
    newsroom: Newsroom,
) -> None:
    wp = newsroom.wordpress
    post = wp.publish("Lyon adopte son budget", BUDGET, meta={"errata_language": "fr"})
    case = open_case(pushed(newsroom, post["id"]), quote="1,2 milliard")
    cases.accept(member(newsroom.site), case, kind="correction", passage_after="1,3 milliard")
    before = wp.post(post["id"])
    assert before["meta"]["_errata_notices"]
    errata_user = before["errata_user"]

    left = wp.php("uninstall")

    assert left == {"options": [], "meta": [], "cron": [], "errata_user_roles": []}
    after = wp.post(post["id"])
    assert after["content"] == before["content"]
    assert not after["meta"]  # PHP writes an empty map as []
    assert [r["author"] for r in after["revisions"]] == [r["author"] for r in before["revisions"]]
    assert after["revisions"][-1]["author"] == errata_user

"""Fixtures for the desk's HTTP tests: two sites, their people, a case, API tokens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from errata import models
from tests import factories
from tests.functional.desk.cases import hosted_article, member, open_case


@dataclass
class Newsroom:
    site: models.Site
    other_site: models.Site
    editor: Any
    admin: Any
    outsider: Any  # an editor of the other site only
    case: models.Case
    editor_token: str
    outsider_token: str


@pytest.fixture
def newsroom(site: models.Site) -> Newsroom:
    other_site = factories.SiteFactory(slug="gazette")
    editor = member(site, username="claire")
    outsider = member(other_site, username="olivier")
    models.ApiKey.issue(site, "CMS")
    case = open_case(
        hosted_article(site),
        reports=[{"contact_email": "lectrice@example.org", "comment": "<script>alert(1)</script>"}],
    )
    return Newsroom(
        site=site,
        other_site=other_site,
        editor=editor,
        admin=member(site, role="admin", username="ada"),
        outsider=outsider,
        case=case,
        editor_token=models.DeskToken.issue(editor, "script")[1],
        outsider_token=models.DeskToken.issue(outsider, "script")[1],
    )


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client

"""`errata createsite` and `errata createeditor`: rows written together or not at all."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from errata import models
from tests.functional.conftest import row_counts
from tests.unit.cli.conftest import Invoke, refused

pytestmark = pytest.mark.django_db

SITE_ARGS = ("createsite", "--slug", "courrier", "--name", "Le Courrier", "--language", "fr")


def test_createsite_prints_the_widget_tag_and_an_api_key_shown_once(cli: Invoke) -> None:
    result = cli(
        *SITE_ARGS,
        "--origin",
        "https://WWW.Courrier.example/politique/",
        "--origin",
        "https://www.courrier.example",
        "--origin",
        "http://localhost:3000",
    )

    assert result.exit_code == 0, result.output
    site = models.Site.objects.get(slug="courrier")
    assert (site.name, site.language) == ("Le Courrier", "fr")
    assert sorted(site.origins.values_list("origin", flat=True)) == [
        "http://localhost:3000",
        "https://www.courrier.example",
    ]
    assert (
        f'<script src="http://127.0.0.1:8000/widget.js" data-site="{site.public_key}" defer>'
        in result.output
    )
    raw_keys = re.findall(r"ek_[\w-]+", result.output)
    assert len(raw_keys) == 1
    key = models.ApiKey.authenticate(raw_keys[0])
    assert key is not None
    assert (key.site, key.name) == (site, "CMS")
    assert raw_keys[0] not in key.key_hash
    assert "shown only once" in result.output


def test_createsite_names_the_api_key(cli: Invoke) -> None:
    result = cli(*SITE_ARGS, "--origin", "https://courrier.example", "--api-key-name", "Wagtail")

    assert result.exit_code == 0, result.output
    assert models.ApiKey.objects.get().name == "Wagtail"


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (("--origin", "courrier.example"), "--origin"),
        (("--origin", "ftp://courrier.example"), "--origin"),
        (("--origin", "https://courrier.example", "--slug", "pas un slug"), "--slug"),
        (("--origin", "https://courrier.example", "--language", "français"), "--language"),
        (("--origin", "https://courrier.example", "--name", "x" * 201), "--name"),
        (("--origin", "https://courrier.example", "--api-key-name", ""), "--api-key-name"),
    ],
)
def test_createsite_refuses_bad_input_and_writes_nothing(
    cli: Invoke, args: tuple[str, ...], option: str
) -> None:
    before = row_counts()

    result = cli(*SITE_ARGS, *args)

    assert refused(result, option), result.output
    assert row_counts() == before


def test_createsite_refuses_a_slug_in_use(cli: Invoke, site: models.Site) -> None:
    before = row_counts()

    result = cli(
        "createsite", "--slug", site.slug, "--name", "Autre", "--origin", "https://a.example"
    )

    assert refused(result, "--slug"), result.output
    assert "already exists" in result.output
    assert row_counts() == before


def test_createsite_requires_an_origin(cli: Invoke) -> None:
    result = cli(*SITE_ARGS)

    assert refused(result, "--origin"), result.output


def test_createeditor_generates_a_password_that_signs_in(cli: Invoke, site: models.Site) -> None:
    result = cli("createeditor", "claire", "--site", site.slug, "--email", "claire@example.org")

    assert result.exit_code == 0, result.output
    password = re.search(r"Password: (\S+)", result.output)
    assert password is not None
    user = get_user_model().objects.get(username="claire")
    assert user.check_password(password.group(1))
    assert (user.is_staff, user.is_superuser, user.email) == (False, False, "claire@example.org")
    membership = models.Membership.objects.get(user=user)
    assert (membership.site, membership.role) == (site, models.Membership.Role.EDITOR)
    assert "shown only once" in result.output


def test_createeditor_reads_the_password_from_stdin(cli: Invoke, site: models.Site) -> None:
    result = cli(
        "createeditor",
        "claire",
        "--site",
        site.slug,
        "--admin",
        "--password-stdin",
        input="un mot de passe solide 2025\n",
    )

    assert result.exit_code == 0, result.output
    assert "Password:" not in result.output
    user = get_user_model().objects.get(username="claire")
    assert user.check_password("un mot de passe solide 2025")
    assert models.Membership.objects.get(user=user).role == models.Membership.Role.ADMIN


def test_createeditor_on_an_unknown_site_says_so(cli: Invoke, site: models.Site) -> None:
    before = row_counts()
    users = get_user_model().objects.count()

    result = cli("createeditor", "claire", "--site", "nowhere")

    assert refused(result, "--site"), result.output
    assert "no site with slug 'nowhere'" in result.output
    assert site.slug in result.output  # the known sites are listed
    assert row_counts() == before
    assert get_user_model().objects.count() == users


@pytest.mark.parametrize(
    ("args", "stdin", "option"),
    [
        (("--password-stdin",), "1234\n", "--password-stdin"),
        (("--email", "not-an-email"), None, "--email"),
        (("--password-stdin",), "\n", "--password-stdin"),
    ],
)
def test_createeditor_refuses_bad_input_and_writes_nothing(
    cli: Invoke, site: models.Site, args: tuple[str, ...], stdin: str | None, option: str
) -> None:
    before = row_counts()

    result = cli("createeditor", "claire", "--site", site.slug, *args, input=stdin)

    assert refused(result, option), result.output
    assert row_counts() == before
    assert not get_user_model().objects.filter(username="claire").exists()


def test_createeditor_refuses_a_username_in_use(cli: Invoke, site: models.Site) -> None:
    assert cli("createeditor", "claire", "--site", site.slug).exit_code == 0
    before = row_counts()

    result = cli("createeditor", "claire", "--site", site.slug)

    assert refused(result, "USERNAME"), result.output
    assert row_counts() == before

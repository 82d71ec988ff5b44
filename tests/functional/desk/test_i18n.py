"""The desk speaks French or English: from the browser, or as the editor chooses.

The catalogue is compiled here (`compilemessages`, GNU gettext's msgfmt) exactly as
`make` does before serving, so the test reads the same .mo the desk will.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from django.utils.translation import trans_real

import errata
from errata import models
from errata.desk import throttle
from tests.functional.desk.cases import hosted_article, member, open_case
from tests.functional.desk.conftest import signed_in
from tests.unit.intake import builders

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogue() -> Iterator[None]:
    assert shutil.which("msgfmt"), "GNU gettext (msgfmt) is needed: apt-get install gettext"
    # compilemessages compiles every locale/ folder under the working directory: only
    # errata's, not the virtualenv's.
    here = Path.cwd()
    os.chdir(Path(errata.__file__).parent)
    try:
        call_command("compilemessages", locale=["fr"], verbosity=0)
    finally:
        os.chdir(here)
    trans_real._translations.clear()
    yield
    trans_real._translations.clear()


@pytest.fixture(autouse=True)
def _back_to_the_default_language() -> Iterator[None]:
    # Requests activate the browser's language in this thread and leave it active.
    yield
    translation.deactivate()


@pytest.fixture
def editor(site: models.Site) -> Any:
    return member(site, username="claire")


def test_the_browser_language_is_the_default(site: models.Site, editor: Any) -> None:
    case = open_case(hosted_article(site))
    client = signed_in(editor)

    french = client.get("/desk/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9").content.decode()
    assert '<html lang="fr">' in french
    assert "Se déconnecter" in french
    assert "Erreur factuelle" in french  # a model's TextChoices label

    english = client.get("/desk/", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    assert "Sign out" in english
    assert "Factual error" in english

    page = client.get(f"/desk/{site.slug}/cases/{case.reference}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert "Accepter et publier un rectificatif" in page.content.decode()


def test_the_editor_chooses_the_language(editor: Any) -> None:
    client = signed_in(editor)
    response = client.post("/desk/language/", {"language": "fr", "next": "/desk/"})
    assert response.status_code == 302
    page = client.get("/desk/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Se déconnecter" in page


def test_the_login_throttle_speaks_french(site: models.Site) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    for _ in range(throttle.MAX_FAILURES + 1):
        response = client.post("/desk/login/", {"username": "x", "password": "y"})
    assert response.status_code == 429
    assert "Trop de tentatives échouées" in response.content.decode()


def test_findings_spam_and_priority_reasons_are_shown_in_french(
    site: models.Site, editor: Any
) -> None:
    article = hosted_article(site)
    models.ArticleVersion.objects.filter(article=article).update(
        text=article.latest_version().text.replace("budget", "bugdet", 1)  # type: ignore[union-attr]
    )
    case = builders.case(
        site,
        "bugdet",
        ip="192.0.2.7",
        url=article.url,
        lang="fr",
        category="typo",
        comment="voir http://x.example",
        suggestion="budget",
    )
    page = signed_in(editor).get(
        f"/desk/{site.slug}/cases/{case.reference}/", HTTP_ACCEPT_LANGUAGE="fr"
    )
    html = page.content.decode()

    assert "<b>orthographe</b> : confirmé" in html or "<b>orthographe</b>: confirmé" in html
    assert "« bugdet » : faute d&#x27;orthographe" in html
    assert "La proposition « budget » la corrige." in html
    assert "liens : 1" in html
    assert "faute d&#x27;orthographe confirmée +5" in html
    assert "misspelled (" not in html
    assert "fixes it" not in html


def test_the_french_catalogue_is_complete() -> None:
    po = Path(errata.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    # An untranslated entry ends with an empty msgstr (a translation spread over lines
    # starts with msgstr "" too, but its last line is the text).
    untranslated = [
        entry
        for entry in text.split("\n\n")[1:]
        if entry.strip().splitlines()[-1].startswith("msgstr") and entry.strip().endswith('""')
    ]
    assert untranslated == []

"""`errata import`: trafilatura's extraction, errata's text rule, and every refusal."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from errata import models
from tests import factories
from tests.functional.conftest import row_counts
from tests.unit.cli.conftest import IMPORT_FIXTURES, Invoke, refused

pytestmark = pytest.mark.django_db

BREST = str(IMPORT_FIXTURES / "port-de-brest.fr.html")
FERRY = str(IMPORT_FIXTURES / "harbour-ferry.en.html")
BREST_URL = "https://quotidien.example/economie/2025/03/04/port-de-brest-eolien"


@pytest.fixture
def fixture_server() -> Iterator[str]:
    """The fixture folder over HTTP on loopback: what `errata import URL` downloads."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(IMPORT_FIXTURES))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_import_stores_the_body_and_the_metadata(cli: Invoke, site: models.Site) -> None:
    result = cli("import", "--site", site.slug, BREST)

    assert result.exit_code == 0, result.output
    assert "(new article)" in result.output
    article = models.Article.objects.for_site(site).get()
    assert article.url == BREST_URL
    assert article.title == "Le port de Brest mise sur l'éolien en mer"
    assert article.language == "fr"
    assert article.published_at == datetime(2025, 3, 4, tzinfo=UTC)
    assert article.source == models.ArticleSource.IMPORT
    version = article.latest_version()
    assert version is not None
    assert version.source == models.VersionSource.IMPORT
    text = version.text
    assert "un investissement de 95 millions d'euros" in text
    # A <br> is a line break inside the paragraph, as the shared text rule says.
    assert "depuis trente ans », a déclaré Mme Kervella.\nLes travaux" in text
    for boilerplate in ("cookies", "Politique", "Lire aussi", "Commentaires", "Mentions"):
        assert boilerplate not in text


def test_importing_again_adds_a_version_only_when_the_text_changed(
    cli: Invoke, site: models.Site, tmp_path: Path
) -> None:
    assert cli("import", "--site", site.slug, BREST).exit_code == 0

    again = cli("import", "--site", site.slug, BREST)
    edited = tmp_path / "edited.html"
    edited.write_text(
        Path(BREST).read_text(encoding="utf-8").replace("400 emplois", "450 emplois"),
        encoding="utf-8",
    )
    changed = cli("import", "--site", site.slug, str(edited))

    assert "(text unchanged)" in again.output
    assert "(new version)" in changed.output, changed.output
    article = models.Article.objects.for_site(site).get()
    assert article.versions.count() == 2
    assert "450 emplois" in article.latest_version().text  # type: ignore[union-attr]


def test_a_dry_run_shows_the_article_and_writes_nothing(cli: Invoke, site: models.Site) -> None:
    before = row_counts()

    result = cli("import", "--site", site.slug, "--dry-run", BREST)

    assert result.exit_code == 0, result.output
    assert result.output.startswith("Dry run, nothing saved: «Le port de Brest")
    assert BREST_URL in result.output
    assert "published:  2025-03-04" in result.output
    assert row_counts() == before


def test_a_page_without_a_canonical_url_needs_url(cli: Invoke, site: models.Site) -> None:
    before = row_counts()

    refusal = cli("import", "--site", site.slug, FERRY)
    result = cli("import", "--site", site.slug, "--url", "https://quotidien.example/ferry", FERRY)

    assert refused(refusal, "--url"), refusal.output
    assert "declares no canonical URL" in refusal.output
    assert result.exit_code == 0, result.output
    assert row_counts() != before
    article = models.Article.objects.for_site(site).get()
    assert article.url == "https://quotidien.example/ferry"
    assert article.language == "en-GB"
    assert article.title == "Island ferry timetable to be cut for winter & spring"
    assert article.published_at == datetime(2025, 1, 20, tzinfo=UTC)


def test_an_article_outside_the_sites_origins_is_refused(cli: Invoke, site: models.Site) -> None:
    before = row_counts()

    result = cli("import", "--site", site.slug, "--url", "https://elsewhere.example/a", BREST)

    assert refused(result, "--url"), result.output
    assert "https://quotidien.example" in result.output  # the allowed origins are listed
    assert row_counts() == before


def test_a_url_is_downloaded_and_its_canonical_url_kept(
    cli: Invoke, site: models.Site, fixture_server: str
) -> None:
    address = f"{fixture_server}/port-de-brest.fr.html"

    guarded = cli("import", "--site", site.slug, address)
    result = cli("import", "--site", site.slug, "--allow-private-address", address)

    assert guarded.exit_code == 1
    assert "needs --allow-private-address" in guarded.output
    assert result.exit_code == 0, result.output
    assert models.Article.objects.for_site(site).get().url == BREST_URL


def test_a_downloaded_page_without_canonical_url_keeps_its_address(
    cli: Invoke, fixture_server: str
) -> None:
    site = factories.SiteFactory(origins=[fixture_server])
    address = f"{fixture_server}/harbour-ferry.en.html"

    result = cli("import", "--site", site.slug, "--allow-private-address", address)

    assert result.exit_code == 0, result.output
    assert models.Article.objects.for_site(site).get().url == address


def test_a_page_that_cannot_be_downloaded_fails_cleanly(
    cli: Invoke, site: models.Site, fixture_server: str
) -> None:
    result = cli(
        "import", "--site", site.slug, "--allow-private-address", f"{fixture_server}/missing.html"
    )

    assert result.exit_code == 1
    assert f"could not download {fixture_server}/missing.html: the server answered HTTP 404." in (
        result.output
    )
    assert "Traceback" not in result.output


def test_a_page_without_an_article_fails_cleanly(
    cli: Invoke, site: models.Site, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><title>Accueil</title></head><body></body></html>")
    before = row_counts()

    result = cli("import", "--site", site.slug, "--url", "https://quotidien.example/x", str(empty))

    assert result.exit_code == 1
    assert "found no article text" in result.output
    assert "Traceback" not in result.output
    assert row_counts() == before


def test_unknown_site_and_missing_file_are_refused(cli: Invoke, site: models.Site) -> None:
    unknown = cli("import", "--site", "nowhere", BREST)
    missing = cli("import", "--site", site.slug, "/no/such/page.html")

    assert refused(unknown, "--site"), unknown.output
    assert refused(missing, "PATH_OR_URL"), missing.output
    assert not models.Article.objects.exists()

"""`errata check-page FILE|URL`: what the widget will see on a page, and the guarded fetch
(only under the site's origins, no redirect out of them, no private address unless the
operator's network is allowed)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings

from errata import models
from tests import factories
from tests.unit.cli.conftest import Invoke, refused

pytestmark = pytest.mark.django_db

UD = Path(__file__).parents[2] / "fixtures" / "triage" / "ud-french-gsd" / "sentences.jsonl"
SENTENCES = ("fr-ud-dev_00507", "fr-ud-dev_00570", "fr-ud-dev_00809", "fr-ud-dev_01098")


def french_paragraphs() -> list[str]:
    rows = [json.loads(line) for line in UD.read_text(encoding="utf-8").splitlines()]
    by_id = {row["id"]: row["text"] for row in rows}
    # Then the first ten sentences of the treebank: an article longer than the trimmed view.
    return [by_id[sentence] for sentence in SENTENCES] + [row["text"] for row in rows[:10]]


def page(canonical: str = "http://quotidien.example/sante") -> str:
    """A French article declared English, a teaser <article> before the real one."""
    paragraphs = "".join(f"<p>{text}</p>" for text in french_paragraphs())
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">{link}'
        "<title>Santé</title></head><body>"
        '<nav><article class="teaser"><a href="/autre">À lire : la météo</a></article></nav>'
        '<div class="article-body"><h1>La santé des dirigeants</h1>'
        f"{paragraphs}</div><footer>Mentions légales</footer></body></html>"
    )


@pytest.fixture
def page_file(tmp_path: Path) -> Path:
    path = tmp_path / "article.html"
    path.write_text(page(), encoding="utf-8")
    return path


def test_a_file_shows_the_article_its_language_and_its_url(
    cli: Invoke, site: models.Site, page_file: Path
) -> None:
    site.article_selector = "div.article-body"
    site.save()

    result = cli("check-page", str(page_file), "--site", site.slug)

    assert result.exit_code == 0, result.output
    out = result.output
    assert "Article selector:  div.article-body" in out
    assert "div.article-body  [selector]" in out
    assert "declared en, detected fr" in out
    assert "errata uses:     fr" in out
    assert "Canonical URL:     http://quotidien.example/sante" in out
    assert "allowed:         yes, by same-host rule (URL rule same-host)" in out
    assert "stored as:       https://quotidien.example/sante" in out
    assert "La santé des dirigeants" in out  # the headline is reportable
    assert "la météo" not in out
    assert "--full shows all" in out
    assert french_paragraphs()[-1] not in out  # trimmed
    assert french_paragraphs()[-1] in cli("check-page", str(page_file), "--full").output


def test_the_declared_language_is_the_nearest_lang_above_the_article(
    cli: Invoke, tmp_path: Path
) -> None:
    # As the widget reads it (`root.closest("[lang]")`): an English page quoting a French
    # article in a block of its own declares French for that article.
    path = tmp_path / "quoted.html"
    path.write_text(
        page().replace('<div class="article-body">', '<div class="article-body" lang="fr-FR">')
    )

    result = cli("check-page", str(path))

    assert result.exit_code == 0, result.output
    assert "declared fr-FR, detected fr" in result.output


def test_a_file_with_a_url_the_site_refuses_says_what_to_fix(
    cli: Invoke, site: models.Site, tmp_path: Path
) -> None:
    path = tmp_path / "elsewhere.html"
    path.write_text(page("https://elsewhere.example/sante"), encoding="utf-8")

    result = cli("check-page", str(path), "--site", site.slug)

    assert result.exit_code == 0, result.output
    assert "allowed:         NO" in result.output
    assert "url-not-allowed" in result.output
    assert "errata site add-origin" in result.output


def test_without_site_nothing_is_checked_against_origins(cli: Invoke, page_file: Path) -> None:
    result = cli("check-page", str(page_file))

    assert result.exit_code == 0, result.output
    assert "allowed:         not checked (no --site)" in result.output
    assert "[score]" in result.output  # no selector: the widget's own scoring


def test_a_missing_file_and_a_url_without_site_are_refused(cli: Invoke) -> None:
    assert refused(cli("check-page", "/nonexistent/page.html"), "'FILE_OR_URL'")
    assert refused(cli("check-page", "https://quotidien.example/a"), "'--site'")


class Pages:
    """A loopback server: /article.html, /moved (same host), /away (to another host)."""

    def __init__(self) -> None:
        self.requested: list[str] = []
        pages = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                pages.requested.append(self.path)
                port = self.server.server_address[1]
                if self.path == "/moved":
                    self._redirect(f"http://127.0.0.1:{port}/article.html")
                elif self.path == "/away":
                    self._redirect(f"http://localhost:{port}/article.html")
                elif self.path == "/article.html":
                    body = page(f"http://127.0.0.1:{port}/article.html").encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                else:
                    self.send_error(404)

            def _redirect(self, location: str) -> None:
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def pages() -> Iterator[Pages]:
    served = Pages()
    yield served
    served.close()


@pytest.fixture
def loopback_allowed(settings: LazySettings) -> None:
    settings.ERRATA_OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]


def test_a_url_under_the_sites_origins_is_fetched(
    cli: Invoke, pages: Pages, loopback_allowed: None
) -> None:
    site = factories.SiteFactory(origins=[pages.origin])

    result = cli("check-page", f"{pages.origin}/moved", "--site", site.slug)

    assert result.exit_code == 0, result.output
    assert f"Redirected from {pages.origin}/moved" in result.output
    assert f"Page:              {pages.origin}/article.html" in result.output
    assert "allowed:         yes, by listed origin" in result.output
    assert "errata uses:     fr" in result.output
    assert pages.requested == ["/moved", "/article.html"]


def test_a_redirect_to_another_host_is_not_followed(
    cli: Invoke, pages: Pages, loopback_allowed: None
) -> None:
    site = factories.SiteFactory(origins=[pages.origin])

    result = cli("check-page", f"{pages.origin}/away", "--site", site.slug)

    assert refused(result, "'SOURCE'"), result.output
    assert "redirects to http://localhost:" in result.output
    assert pages.requested == ["/away"]  # the other host was never asked


def test_a_url_outside_the_sites_origins_is_not_fetched(
    cli: Invoke, pages: Pages, loopback_allowed: None, site: models.Site
) -> None:
    result = cli("check-page", f"{pages.origin}/article.html", "--site", site.slug)

    assert refused(result, "'SOURCE'"), result.output
    assert "not under the site's allowed origins (https://quotidien.example)" in result.output
    assert pages.requested == []


def test_a_loopback_address_is_refused_unless_the_operator_allows_it(
    cli: Invoke, pages: Pages
) -> None:
    site = factories.SiteFactory(origins=[pages.origin])

    result = cli("check-page", f"{pages.origin}/article.html", "--site", site.slug)

    assert result.exit_code == 1, result.output
    assert "private or local network" in result.output
    assert pages.requested == []

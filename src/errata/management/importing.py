"""`errata import`: one article from a publisher's page, extracted with trafilatura.

trafilatura finds the article's body in the page (leaving navigation, comments and
footers out) and reads its metadata: title, publication date (to the day) and canonical
URL. The body, as HTML, then goes through errata's text rule (`upsert_article(html=…)`),
so an imported text splits into paragraphs the way every other article's does. The
language comes from the page's `<html lang>`, which trafilatura does not report.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import trafilatura
from django.db import transaction
from trafilatura.settings import Document
from trafilatura.utils import load_html

from errata import __version__, outbound
from errata.models import Article, ArticleSource, Site, VersionSource
from errata.services.articles import Upserted, upsert_article

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_URL_LENGTH = Article._meta.get_field("url").max_length or 2000


class ImportRefused(Exception):
    """The caller's input cannot be imported as given; `hint` names the option to fix."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class ImportFailed(Exception):
    """The page could not be fetched, or holds no article errata can find."""


def fetch(url: str, *, allow_private_address: bool = False) -> bytes:
    """Download a page through errata's guarded client (`errata.outbound`): private and
    loopback addresses are refused unless the operator allows them, redirects are followed
    with each hop checked again, and the page may be at most `outbound.MAX_BYTES`."""
    try:
        answer = outbound.request(
            "GET",
            url,
            headers={"User-Agent": f"errata/{__version__} (import)"},
            follow_redirects=True,
            also_allow=outbound.EVERYWHERE if allow_private_address else (),
        )
    except outbound.BlockedAddress:
        raise ImportFailed(
            f"could not download {url}: it is on a private or local network "
            "(a private address needs --allow-private-address)."
        ) from None
    except outbound.OutboundError as error:
        raise ImportFailed(f"could not download {url}: {error.message}.") from None
    if answer.status != 200:
        raise ImportFailed(f"could not download {url}: the server answered HTTP {answer.status}.")
    return answer.body


def import_page(
    site: Site, page: str | bytes, *, url: str | None, fetched_from: str, dry_run: bool
) -> Upserted:
    """Extract the article in `page` and store it as an imported version of its URL.

    `url` (the caller's canonical URL) wins over the page's own `<link rel="canonical">`;
    a page fetched from the web falls back on the address it came from.
    """
    tree = load_html(page)
    if tree is None:
        raise ImportFailed(f"{fetched_from} is not an HTML page.")
    language = (tree.get("lang") or "").strip()
    metadata = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False)
    body = trafilatura.extract(page, output_format="html", include_comments=False)
    if not isinstance(metadata, Document) or not body:
        raise ImportFailed(f"trafilatura found no article text in {fetched_from}.")
    is_web = re.match(r"^https?://", fetched_from, re.IGNORECASE) is not None
    article_url = _article_url(site, url or metadata.url or (fetched_from if is_web else None))
    with transaction.atomic():
        try:
            upserted = upsert_article(
                site,
                url=article_url,
                source=ArticleSource.IMPORT,
                version_source=VersionSource.IMPORT,
                title=(metadata.title or "").strip()[:500],
                language=language if _LANGUAGE.match(language) else "",
                html=body,
                published_at=_day(metadata.date),
            )
        except ValueError as error:
            raise ImportFailed(f"no article text left in {fetched_from}: {error}.") from error
        if dry_run:
            transaction.set_rollback(True)
    return upserted


def _article_url(site: Site, candidate: str | None) -> str:
    if not candidate:
        raise ImportRefused("the page declares no canonical URL: give it with --url.", "'--url'")
    url = site.canonical_article_url(candidate)
    if not re.match(r"^https?://[^/\s]+", url) or len(url) > _URL_LENGTH:
        raise ImportRefused(f"{candidate!r} is not an http(s) URL.", "'--url'")
    if not site.allows_url(url):
        origins = ", ".join(site.origins.values_list("origin", flat=True)) or "none"
        raise ImportRefused(
            f"{url} is not on one of the site's origins ({origins}); give the article's URL "
            "on the site with --url, or add the origin to the site.",
            "'--url'",
        )
    return url


def _day(raw: str | None) -> datetime | None:
    """trafilatura dates an article to the day (YYYY-MM-DD); midnight UTC stands for it."""
    try:
        day = date.fromisoformat((raw or "")[:10])
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day, tzinfo=UTC)

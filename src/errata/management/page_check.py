"""`errata check-page`: what the widget will see on one page, worked out on the server.

The article is found by `errata.text.article.find`, the rule the widget applies to the
live page, with the site's article selector; the language is decided as errata decides it
for a report (`triage.language.article_language`: the text wins over `<html lang>` when
detection is confident); the canonical URL is the widget's (`<link rel="canonical">`, else
the page's address) and is checked against the site's origins by its URL rule.

A page is fetched only from under the site's allowed origins, through errata's guarded
client (`errata.outbound`: no private or loopback addresses unless the operator allows
their network), and a redirect is followed only while it stays under those origins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html
from lxml.etree import ParserError

from errata import __version__, outbound
from errata.models import Site, origin_of
from errata.text.article import ArticleFound, find
from errata.triage.language import article_language, detect

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE)


class PageRefused(Exception):
    """errata will not fetch this page; `hint` names the argument or option to change."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class PageFailed(Exception):
    """The page could not be fetched or read."""


@dataclass(frozen=True)
class Fetched:
    url: str  # where the page was finally read, after the redirects followed
    html: str
    redirects: tuple[str, ...]


@dataclass(frozen=True)
class PageCheck:
    site: Site | None
    address: str  # the page's own address: the URL fetched, "" for a file
    found: ArticleFound | None
    selector: str
    declared_language: str
    detected_language: str
    language: str  # what errata uses for the article: triage and the reply
    canonical: str  # the canonical URL the widget sends ("" when it cannot tell)
    canonical_source: str
    stored_url: str  # the article's identity on the site ("" when not allowed)
    allowed: bool | None  # None without a site, or for a file that declares no URL
    allowed_by: str  # "listed origin" or "same-host rule" when allowed


def decode(body: bytes, content_type: str = "") -> str:
    """The page's text, by the charset its answer or its `<meta>` declares, else UTF-8."""
    declared = re.search(r"charset=([A-Za-z0-9._:-]+)", content_type, re.IGNORECASE)
    sniffed = _CHARSET.search(body[:4096])
    for charset in (declared and declared.group(1), sniffed and sniffed.group(1).decode()):
        if charset:
            try:
                return body.decode(charset, errors="replace")
            except LookupError:
                continue
    return body.decode("utf-8", errors="replace")


def fetch(site: Site, url: str) -> Fetched:
    """Download `url`, allowed by the site, following only redirects that stay allowed."""
    allowed = site.allowed_origins()
    redirects: list[str] = []
    current = url
    while True:
        if not site.allows_url(current, allowed):
            where = "redirects to" if redirects else "is at"
            raise PageRefused(
                f"{url} {where} {current}, which is not under the site's allowed origins "
                f"({', '.join(sorted(allowed)) or 'none'}) by its URL rule «{site.url_rule}».",
                "'SOURCE'",
            )
        try:
            answer = outbound.request(
                "GET", current, headers={"User-Agent": f"errata/{__version__} (check-page)"}
            )
        except outbound.OutboundError as error:
            if error.status is not None and error.location and len(redirects) < 5:
                redirects.append(current)
                current = urljoin(current, error.location)
                continue
            raise PageFailed(f"could not download {current}: {error.message}.") from None
        if answer.status != 200:
            raise PageFailed(f"could not download {current}: the server answered {answer.status}.")
        html = decode(answer.body, answer.headers.get("content-type", ""))
        return Fetched(url=current, html=html, redirects=tuple(redirects))


def _declared(html: str, address: str) -> tuple[str, str, str]:
    """`<html lang>` (the page's language, used when no article is found), and the canonical
    URL with where it came from, as the widget reads them."""
    try:
        document = lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return "", "", "none"
    language = (document.get("lang") or "").strip()
    for link in document.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            href = link.get("href", "").strip()
            return language, urljoin(address, href) if address else href, '<link rel="canonical">'
    if address:
        return language, address.split("#")[0], "the page's address (no canonical link)"
    return language, "", 'none (a file without <link rel="canonical">)'


def check(html: str, *, site: Site | None, address: str = "") -> PageCheck:
    """What the widget sees on the page `html` served at `address` ("" for a file)."""
    selector = site.article_selector if site is not None else ""
    found = find(html, selector=selector)
    declared, canonical, source = _declared(html, address)
    if found is not None:
        declared = found.language  # the nearest `lang` above the article, as the widget reads it
    text = found.text if found is not None else ""
    fallback = site.language if site is not None else ""
    stored, allowed, allowed_by = "", None, ""
    if site is not None and re.match(r"^https?://[^/\s]+", canonical):
        origins = site.allowed_origins()
        allowed = site.allows_url(canonical, origins)
        if allowed:
            stored = site.canonical_article_url(canonical, origins)
            listed = origin_of(canonical) in origins
            allowed_by = "listed origin" if listed else "same-host rule"
    elif site is not None and canonical:
        allowed = False
    return PageCheck(
        site=site,
        address=address,
        found=found,
        selector=selector,
        declared_language=declared,
        detected_language=detect(text),
        language=article_language(declared, text, fallback),
        canonical=canonical,
        canonical_source=source,
        stored_url=stored,
        allowed=allowed,
        allowed_by=allowed_by,
    )

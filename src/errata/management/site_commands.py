"""`errata site …` (a site's setup from the shell) and `errata check-page`.

The site commands call the same service functions as the desk's site administration
(`errata.services.site_setup`), as the operator who has the server's shell: each change is
in the site's audit of setup changes under the operator's login name, through the command
line. Registered on the `errata` group in `errata.cli`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click

TRIMMED = 600  # characters of the article's text shown without --full


def _site(slug: str, hint: str = "'SLUG'") -> Any:
    from errata.models import Site

    site = Site.objects.filter(slug=slug).first()
    if site is None:
        known = ", ".join(Site.objects.values_list("slug", flat=True)) or "none yet"
        raise click.BadParameter(
            f"no site with slug {slug!r} (known: {known}); create it with `errata createsite`.",
            param_hint=hint,
        )
    return site


def _run(action: Any, *args: Any, hint: str) -> Any:
    from errata.errors import Problem
    from errata.models import SiteChangeChannel

    try:
        return action(None, *args, channel=SiteChangeChannel.CLI)
    except Problem as problem:
        if problem.status == 422:
            raise click.BadParameter(problem.detail, param_hint=hint) from problem
        raise click.ClickException(problem.detail) from problem


@click.group("site")
def site_group() -> None:
    """See and change a site's setup: allowed origins, article selector, URL rule.

    Each change is recorded in the site's audit of setup changes (shown by `errata site
    show` and on the desk's site administration page) under your login name. The same
    settings are on the desk, at /desk/SLUG/admin/. See "Put errata on your site" in
    docs/widget.md.
    """


@site_group.command("list")
def list_sites() -> None:
    """List the sites: slug, name, language, URL rule and allowed origins."""
    from errata.models import Site

    sites = list(Site.objects.prefetch_related("origins").order_by("slug"))
    if not sites:
        click.echo("No site yet; create one with `errata createsite`.")
    for site in sites:
        origins = ", ".join(sorted(o.origin for o in site.origins.all())) or "no origin"
        click.echo(f"{site.slug}  «{site.name}»  {site.language}  {site.url_rule}  {origins}")


@site_group.command("show")
@click.argument("slug")
def show_site(slug: str) -> None:
    """Show a site's setup, its widget tag and its latest setup changes."""
    from django.conf import settings

    from errata.services.site_setup import recent_changes

    site = _site(slug)
    origins = sorted(site.allowed_origins())
    click.echo(f"«{site.name}» (slug {site.slug}), articles in {site.language}")
    click.echo(f"  public key:        {site.public_key}")
    click.echo(
        f'  widget tag:        <script src="{settings.ERRATA_PUBLIC_URL}/widget.js" '
        f'data-site="{site.public_key}" defer></script>'
    )
    click.echo(f"  allowed origins:   {', '.join(origins) or 'none: every report is refused'}")
    click.echo(f"  URL rule:          {site.url_rule} ({site.get_url_rule_display()})")
    click.echo(f"  article selector:  {site.article_selector or '(none: the widget decides)'}")
    changes = recent_changes(site, limit=10)
    if changes:
        click.echo("Latest setup changes:")
    for change in changes:
        when = change.created_at.strftime("%Y-%m-%d %H:%M")
        click.echo(
            f"  {when}  {change.actor_name} ({change.channel})  {change.setting}: "
            f"{change.old_value or '—'} → {change.new_value or '—'}"
        )


@site_group.command("add-origin")
@click.argument("slug")
@click.argument("origin", metavar="URL")
def add_origin(slug: str, origin: str) -> None:
    """Allow pages on URL's origin (scheme://host[:port]) to send reports.

    Add the origin the article pages are served from, and the origin of their canonical
    URL (`<link rel="canonical">`) when it differs and the URL rule does not cover it.
    """
    from errata.services import site_setup

    site = _site(slug)
    allowed, created = _run(site_setup.add_origin, site, origin, hint="'URL'")
    click.echo(
        f"{allowed.origin} is now allowed on «{site.name}»."
        if created
        else f"{allowed.origin} was already allowed on «{site.name}»; nothing changed."
    )


@site_group.command("remove-origin")
@click.argument("slug")
@click.argument("origin", metavar="URL")
def remove_origin(slug: str, origin: str) -> None:
    """Stop allowing URL's origin. Without any origin, every report is refused."""
    from errata.services import site_setup

    site = _site(slug)
    _run(site_setup.remove_origin, site, origin, hint="'URL'")
    click.echo(f"{origin} is no longer allowed on «{site.name}».")
    if not site.origins.exists():
        click.secho(
            "The site has no allowed origin left: reports are refused (site-not-configured).",
            fg="yellow",
        )


@site_group.command("set-selector")
@click.argument("slug")
@click.argument("selector")
def set_selector(slug: str, selector: str) -> None:
    """Set the CSS selector of the article's container on the site's pages.

    The widget tries it right after `[data-errata-article]`; "" removes it and the widget
    decides by itself. Check the result on a real page with `errata check-page`.
    """
    from errata.services import site_setup

    site = _site(slug)
    change = _run(site_setup.set_article_selector, site, selector, hint="'SELECTOR'")
    shown = site.article_selector or "(none)"
    click.echo(f"Article selector of «{site.name}»: {shown}{'' if change else ' (unchanged)'}.")


@site_group.command("set-url-rule")
@click.argument("slug")
@click.argument("rule", type=click.Choice(["same-host", "exact"]))
def set_url_rule(slug: str, rule: str) -> None:
    """Which article URLs the site accepts besides its exact origins.

    same-host: http and https, www. and bare forms of an allowed origin's host are
    accepted, and stored under the allowed origin, so both land on one article. exact:
    only the listed origins (decision 18).
    """
    from errata.services import site_setup

    site = _site(slug)
    change = _run(site_setup.set_url_rule, site, rule, hint="'RULE'")
    click.echo(f"URL rule of «{site.name}»: {site.url_rule}{'' if change else ' (unchanged)'}.")


@click.command("check-page")
@click.argument("source", metavar="FILE_OR_URL")
@click.option(
    "--site",
    "site_slug",
    metavar="SLUG",
    help="The page's site: its article selector, URL rule and origins. Required for a URL.",
)
@click.option("--full", is_flag=True, help="Show the article's whole text, not its start.")
def check_page(source: str, site_slug: str | None, full: bool) -> None:
    """Show what the widget will see on a page: the article, its language, its URL.

    The article found and why, its text, the declared and detected languages (the text
    wins when detection is sure), the canonical URL and whether the site accepts it, and
    the article selector in effect. A URL is fetched only under the site's allowed origins,
    through errata's guarded client (no private or loopback address, see
    ERRATA_OUTBOUND_ALLOWED_NETWORKS), following no redirect out of those origins.
    """
    from errata.management.page_check import PageFailed, PageRefused, check, decode, fetch

    site = _site(site_slug, "'--site'") if site_slug else None
    address = ""
    try:
        if re.match(r"^https?://", source, re.IGNORECASE):
            if site is None:
                raise click.BadParameter(
                    "a URL is fetched only under a site's allowed origins: give --site.",
                    param_hint="'--site'",
                )
            fetched = fetch(site, source)
            html, address = fetched.html, fetched.url
            for hop in fetched.redirects:
                click.echo(f"Redirected from {hop}")
        elif Path(source).is_file():
            html = decode(Path(source).read_bytes())
        else:
            raise click.BadParameter(f"no file at {source}.", param_hint="'FILE_OR_URL'")
    except PageRefused as refusal:
        raise click.BadParameter(refusal.message, param_hint=refusal.hint) from refusal
    except PageFailed as failure:
        raise click.ClickException(str(failure)) from failure
    _show(check(html, site=site, address=address), full)


def _show(result: Any, full: bool) -> None:
    site, found = result.site, result.found
    click.echo(f"Page:              {result.address or '(a file)'}")
    if site is not None:
        click.echo(f"Site:              «{site.name}» ({site.slug})")
    selector = result.selector or "(none)" if site is not None else "(no --site)"
    click.echo(f"Article selector:  {selector}")
    if found is None:
        click.echo("Article:           none: the page has no body the widget can read.")
    else:
        click.echo(f"Article:           {found.description}  [{found.evidence}]")
        click.echo(f"  why:             {found.reason}")
    declared = result.declared_language or "(none)"
    detected = result.detected_language or "(cannot tell)"
    click.echo(f"Language:          declared {declared}, detected {detected}")
    click.echo(f"  errata uses:     {result.language or '(unknown)'}")
    click.echo(f"Canonical URL:     {result.canonical or '(none)'}")
    click.echo(f"  from:            {result.canonical_source}")
    if result.allowed is None:
        why = "no --site" if site is None else "the widget sends the address it is served at"
        click.echo(f"  allowed:         not checked ({why})")
    elif result.allowed:
        click.echo(f"  allowed:         yes, by {result.allowed_by} (URL rule {site.url_rule})")
        click.echo(f"  stored as:       {result.stored_url}")
    else:
        origins = ", ".join(sorted(site.allowed_origins())) or "none"
        click.secho(
            f"  allowed:         NO: not under the allowed origins ({origins}) by the URL "
            f"rule {site.url_rule}. Reports from this page are refused (url-not-allowed): "
            "add its origin with `errata site add-origin`.",
            fg="red",
        )
    if found is None:
        return
    text = found.text
    paragraphs = text.count("\n\n") + 1 if text else 0
    click.echo(f"Text:              {len(text)} characters, {paragraphs} paragraphs")
    click.echo("")
    if full or len(text) <= TRIMMED:
        click.echo(text)
    else:
        click.echo(text[:TRIMMED].rstrip() + " …")
        click.echo(f"(--full shows all {len(text)} characters)")

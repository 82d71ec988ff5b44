"""`errata reader export|erase EMAIL`: one reader's data, on their request (GDPR).

The same service functions as the desk's "Readers' data" page (`errata.services.readers`),
acting as an account (--as): the sites it administers, or every site for a superuser (an
operator), narrowed with --site. Each request is in the audit of every site it covered.
Registered on the `errata` group in `errata.cli`.
"""

from __future__ import annotations

import json
from typing import Any

import click


@click.group("reader")
def reader_group() -> None:
    """Export or erase everything errata holds about one reader's email address.

    For requests under the GDPR (articles 15 and 17). Acts as an administrator of the
    sites concerned (--as USERNAME; a superuser covers every site); each request is
    recorded in the audit of every site it covered, with a keyed hash of the address,
    never the address. See docs/privacy.md.
    """


def _actor(username: str) -> Any:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise click.BadParameter("no active account has this username.", param_hint="'--as'")
    return user


def _site(slug: str | None) -> Any:
    if slug is None:
        return None
    from errata.cli import _site as site_by_slug

    return site_by_slug(slug)


def _run(action: Any, *args: Any, **kwargs: Any) -> Any:
    from errata.errors import Problem

    try:
        return action(*args, **kwargs)
    except Problem as problem:
        if problem.status == 422:
            raise click.BadParameter(problem.detail, param_hint="'EMAIL'") from problem
        raise click.ClickException(problem.detail) from problem


_as = click.option("--as", "username", required=True, metavar="USERNAME", help="Who acts.")
_site_option = click.option(
    "--site", "site_slug", default=None, metavar="SLUG", help="Only this site's data."
)


@reader_group.command("export")
@click.argument("email")
@_as
@_site_option
def export_reader(email: str, username: str, site_slug: str | None) -> None:
    """Print, as JSON, everything errata holds about EMAIL.

    The reports sent with this address (site, article, quote, comment, suggestion,
    dates, case reference and status) and the replies sent to it. Reports whose email
    was already purged or erased are no longer linked to the address and are not found.
    """
    from errata.models import ReaderRequestChannel
    from errata.services import readers

    actor, site = _actor(username), _site(site_slug)
    data = _run(readers.export, actor, email, site=site, channel=ReaderRequestChannel.CLI)
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@reader_group.command("erase")
@click.argument("email")
@_as
@_site_option
@click.option(
    "--with-texts",
    is_flag=True,
    help="Also empty the reader's comment and suggestion, when they identify the reader.",
)
def erase_reader(email: str, username: str, site_slug: str | None, with_texts: bool) -> None:
    """Erase EMAIL wherever errata stored it; safe to run again.

    The reports' contact and IP hash, and the address wherever a text quotes it
    (comments, page URLs, replies, notes of the case history); pending replies to it are
    abandoned. The reports stay, with the reader's comment and suggestion unless
    --with-texts (decide now: afterwards nothing links them to the address).
    """
    from errata.models import ReaderRequestChannel
    from errata.services import readers

    actor, site = _actor(username), _site(site_slug)
    done = _run(
        readers.erase,
        actor,
        email,
        site=site,
        texts=with_texts,
        channel=ReaderRequestChannel.CLI,
    )
    cases = f" (cases {', '.join(done.cases)})" if done.cases else ""
    click.echo(
        f"Erased: {done.reports} report(s){cases}, {done.replies} reply(ies), "
        f"{done.notes} note(s) of the case history, {done.mentions} other mention(s)."
    )

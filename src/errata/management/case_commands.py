"""`errata case …` and `errata purge-contacts`: the desk's actions from the shell.

The same service functions as the desk pages and /api/v1/cases, so the member's
permission is checked and every action lands in the case's history under their name.
Registered on the `errata` group in `errata.cli`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click


@click.command("purge-contacts")
@click.option("--dry-run", is_flag=True, help="Count what would be erased; erase nothing.")
def purge_contacts(dry_run: bool) -> None:
    """Erase readers' emails and IP hashes past their retention.

    An email is kept `contact_retention_days` (a site setting, default 90) after the
    report while its case is open, and as long after the case closes; an open case past
    that time keeps its reports but loses the contact. IP hashes are emptied
    ERRATA_IP_HASH_RETENTION_DAYS after the report. Run this command daily (cron, a
    systemd timer); with the task worker, errata also queues each case's purge of emails
    for the day they run out.
    """
    from django.db import transaction

    from errata.services import retention

    if dry_run:
        due = retention.count_due()
        click.echo(
            f"{due.contacts} reader email(s) and {due.ip_hashes} IP hash(es) would be erased."
        )
        return
    with transaction.atomic():
        done = retention.sweep()
    click.echo(f"{done.contacts} reader email(s) and {done.ip_hashes} IP hash(es) erased.")


@click.group("case")
def case_group() -> None:
    """Act on a case from the shell, as a member of its site (--as USERNAME).

    The same service functions as the desk and /api/v1/cases: the member's permission is
    checked and every action is in the case's history under their name.
    """


def _acting(username: str, reference: str, site_slug: str | None) -> tuple[Any, Any]:
    from django.contrib.auth import get_user_model

    from errata.errors import Problem
    from errata.services.permissions import case_for

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise click.BadParameter("no active account has this username.", param_hint="'--as'")
    try:
        return user, case_for(user, reference, site_slug)
    except Problem as problem:
        raise click.BadParameter(problem.detail, param_hint="REFERENCE") from problem


def _case_command(
    name: str, help_text: str, *options: Any
) -> Callable[[Callable[..., None]], click.Command]:
    """A `errata case NAME REFERENCE --as USER [--site SLUG] …` command around one action."""

    def register(action: Callable[..., None]) -> click.Command:
        @case_group.command(name, help=help_text)
        @click.argument("reference")
        @click.option("--as", "username", required=True, metavar="USERNAME", help="Who acts.")
        @click.option("--site", "site_slug", default=None, metavar="SLUG", help="The case's site.")
        @functools.wraps(action)
        def command(reference: str, username: str, site_slug: str | None, **values: Any) -> None:
            from errata.errors import Problem

            user, case = _acting(username, reference, site_slug)
            try:
                action(user, case, **values)
            except Problem as problem:
                # A wrong value is the caller's (exit 2); a refusal by the case's state, 1.
                if problem.status == 422:
                    raise click.UsageError(problem.detail) from problem
                raise click.ClickException(problem.detail) from problem
            case.refresh_from_db()
            click.echo(f"{case.reference}: {case.get_status_display()}")

        for option in options:
            command = option(command)
        return command

    return register


@_case_command("note", "Add an internal note.", click.option("--text", required=True))
def _note(user: Any, case: Any, text: str) -> None:
    from errata.services import cases

    cases.add_note(user, case, text)


@_case_command(
    "assign", "Assign the case (--to nobody: unassign).", click.option("--to", required=True)
)
def _assign(user: Any, case: Any, to: str) -> None:
    from django.contrib.auth import get_user_model

    from errata.services import cases

    assignee = None if to == "nobody" else get_user_model().objects.filter(username=to).first()
    if to != "nobody" and assignee is None:
        raise click.BadParameter("no account has this username.", param_hint="'--to'")
    cases.assign(user, case, assignee)


@_case_command(
    "accept",
    "Publish a correction with the new wording of the passage; the case is corrected.",
    click.option("--kind", default="correction", show_default=True),
    click.option("--wording", default="", help="The new wording of the passage."),
    click.option("--notice", default=None, help="The public notice (default: drafted)."),
)
def _accept(user: Any, case: Any, kind: str, wording: str, notice: str | None) -> None:
    from errata.services import cases

    cases.accept(user, case, kind=kind, passage_after=wording, notice=notice)


@_case_command(
    "decline",
    "Close the case without a correction.",
    click.option(
        "--reason",
        required=True,
        type=click.Choice(["not_an_error", "opinion", "out_of_scope", "cannot_verify"]),
    ),
    click.option("--note", default="", help="Internal note."),
)
def _decline(user: Any, case: Any, reason: str, note: str) -> None:
    from errata.services import cases

    cases.decline(user, case, reason, note)


@_case_command(
    "duplicate",
    "Close the case as a duplicate of another case of its site.",
    click.option("--of", "of_reference", required=True, metavar="REFERENCE"),
)
def _duplicate(user: Any, case: Any, of_reference: str) -> None:
    from errata.services import cases

    cases.mark_duplicate(user, case, of_reference)


@_case_command("spam", "Close the case as spam.")
def _spam(user: Any, case: Any) -> None:
    from errata.services import cases

    cases.mark_spam(user, case)


@_case_command("not-spam", "Put a case marked as spam back in the queue.")
def _not_spam(user: Any, case: Any) -> None:
    from errata.services import cases

    cases.mark_not_spam(user, case)


@_case_command("reopen", "Reopen a decided case (a published correction stays).")
def _reopen(user: Any, case: Any) -> None:
    from errata.services import cases

    cases.reopen(user, case)


@_case_command("apply-fix", "Publish the typo fix spelling verification confirmed.")
def _apply_fix(user: Any, case: Any) -> None:
    from errata.services import cases

    cases.apply_fix(user, case)


@_case_command("close-fixed", "Close a case the article's own edit fixed (re-anchoring found so).")
def _close_fixed(user: Any, case: Any) -> None:
    from errata.services import cases

    cases.close_fixed_by_edit(user, case)


@_case_command(
    "reattach",
    "Attach a case that lost its passage to a passage of the current text.",
    click.option("--passage", required=True, help="The passage, as in the current text."),
    click.option(
        "--start", type=click.IntRange(min=0), default=None, help="Its offset (code points)."
    ),
    click.option("--reason", required=True, help="Why this passage (kept in the history)."),
)
def _reattach(user: Any, case: Any, passage: str, start: int | None, reason: str) -> None:
    from errata.services import cases

    cases.reattach(user, case, passage=passage, start=start, reason=reason)

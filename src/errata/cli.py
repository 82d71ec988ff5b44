"""The `errata` command: serve, prepare the database, load the demo, add sites, editors, articles.

Installed as a console script (`errata.cli:main`). Each command sets Django up with
`errata.conf.settings` first. docs/cli.md is generated from the commands' `--help` by
`errata docs`, and a test fails when it is stale. Bad input exits with status 2 and one
line saying what to fix, never a traceback; a failure that is not the caller's exits 1.
Django and errata's models are imported inside the commands: they need `django.setup()`,
which `main` runs before any command.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from errata.models import Site

EPILOG = (
    "Settings come from environment variables (docs/settings.md); without DATABASE_URL the "
    "database is SQLite in ERRATA_DATA_DIR (default: ./var)."
)
DOCS_WIDTH = 88
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


class _Errata(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        from django.db import OperationalError

        try:
            return super().invoke(ctx)
        except OperationalError as error:
            # No server at DATABASE_URL, a locked or unwritable SQLite file: say which.
            raise click.ClickException(f"the database is unavailable: {error}") from error


@click.group(cls=_Errata, epilog=EPILOG)
@click.version_option(package_name="errata")
def main() -> None:
    """errata: readers report errors in news articles, editors correct them.

    Try it with `errata demo`, then `errata serve`. For a publication: `errata migrate`,
    `errata createsite`, `errata createeditor`.
    """
    import django
    from django.core.exceptions import ImproperlyConfigured

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "errata.conf.settings")
    try:
        django.setup()
    except (ImproperlyConfigured, ValueError) as error:
        # A production secret missing or a malformed setting: one readable line.
        raise click.ClickException(str(error)) from error


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port."
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="gunicorn worker processes.",
)
@click.option(
    "--worker-class",
    type=click.Choice(["asgi", "gthread", "sync"]),
    default="asgi",
    show_default=True,
    help="gunicorn's worker: asgi (idle and slow clients cost a socket, not a worker), "
    "gthread (threads), or sync (only behind a buffering proxy); see decision 15.",
)
@click.option(
    "--threads",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Threads per worker that run requests (asgi and gthread).",
)
@click.option(
    "--no-worker",
    is_flag=True,
    help="Do not start the background task worker; run `python -m django task_worker` "
    "elsewhere (docs/operations.md).",
)
def serve(
    host: str, port: int, workers: int, worker_class: str, threads: int, no_worker: bool
) -> None:
    """Serve errata with gunicorn, and the background task worker beside it.

    Refuses to start while database migrations are pending (run `errata migrate` or
    `errata demo`). Collects the static files, runs gunicorn (access log
    on standard output) and, unless --no-worker, the task worker that sends emails and
    webhooks. Ctrl-C or SIGTERM stops both cleanly; on Linux they stop too if this
    command is killed.
    """
    from django.conf import settings
    from django.core.management import call_command

    from errata.management.serving import (
        gunicorn_command,
        pending_migrations,
        run_until_stopped,
        worker_command,
    )

    pending = pending_migrations()
    if pending:
        raise click.ClickException(
            f"{len(pending)} database migration(s) not applied yet, e.g. {pending[0]}. "
            "Run `errata migrate` (or `errata demo`) first."
        )
    call_command("collectstatic", interactive=False, verbosity=0)
    commands = {"web server": gunicorn_command(host, port, workers, worker_class, threads)}
    if not no_worker:
        commands["task worker"] = worker_command()
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"errata is serving at http://{shown}:{port}/ (Ctrl-C stops it)")
    public: str = settings.ERRATA_PUBLIC_URL
    if public not in {f"http://{shown}:{port}", f"http://localhost:{port}"}:
        click.echo(f"Links and the widget's script tag point to ERRATA_PUBLIC_URL: {public}")
    raise SystemExit(run_until_stopped(commands, multiprocess_metrics=workers > 1))


@main.command()
def migrate() -> None:
    """Create or update the database tables (Django's `migrate`)."""
    from django.core.management import call_command

    call_command("migrate", interactive=False)


@main.command()
def demo() -> None:
    """Prepare the database and load the demo site.

    The demo is a site, two hosted articles (French and English) and an editor. Safe to
    run again: articles keep their versions and reports; the editor's password is reset
    and printed each time.
    """
    from django.conf import settings
    from django.core.management import call_command

    from errata.demo import load_demo
    from errata.management.serving import pending_migrations

    pending = pending_migrations()
    call_command("migrate", interactive=False, verbosity=0)
    click.echo(f"Database ready ({len(pending)} migration(s) applied).")
    loaded = load_demo()
    base = settings.ERRATA_PUBLIC_URL
    click.echo(f"Demo site «{loaded.site.name}» (slug {loaded.site.slug}) is ready.")
    click.echo(f"  public key:    {loaded.site.public_key}")
    click.echo(f"  home page:     {base}/")
    for article in loaded.articles:
        click.echo(f"  article ({article.language}):  {article.url}")
    click.echo(f"  corrections:   {base}/corrections/{loaded.site.slug}/")
    click.echo(f"Editor login at {base}/desk/login/ (a new password each time `errata demo` runs):")
    click.echo(f"  username: {loaded.editor.get_username()}")
    click.echo(f"  password: {loaded.password}")


@main.command()
@click.option("--slug", required=True, help="Short name used in URLs, e.g. `quotidien`.")
@click.option("--name", required=True, help="The publication's name, as readers know it.")
@click.option(
    "--language", default="fr", show_default=True, help="Usual language of the articles (BCP 47)."
)
@click.option(
    "--origin",
    "origins",
    metavar="URL",
    multiple=True,
    required=True,
    help="Where the articles live, e.g. https://www.example.com (repeat for several). "
    "Only pages on these origins may send reports.",
)
@click.option(
    "--api-key-name", default="CMS", show_default=True, help="Name of the API key issued."
)
def createsite(
    slug: str, name: str, language: str, origins: tuple[str, ...], api_key_name: str
) -> None:
    """Create a site (one publication) and issue its first API key.

    Prints the site's public key and the widget's script tag for the article pages, then
    an API key for `PUT /api/v1/articles`, shown once: errata keeps only its hash.
    """
    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from errata.models import ApiKey, Site, SiteOrigin, origin_of

    if not _LANGUAGE.match(language):
        message = f"{language!r} is not a language code like fr or en-GB."
        raise click.BadParameter(message, param_hint="'--language'")
    for raw in origins:
        try:
            SiteOrigin(origin=origin_of(raw)).clean_fields(exclude=["site"])
        except ValidationError as error:
            message = f"{raw!r} is not an origin like https://www.example.com."
            raise click.BadParameter(message, param_hint="'--origin'") from error
    if not 0 < len(api_key_name) <= 100:
        raise click.BadParameter("between 1 and 100 characters.", param_hint="'--api-key-name'")
    site = Site(slug=slug, name=name, language=language)
    try:
        site.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        hint = f"'--{field}'" if field in {"slug", "name", "language"} else None
        raise click.BadParameter(" ".join(messages), param_hint=hint) from error
    with transaction.atomic():
        site.save()
        for origin in dict.fromkeys(origin_of(raw) for raw in origins):
            SiteOrigin.objects.create(site=site, origin=origin)
        key, raw_key = ApiKey.issue(site, api_key_name)
    click.echo(f"Site «{site.name}» created (slug {site.slug}).")
    click.echo(f"Public key: {site.public_key}")
    click.echo("Widget tag, to put in every article page:")
    click.echo(
        f'  <script src="{settings.ERRATA_PUBLIC_URL}/widget.js" '
        f'data-site="{site.public_key}" defer></script>'
    )
    click.echo(f"API key «{key.name}» for PUT /api/v1/articles:")
    click.echo(f"  {raw_key}")
    click.secho(
        "This key is shown only once: errata stores a hash of it. Copy it now.",
        fg="yellow",
        bold=True,
    )


@main.command()
@click.argument("username")
@click.option("--site", "site_slug", metavar="SLUG", required=True, help="The site to work on.")
@click.option("--admin", is_flag=True, help="Administrator of the site rather than editor.")
@click.option("--email", default="", help="The editor's email address.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input instead of generating one.",
)
def createeditor(
    username: str, site_slug: str, admin: bool, email: str, password_stdin: bool
) -> None:
    """Create an editor account with a role on one site.

    Without --password-stdin a password is generated and printed once. Editors sign in at
    /desk/login/.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from errata.models import Membership

    site = _site(site_slug)
    generated = not password_stdin
    password = secrets.token_urlsafe(12) if generated else sys.stdin.readline().rstrip("\r\n")
    user = get_user_model()(username=username, email=email)
    user.set_password(password)
    try:
        user.full_clean()
        validate_password(password, user)
    except ValidationError as error:
        field, hint = "password", "'--password-stdin'"
        if hasattr(error, "error_dict"):
            field = next(iter(error.message_dict))
            hint = {"username": "'USERNAME'", "email": "'--email'"}.get(field, hint)
        raise click.BadParameter(" ".join(error.messages), param_hint=hint) from error
    role = Membership.Role.ADMIN if admin else Membership.Role.EDITOR
    with transaction.atomic():
        user.save()
        Membership.objects.create(site=site, user=user, role=role)
    click.echo(f"{role.label} «{username}» created on «{site.name}»; sign in at /desk/login/.")
    if generated:
        click.echo(f"Password: {password}")
        click.secho("This password is shown only once.", fg="yellow", bold=True)


@main.command("import")
@click.argument("source", metavar="PATH_OR_URL")
@click.option("--site", "site_slug", metavar="SLUG", required=True, help="The article's site.")
@click.option(
    "--url",
    "canonical",
    metavar="URL",
    help="The article's canonical URL, when the page does not declare it.",
)
@click.option("--dry-run", is_flag=True, help="Show what would be stored; change nothing.")
@click.option(
    "--allow-private-address",
    is_flag=True,
    help="Allow downloading from a private or loopback address, e.g. an intranet CMS.",
)
def import_article(
    source: str, site_slug: str, canonical: str | None, dry_run: bool, allow_private_address: bool
) -> None:
    """Import one article from an HTML file or a URL.

    trafilatura extracts the body and the metadata (title, date, language, canonical URL);
    the body then goes through errata's text rule like every other article. Importing the
    same article again adds a version only when its text changed.
    """
    from errata.management.importing import ImportFailed, ImportRefused, fetch, import_page

    site = _site(site_slug)
    try:
        if re.match(r"^https?://", source, re.IGNORECASE):
            page: str | bytes = fetch(source, allow_private_address=allow_private_address)
        elif Path(source).is_file():
            page = Path(source).read_bytes()
        else:
            raise click.BadParameter(f"no file at {source}.", param_hint="'PATH_OR_URL'")
        upserted = import_page(site, page, url=canonical, fetched_from=source, dry_run=dry_run)
    except ImportRefused as refusal:
        raise click.BadParameter(refusal.message, param_hint=refusal.hint) from refusal
    except ImportFailed as failure:
        raise click.ClickException(str(failure)) from failure
    article, text = upserted.article, upserted.version.text
    outcome = (
        "new article"
        if upserted.article_created
        else ("new version" if upserted.version_created else "text unchanged")
    )
    click.echo(f"{'Dry run, nothing saved: ' if dry_run else ''}«{article.title}» ({outcome})")
    click.echo(f"  url:        {article.url}")
    click.echo(f"  language:   {article.language}")
    published = article.published_at.date().isoformat() if article.published_at else "unknown"
    click.echo(f"  published:  {published}")
    click.echo(f"  text:       {text.count(chr(10) * 2) + 1} paragraphs, {len(text)} characters")


@main.command()
@click.option(
    "--output-dir",
    default=Path("docs"),
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where cli.md and settings.md are written.",
)
def docs(output_dir: Path) -> None:
    """Regenerate docs/cli.md and docs/settings.md.

    docs/cli.md is every command's --help; docs/settings.md is the settings registry.
    """
    from errata.conf.registry import render_markdown

    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "cli.md").write_text(cli_reference(), encoding="utf-8")
    (output_dir / "settings.md").write_text(render_markdown(), encoding="utf-8")
    click.echo(f"Wrote {output_dir / 'cli.md'} and {output_dir / 'settings.md'}.")


def cli_reference() -> str:
    """docs/cli.md: the `--help` of `errata` and of each command, at a fixed width."""
    root = click.Context(main, info_name="errata", terminal_width=DOCS_WIDTH)
    root.max_content_width = DOCS_WIDTH
    sections = [
        "# Command-line reference",
        "",
        "<!-- Generated by `errata docs` (or `make docs`) from each command's --help: edit "
        "the help texts in src/errata/cli.py, not this file. -->",
        "",
        "errata installs one command, `errata`. It exits with status 0 on success, 2 when "
        "its input is wrong (the message names the option to fix) and 1 on any other "
        "failure. Its subcommands:",
        "",
        *(f"- [`errata {name}`](#errata-{name})" for name in main.list_commands(root)),
        "",
        "## errata",
        "",
        "```text",
        main.get_help(root),
        "```",
    ]
    for name in main.list_commands(root):
        command = main.get_command(root, name)
        assert command is not None
        context = click.Context(command, info_name=name, parent=root)
        sections += ["", f"## errata {name}", "", "```text", command.get_help(context), "```"]
        if isinstance(command, click.Group):
            for sub in command.list_commands(context):
                subcommand = command.get_command(context, sub)
                assert subcommand is not None
                sub_context = click.Context(subcommand, info_name=sub, parent=context)
                help_text = subcommand.get_help(sub_context)
                sections += ["", f"### errata {name} {sub}", "", "```text", help_text, "```"]
    return "\n".join(sections) + "\n"


def _site(slug: str) -> Site:
    from errata.models import Site

    site = Site.objects.filter(slug=slug).first()
    if site is None:
        known = ", ".join(Site.objects.values_list("slug", flat=True)) or "none yet"
        raise click.BadParameter(
            f"no site with slug {slug!r} (known: {known}); create it with `errata createsite`.",
            param_hint="'--site'",
        )
    return site


def _register_desk_commands() -> None:
    from errata.management.case_commands import case_group, purge_contacts
    from errata.management.reader_commands import reader_group
    from errata.management.site_commands import check_page, site_group

    main.add_command(purge_contacts)
    main.add_command(case_group)
    main.add_command(reader_group)
    main.add_command(site_group)
    main.add_command(check_page)


_register_desk_commands()

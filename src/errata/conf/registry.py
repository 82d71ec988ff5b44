"""Every setting errata reads from its environment, declared once with its default and help.

`conf/settings.py` reads values through `value()`; `docs/settings.md` is generated from
`SETTINGS` by `render_markdown()` (`errata docs`), and tests fail when a setting read
anywhere is not declared here or the document is stale. Secrets have no usable default in
production: `missing_in_production()` names every missing one, and settings.py refuses to
start with them instead of letting Django fall back silently.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def _bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected a boolean (true/false), got {raw!r}")


def _list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def _networks(raw: str) -> list[str]:
    networks = _list(raw)
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ValueError(f"expected networks such as 10.0.0.0/8, got {network!r}") from None
    return networks


def _positive_int(raw: str) -> int:
    try:
        number = int(raw)
    except ValueError:
        raise ValueError(f"expected a whole number, got {raw!r}") from None
    if number < 1:
        raise ValueError(f"expected 1 or more, got {number}")
    return number


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str
    secret: bool = False
    # In production a secret must come from the environment; its default is for development.
    required_in_production: bool = False

    @property
    def env(self) -> str:
        return self.name


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "ERRATA_ENV",
        "development",
        "`development` (debug pages, a fixed development secret) or `production` "
        "(DEBUG off; every secret must be set).",
    ),
    Setting(
        "ERRATA_SECRET_KEY",
        "development-only-secret-key-do-not-use-in-production",
        "Django's SECRET_KEY: signs sessions and one-click links. Required in production.",
        secret=True,
        required_in_production=True,
    ),
    Setting(
        "ERRATA_IP_HASH_SECRET",
        "development-only-ip-hash-secret",
        "Key of the keyed hash applied to readers' IP addresses (rotated daily by mixing in "
        "the date); raw addresses are never stored. Required in production.",
        secret=True,
        required_in_production=True,
    ),
    Setting(
        "ERRATA_IP_HASH_RETENTION_DAYS",
        7,
        "Days a report keeps the keyed hash of its reader's IP address; `errata "
        "purge-contacts` then empties it (docs/privacy.md). Spam checks read hashes of the "
        "last 24 hours only, and the key changes daily, so 1 is enough; the default leaves "
        "a week to look into a spam wave.",
        parse=_positive_int,
    ),
    Setting(
        "DATABASE_URL",
        "",
        "Database URL, e.g. `postgres://user@host:5432/errata`. Empty: SQLite (WAL mode) at "
        "`ERRATA_DATA_DIR/errata.sqlite3`.",
    ),
    Setting(
        "ERRATA_DATA_DIR",
        "var",
        "Folder for the SQLite database and other local state (relative to the working directory).",
    ),
    Setting(
        "ERRATA_ALLOWED_HOSTS",
        ["127.0.0.1", "localhost", "[::1]"],
        "Comma-separated host names errata answers to (Django's ALLOWED_HOSTS).",
        parse=_list,
    ),
    Setting(
        "ERRATA_PUBLIC_URL",
        "http://127.0.0.1:8000",
        "The public base URL of this errata instance, used in links, the widget tag and feeds.",
    ),
    Setting(
        "ERRATA_OUTBOUND_ALLOWED_NETWORKS",
        [],
        "Comma-separated networks (`10.1.2.0/24`, `fd00::/8`) that errata may reach although "
        "they are private or local, e.g. an internal CMS's webhook receiver. Empty: webhooks "
        "and imports reach public addresses only.",
        parse=_networks,
    ),
    Setting(
        "ERRATA_SERVE_THREADS",
        2,
        "Threads per server process that run requests (`errata serve --threads` sets it); "
        "connections themselves wait in the process's event loop (decision 15).",
        parse=int,
    ),
    Setting(
        "ERRATA_SSL_REDIRECT",
        True,
        "In production, redirect plain HTTP to HTTPS (except /healthz and /metrics). Behind a "
        "TLS proxy set ERRATA_TRUSTED_PROXY_COUNT so errata sees the original scheme; set "
        "false only when the proxy redirects itself.",
        parse=_bool,
    ),
    Setting(
        "ERRATA_HSTS_SECONDS",
        31_536_000,
        "In production, how long browsers must use HTTPS only (Strict-Transport-Security, "
        "with includeSubDomains); 0 turns it off.",
        parse=int,
    ),
    Setting(
        "ERRATA_CACHE_URL",
        "",
        "Cache for rate limits, e.g. `redis://127.0.0.1:6379/0`. Empty: the local-memory "
        "cache (fine for one process; use Redis with several workers).",
    ),
    Setting(
        "ERRATA_RATE_LIMIT_REPORTS",
        "10/10m",
        "Reports accepted per reader (hashed IP) and site, as `COUNT/WINDOW` with the window "
        "in s, m or h. `0/1s` disables the limit.",
    ),
    Setting(
        "ERRATA_RATE_LIMIT_ARTICLE",
        "300/1h",
        "Reports accepted per article from all readers together (same format).",
    ),
    Setting(
        "ERRATA_TRUSTED_PROXY_COUNT",
        0,
        "How many reverse proxies in front of errata append to X-Forwarded-For; 0 uses the "
        "socket's address.",
        parse=int,
    ),
    Setting(
        "ERRATA_EMAIL_URL",
        "",
        "Outgoing mail, `smtp://user:password@host:port` (use `smtp+tls://` for STARTTLS). "
        "Empty: mail is written to the console.",
        secret=True,
    ),
    Setting(
        "ERRATA_DEFAULT_FROM_EMAIL",
        "errata@localhost",
        "Sender address of replies to readers.",
    ),
    Setting(
        "ERRATA_LOG_LEVEL",
        "INFO",
        "Log level of errata's own loggers.",
    ),
    Setting(
        "ERRATA_TASK_LEASE_SECONDS",
        120,
        "How long a task worker may go without a heartbeat before the tasks it was running "
        "are released to be run again by another worker. Workers beat every quarter of it, "
        "whatever their task is doing; see docs/operations.md.",
        parse=_positive_int,
    ),
    Setting(
        "ERRATA_TASK_ATTEMPTS",
        3,
        "How many workers may claim one task: a task whose worker died that many times is "
        "marked failed (`errata.ops.leases.WorkerLost`) instead of being released again.",
        parse=_positive_int,
    ),
    Setting(
        "ERRATA_TASK_RESULTS_DAYS",
        14,
        "How many days a finished background task's record is kept (succeeded or failed; "
        "failed ones are what `errata_tasks_failed` counts). Task workers delete older "
        "records about once an hour, so the task table does not grow for ever.",
        parse=_positive_int,
    ),
    Setting(
        "ERRATA_METRICS_TOKEN",
        "",
        "When set, `/metrics` requires `Authorization: Bearer <token>`.",
        secret=True,
    ),
    Setting(
        "PROMETHEUS_MULTIPROC_DIR",
        "",
        "Folder shared by the worker processes of one server for Prometheus counters "
        "(set by `errata serve --workers N`; see docs/operations.md).",
    ),
)

_BY_NAME = {setting.name: setting for setting in SETTINGS}


def value(name: str) -> Any:
    """The setting's value from the environment, parsed, or its default."""
    setting = _BY_NAME[name]
    raw = os.environ.get(setting.env)
    if raw is None:
        return setting.default
    try:
        return setting.parse(raw)
    except ValueError as error:
        raise ValueError(f"{setting.env}: {error}") from error


def missing_in_production() -> list[str]:
    """Names of the secrets production needs that the environment does not set."""
    return [
        setting.env
        for setting in SETTINGS
        if setting.required_in_production and not os.environ.get(setting.env)
    ]


def _cell(text: str) -> str:
    # A table cell is one line, and a bare | would end it.
    return " ".join(text.split()).replace("|", "\\|")


def _default_cell(setting: Setting) -> str:
    if setting.required_in_production:
        return "*a development-only value*"
    default = setting.default
    if isinstance(default, list):
        default = ",".join(default)
    return f"`{_cell(str(default))}`" if str(default) else "*(empty)*"


def render_markdown() -> str:
    """docs/settings.md: every setting with its default, whether secret, and its help."""
    lines = [
        "# Settings",
        "",
        "<!-- Generated from src/errata/conf/registry.py by render_markdown(): edit the",
        "     registry, then `make docs` (or `python -m errata.conf.registry > docs/settings.md`). -->",
        "",
        "errata reads its configuration from environment variables only, each declared "
        "once in `src/errata/conf/registry.py`. With `ERRATA_ENV=production`, errata "
        "refuses to start while a setting marked *required in production* is unset, and "
        "names every missing one.",
        "",
        "| name | default | secret | required in production | help |",
        "| --- | --- | --- | --- | --- |",
    ]
    for setting in SETTINGS:
        lines.append(
            f"| `{setting.env}` | {_default_cell(setting)} | {'yes' if setting.secret else 'no'} "
            f"| {'yes' if setting.required_in_production else 'no'} | {_cell(setting.help)} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_markdown(), end="")

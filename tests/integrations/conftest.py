"""Fixtures for the tests against real CMSs: a WordPress per module, an errata site per test.

The errata side is the live server (`live_server`, SQLite or PostgreSQL as the suite
runs), reached by WordPress over loopback; errata reaches WordPress's webhook over
loopback too, allowed by `ERRATA_OUTBOUND_ALLOWED_NETWORKS` as an operator would for an
internal CMS. Webhook deliveries run as soon as their transaction commits.
"""

from __future__ import annotations

import base64
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from errata import models
from tests import factories
from tests.functional.desk.smtp import IMMEDIATE_TASKS
from tests.integrations.wordpress import WordPress, install

# PHP and its MariaDB driver are what the WordPress tests cannot do without.
REQUIRED = ("php", "phpunit", "phpcs")


@pytest.fixture(scope="module")
def wordpress(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WordPress]:
    missing = [tool for tool in REQUIRED if shutil.which(tool) is None]
    if missing or not Path("/usr/share/wordpress/wp-settings.php").exists():
        pytest.fail(
            f"WordPress's tests need Debian's wordpress, {', '.join(REQUIRED)}: "
            "`scripts/system-packages test` installs them (make test does)"
        )
    # The database account: `make wordpress-database` makes it (make test does).
    with install(tmp_path_factory.mktemp("wordpress") / "site") as site:
        yield site


@dataclass
class Newsroom:
    """errata's site for the WordPress, and what the plugin was configured with."""

    site: models.Site
    api_key: str
    secret: str
    wordpress: WordPress
    errata_url: str


@pytest.fixture
def newsroom(
    wordpress: WordPress, live_server: Any, transactional_db: None, settings: Any
) -> Newsroom:
    settings.TASKS = IMMEDIATE_TASKS
    settings.ERRATA_OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.ERRATA_PUBLIC_URL = live_server.url
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
    site = factories.SiteFactory(
        slug="quotidien", name="Le Quotidien", language="fr", origins=[wordpress.url]
    )
    site.webhook_url = f"{wordpress.url}/wp-json/errata/v1/corrections"
    site.webhook_secret = secret
    site.save()
    _, api_key = models.ApiKey.issue(site, "WordPress")
    wordpress.configure(
        errata_url=live_server.url,
        errata_site_key=site.public_key,
        errata_api_key=api_key,
        errata_webhook_secret=secret,
    )
    return Newsroom(
        site=site, api_key=api_key, secret=secret, wordpress=wordpress, errata_url=live_server.url
    )

"""Headers of errata's answers: the CSP on its pages, HTTPS only in production."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from errata.demo import load_demo
from errata.security import POLICY

pytestmark = pytest.mark.django_db


def test_errata_pages_carry_the_policy_and_other_answers_do_not(client: Client) -> None:
    demo = load_demo()
    article_path = "/articles/" + demo.articles[0].url.rstrip("/").rsplit("/", 1)[1] + "/"

    for path in ("/", article_path, f"/corrections/{demo.site.slug}/", "/desk/login/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Security-Policy"] == POLICY, path
    for path in (
        "/widget.js",
        f"/corrections/{demo.site.slug}/feed.atom",
        f"/api/v1/widget-config?site={demo.site.public_key}",
        "/api/docs",  # ninja's Swagger UI comes from a CDN with an inline script
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Content-Security-Policy" not in response, path


def test_policy_allows_nothing_inline_and_no_other_origin() -> None:
    directives = dict(part.split(" ", 1) for part in POLICY.split("; "))

    assert "'unsafe-inline'" not in POLICY
    assert "'unsafe-eval'" not in POLICY
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_production_redirects_to_https_but_not_health_checks(client: Client, settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000

    plain = client.get("/corrections/x/")
    health = client.get("/healthz")
    secure = client.get("/", secure=True)

    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    assert health.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_check_deploy_in_production_leaves_only_the_preload_warning(tmp_path: Path) -> None:
    # docs/operations.md explains why errata does not ask for HSTS preload by default.
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ERRATA_")},
        "DATABASE_URL": "",
        "ERRATA_ENV": "production",
        "ERRATA_SECRET_KEY": secrets.token_urlsafe(50),
        "ERRATA_IP_HASH_SECRET": secrets.token_urlsafe(50),
        "ERRATA_ALLOWED_HOSTS": "errata.example.org",
        "ERRATA_PUBLIC_URL": "https://errata.example.org",
        "ERRATA_DATA_DIR": str(tmp_path),
    }
    checked = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--settings=errata.conf.settings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    output = checked.stdout + checked.stderr
    assert checked.returncode == 0, output
    assert "security.W021" in output
    assert "identified 1 issue" in output, output

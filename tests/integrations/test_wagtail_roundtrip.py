"""errata on Wagtail, in Chromium: an editor publishes a page in the Wagtail admin, a reader
selects a passage on the public page and reports it with errata's widget, errata's editor
accepts a correction in the desk, and the public page shows the corrected text and the
notice, as a new revision by the `errata` user.

Both servers are real: `errata serve` (with its task worker, which delivers the webhook)
from this venv, and the Wagtail test site of integrations/wagtail served by `runserver`
from the app's own venv (`make wagtail-test` creates it). Takes the screenshots of
docs/integrations.md when asked:

    ERRATA_UPDATE_SCREENSHOTS=1 pytest tests/integrations/test_wagtail_roundtrip.py
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, select_text
from tests.serving import ERRATA, environment, errata, free_port, wait_for

pytestmark = pytest.mark.browser

REPOSITORY = Path(__file__).resolve().parents[2]
WAGTAIL = REPOSITORY / "integrations" / "wagtail"
WAGTAIL_PYTHON = WAGTAIL / ".venv" / "bin" / "python"
SCREENSHOTS = REPOSITORY / "docs" / "screenshots"
SECRET = "whsec_cm91bmQgdHJpcCBzZWNyZXQgZm9yIHRoZSB3YWd0YWlsIHRlc3Q="
PASSWORD = "un mot de passe assez long pour le test"
PARAGRAPHS = (
    "Lyon city council passed a budget of 1.2 billion euros on Tuesday.",
    "The mayor praised a responsible budget; the opposition voted against.",
)


@dataclass
class Servers:
    errata: str
    wagtail: str
    home: int
    errata_env: dict[str, str]
    wagtail_env: dict[str, str]

    def wagtail_query(self, code: str) -> object:
        """Run `code` in the Wagtail site's interpreter; what it printed last, as JSON."""
        setup = "import django, json; django.setup()\n"
        done = subprocess.run(  # noqa: S603 -- the app's own venv
            [str(WAGTAIL_PYTHON), "-c", setup + code],
            env=self.wagtail_env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    def errata_query(self, code: str) -> object:
        setup = "import django, json; django.setup()\n"
        done = subprocess.run(  # noqa: S603 -- errata's own interpreter
            [sys.executable, "-c", setup + code],
            env={**self.errata_env, "DJANGO_SETTINGS_MODULE": "errata.conf.settings"},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])


def wagtail_run(env: dict[str, str], *arguments: str) -> str:
    done = subprocess.run(  # noqa: S603 -- the app's own venv
        [str(WAGTAIL_PYTHON), "-m", "django", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@contextmanager
def running(command: list[str], env: dict[str, str], ready: str) -> Iterator[None]:
    """A server started by `command` until the block ends, once `ready` answers. The
    machine may be busy: both servers get three minutes to start."""
    server = subprocess.Popen(  # noqa: S603 -- errata's or the app's own command
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        wait_for(ready, server, timeout=180)
        yield
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    if not WAGTAIL_PYTHON.exists():
        pytest.skip("the Wagtail app's venv is missing: `make wagtail-test` creates it")
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: `apt-get install -y chromium` (make test does it)")
    data = tmp_path_factory.mktemp("wagtail-roundtrip")
    wagtail_port = free_port()
    origin = f"http://127.0.0.1:{wagtail_port}"
    env = environment(data / "errata", ERRATA_OUTBOUND_ALLOWED_NETWORKS="127.0.0.1/32")
    errata(env, "migrate")
    created = errata(
        env, "createsite", "--slug", "wt", "--name", "The Wagtail Times", "--language", "en",
        "--origin", origin,
    )  # fmt: skip
    site_key = re.search(r"(pk_\S+)", created)
    api_key = re.search(r"(ek_\S+)", created)
    assert site_key, created
    assert api_key, created
    errata(env, "createeditor", "claire", "--site", "wt", "--password-stdin", stdin=PASSWORD)
    errata_port = free_port()
    errata_base = env["ERRATA_PUBLIC_URL"] = f"http://127.0.0.1:{errata_port}"
    with running([ERRATA, "serve", "--port", str(errata_port)], env, f"{errata_base}/healthz"):
        wagtail_env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": os.environ.get("HOME", ""),
            "DJANGO_SETTINGS_MODULE": "testproject.settings",
            "PYTHONPATH": str(WAGTAIL / "tests"),
            "WAGTAIL_DB": str(data / "wagtail.sqlite3"),
            "WAGTAILADMIN_BASE_URL": origin,
            "ERRATA_URL": errata_base,
            "ERRATA_SITE_KEY": site_key.group(1),
            "ERRATA_API_KEY": api_key.group(1),
            "ERRATA_WEBHOOK_SECRET": SECRET,
        }
        servers = Servers(errata_base, origin, 0, env, wagtail_env)
        servers.errata_query(
            "from errata.models import Site\n"
            f"Site.objects.filter(slug='wt').update(webhook_url='{origin}/errata/webhook/',"
            f" webhook_secret={SECRET!r})\n"
            "print(json.dumps(True))"
        )
        wagtail_run(wagtail_env, "migrate", "--noinput")
        prepared = wagtail_run(
            wagtail_env, "preparesite", "--port", str(wagtail_port), "--editor-password", PASSWORD
        )
        servers.home = json.loads(prepared.strip().splitlines()[-1])["home"]
        runserver = [str(WAGTAIL_PYTHON), "-m", "django", "runserver", "--noreload", "--insecure"]
        with running(
            [*runserver, f"127.0.0.1:{wagtail_port}"], wagtail_env, origin + "/admin/login/"
        ):
            yield servers


@pytest.fixture
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_page(browser: Browser, locale: str) -> Page:
    page = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(30_000)
    return page


def screenshot(page: Page, name: str) -> None:
    shot = page.screenshot(full_page=False)
    assert len(shot) > 10_000  # a rendered page, not a blank one
    if os.environ.get("ERRATA_UPDATE_SCREENSHOTS"):
        (SCREENSHOTS / f"wagtail-{name}.png").write_bytes(shot)


def publish_in_wagtail(browser: Browser, servers: Servers) -> Page:
    editor = new_page(browser, "en-GB")
    editor.goto(f"{servers.wagtail}/admin/login/")
    editor.get_by_label("Username").fill("editor")
    editor.get_by_label("Password").fill(PASSWORD)
    editor.get_by_role("button", name="Sign in").click()
    expect(
        editor.get_by_role("heading", name=re.compile("Dashboard|errata-wagtail"))
    ).to_be_visible()
    editor.goto(f"{servers.wagtail}/admin/pages/add/news/newspage/{servers.home}/")
    editor.locator("#id_title").fill("Lyon passes its budget")
    body = editor.locator(".Draftail-Editor [contenteditable=true]")
    body.click()
    editor.keyboard.type(PARAGRAPHS[0])
    editor.keyboard.press("Enter")
    editor.keyboard.type(PARAGRAPHS[1])
    # Draftail writes its content into the form's field after a pause in typing.
    expect(editor.locator("input[name=body]")).to_have_value(re.compile("responsible budget"))
    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Publish").click()
    expect(editor.locator(".messages")).to_contain_text("published")
    return editor


def report_the_passage(browser: Browser, url: str) -> str:
    reader = new_page(browser, "en-GB")
    reader.goto(url)
    reader.wait_for_selector("[data-errata-ui]", state="attached")
    select_text(reader, "1.2 billion", within="[data-errata-article]")
    reader.keyboard.press("Control+Enter")
    dialog = reader.get_by_role("dialog", name="Report an error")
    dialog.get_by_label("Factual error").check()
    dialog.get_by_label("What is wrong?").fill("The council's minutes say 1.3 billion.")
    dialog.get_by_label("What it should say (optional)").fill("1.3 billion")
    dialog.get_by_role("button", name="Send").click()
    expect(dialog.get_by_role("status")).to_contain_text("ERR-", timeout=60_000)
    found = re.search(r"ERR-\d{4}-\d{5}", dialog.get_by_role("status").inner_text())
    assert found is not None
    reader.context.close()
    return found.group(0)


def accept_in_the_desk(browser: Browser, servers: Servers, reference: str) -> None:
    desk = new_page(browser, "fr-FR")
    desk.goto(f"{servers.errata}/desk/")
    desk.get_by_label("Identifiant").fill("claire")
    desk.get_by_label("Mot de passe").fill(PASSWORD)
    desk.get_by_role("button", name="Se connecter").click()
    row = desk.locator(f'tr[data-reference="{reference}"]')
    # The queue shows the report as just received until errata's task worker files it
    # into a case (decision 25); the page does not refresh itself, so the editor reloads.
    deadline = time.monotonic() + 60
    while "1.2 billion" not in (row.text_content() or "") and time.monotonic() < deadline:
        desk.wait_for_timeout(500)
        desk.reload()
    expect(row).to_contain_text("1.2 billion")
    row.get_by_role("link", name=reference).click()
    expect(desk.get_by_label("Nouvelle formulation du passage")).to_have_value("1.3 billion")
    desk.get_by_role("button", name="Aperçu").click()
    expect(desk.locator("#preview ins")).to_have_text("1.3")
    desk.get_by_role("button", name="Publier").click()
    expect(desk.get_by_text("Le rectificatif est publié.")).to_be_visible()
    desk.context.close()


def test_a_readers_report_becomes_a_new_wagtail_revision(
    chromium: Browser, servers: Servers
) -> None:
    editor = publish_in_wagtail(chromium, servers)
    url = f"{servers.wagtail}/lyon-passes-its-budget/"
    pushed = servers.wagtail_query(
        "from errata_wagtail.models import ErrataArticleState\n"
        "s = ErrataArticleState.objects.get(page__slug='lyon-passes-its-budget')\n"
        "print(json.dumps([s.page_id, s.status, s.error]))"
    )
    assert isinstance(pushed, list)
    page_id, status, error = pushed
    assert status == "pushed", error

    reference = report_the_passage(chromium, url)
    accept_in_the_desk(chromium, servers, reference)

    reader = new_page(chromium, "en-GB")
    deadline = time.monotonic() + 120
    while True:
        reader.goto(url)
        if reader.locator(".errata-corrections").count():
            break
        assert time.monotonic() < deadline, "the correction did not reach Wagtail in 120 s"
        time.sleep(1)
    article = reader.locator("[data-errata-article]")
    expect(article).to_contain_text("a budget of 1.3 billion euros")
    expect(article).not_to_contain_text("1.2 billion")
    expect(reader.locator(".errata-corrections")).to_contain_text("1.2 billion")
    jsonld = json.loads(reader.locator('script[type="application/ld+json"]').inner_text())
    assert jsonld["correction"][0]["@type"] == "CorrectionComment"
    screenshot(reader, "page-notice")

    revisions = servers.wagtail_query(
        "from wagtail.models import Page\n"
        f"p = Page.objects.get(pk={page_id})\n"
        "print(json.dumps([p.revisions.count(), p.live_revision.user.username,"
        " p.live_revision_id]))"
    )
    assert isinstance(revisions, list)
    count, author, live_revision = revisions
    assert (count, author) == (2, "errata")
    held = servers.errata_query(
        "from errata.models import Correction\n"
        f"c = Correction.objects.get(case__reference={reference!r})\n"
        "print(json.dumps([c.cms_state, c.cms_revision]))"
    )
    assert held == ["applied", str(live_revision)]

    editor.goto(f"{servers.wagtail}/admin/errata_corrections/")
    expect(editor.get_by_text(reference)).to_be_visible()
    expect(editor.get_by_role("cell", name="Applied")).to_be_visible()
    screenshot(editor, "admin-corrections")

"""A real errata for the integration tests: `errata serve` from errata's own virtual
environment (the repository's .venv, or ERRATA_BIN), on a fresh SQLite folder.

errata is not installed in the app's environment: it is driven as a subprocess, by its CLI
and, where the CLI has no command (a site's webhook settings), by a few lines of Python
run by errata's own interpreter.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

REPOSITORY = Path(__file__).resolve().parents[3]
ERRATA = Path(os.environ.get("ERRATA_BIN", REPOSITORY / ".venv" / "bin" / "errata"))
PASSWORD = "un mot de passe assez long pour le test"


@dataclass
class Errata:
    base: str
    env: dict[str, str]
    site_key: str = ""
    api_key: str = ""

    def run(self, *arguments: str, stdin: str | None = None) -> str:
        done = subprocess.run(  # noqa: S603 -- errata's own command
            [str(ERRATA), *arguments],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def python(self, code: str) -> object:
        """Run `code` in errata's interpreter with its settings; what it printed, as JSON."""
        setup = "import django, json; django.setup()\n"
        done = subprocess.run(  # noqa: S603 -- errata's own interpreter
            [str(ERRATA.parent / "python"), "-c", setup + code],
            env={**self.env, "DJANGO_SETTINGS_MODULE": "errata.conf.settings"},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    def create_site(self, origin: str, webhook_url: str, webhook_secret: str) -> None:
        shown = self.run(
            "createsite", "--slug", "wt", "--name", "The Wagtail Times", "--language", "en",
            "--origin", origin,
        )  # fmt: skip
        site_key, api_key = re.search(r"(pk_\S+)", shown), re.search(r"(ek_\S+)", shown)
        assert site_key, shown
        assert api_key, shown
        self.site_key, self.api_key = site_key.group(1), api_key.group(1)
        self.run("createeditor", "ed", "--site", "wt", "--password-stdin", stdin=PASSWORD)
        self.python(
            "from errata.models import Site\n"
            f"Site.objects.filter(slug='wt').update(webhook_url={webhook_url!r}, "
            f"webhook_secret={webhook_secret!r}, require_proof_of_work=False)\n"
            "print(json.dumps(True))"
        )

    def correction(self, case: str) -> dict[str, str]:
        """What errata holds about the correction of `case`, the CMS's answer included."""
        found = self.python(
            "from errata.models import Correction\n"
            f"c = Correction.objects.select_related('article').get(case__reference={case!r})\n"
            "print(json.dumps({'id': str(c.public_id), 'state': c.cms_state, "
            "'detail': c.cms_detail, 'revision': c.cms_revision, 'cms_id': c.article.cms_id}))"
        )
        assert isinstance(found, dict)
        return found

    def signed_webhook(
        self, case: str, message_id: str | None = None
    ) -> tuple[dict[str, str], bytes]:
        """The webhook errata would send for `case`'s correction, signed by errata's code."""
        found = self.python(
            "import time\n"
            "from errata.models import Correction\n"
            "from errata.services import webhooks\n"
            f"c = Correction.objects.get(case__reference={case!r})\n"
            "body = json.dumps(webhooks.payload(c))\n"
            f"mid = {message_id!r} or webhooks.message_id(c)\n"
            "stamp = int(time.time())\n"
            "sig = webhooks.sign(c.article.site.webhook_secret, mid, stamp, body.encode())\n"
            "print(json.dumps({'headers': {'webhook-id': mid, 'webhook-timestamp': str(stamp),"
            " 'webhook-signature': sig}, 'body': body}))"
        )
        assert isinstance(found, dict)
        return found["headers"], found["body"].encode()

    def report(self, origin: str, url: str, exact: str, prefix: str, suffix: str, new: str) -> str:
        """A reader's report, as the widget sends it; the case's reference."""
        answer = requests.post(
            f"{self.base}/api/v1/reports",
            json={
                "site": self.site_key,
                "article": {"url": url},
                "selector": {"exact": exact, "prefix": prefix, "suffix": suffix},
                "category": "factual",
                "comment": "The council's minutes say otherwise.",
                "suggestion": new,
            },
            headers={"Origin": origin},
            timeout=30,
        )
        assert answer.status_code == 201, answer.text
        reference: str = answer.json()["reference"]
        # errata answers once the report is stored; its task worker files it into a case
        # right after (decision 19 in errata). The desk acts on the case.
        deadline = time.monotonic() + 120
        while not self.python(
            "from errata.models import Report\n"
            f"print(json.dumps(Report.objects.get(reference={reference!r}).case_id is not None))"
        ):
            assert time.monotonic() < deadline, f"{reference} was not filed into a case"
            time.sleep(0.5)
        return reference

    def accept(self, case: str, wording: str, notice: str) -> None:
        self.run("case", "accept", case, "--as", "ed", "--site", "wt", "--wording", wording,
                 "--notice", notice)  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def serving(data: Path) -> Iterator[Errata]:
    """errata, migrated and served on a free port, until the block ends."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_"))}
    env.pop("ERRATA_ENV", None)
    env.pop("VIRTUAL_ENV", None)
    env.update(
        ERRATA_DATA_DIR=str(data),
        ERRATA_PUBLIC_URL=base,
        ERRATA_OUTBOUND_ALLOWED_NETWORKS="127.0.0.1/32",
        ERRATA_CACHE_URL="",
    )
    errata = Errata(base, env)
    errata.run("migrate")
    server = subprocess.Popen(  # noqa: S603 -- errata's own command
        [str(ERRATA), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 180  # a busy machine boots workers slowly
        while True:
            assert server.poll() is None, server.communicate()[0]
            try:
                if requests.get(f"{base}/healthz", timeout=5).ok:
                    break
            except requests.RequestException:  # not listening yet, or still starting
                pass
            assert time.monotonic() < deadline, "errata did not start within 180 s"
            time.sleep(0.3)
        yield errata
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()

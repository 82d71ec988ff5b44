"""A real WordPress for the plugin's tests: Debian's, on MariaDB, served by `php -S`.

`install()` runs integrations/wordpress/tests/install-wordpress.sh (WordPress copied to a
temporary folder with its own wp-config.php, a fresh database, the plugin activated) and
serves it with PHP's built-in server, with workers so that WP-Cron's loopback request
does not wait behind the request that spawned it. `WordPress` is the tests' handle on it:
its REST API (an application password), `wp-cron.php`, and `wp.php`, a command-line
window on posts, revisions and the plugin's meta.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from tests.serving import Answer, free_port

PLUGIN_TESTS = Path(__file__).resolve().parents[2] / "integrations" / "wordpress" / "tests"
MARIADB = os.environ.get("MARIADB_HOST", "127.0.0.1:3306")
# The account `make wordpress-database` (integrations/wordpress/tests/mariadb-test-user) makes.
MARIADB_USER = os.environ.get("MARIADB_USER", "errata_test")
# Each run's database is `<prefix><random>`, dropped at the end.
DATABASE_PREFIX = os.environ.get("ERRATA_TEST_WORDPRESS_DB_PREFIX", "wp_errata_")

T = TypeVar("T")


@dataclass
class WordPress:
    root: Path
    url: str
    user: str
    password: str
    application_password: str

    def php(self, *arguments: str, stdin: str | None = None) -> Any:
        """`php wp.php …` in the installation; its JSON answer."""
        done = subprocess.run(  # noqa: S603 -- fixed script, the tests' own arguments
            ["php", "wp.php", *arguments],  # noqa: S607 -- Debian's php, from PATH
            cwd=self.root,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    def configure(self, **options: Any) -> None:
        self.php("configure", stdin=json.dumps(options))

    def post(self, post_id: int) -> dict[str, Any]:
        state: dict[str, Any] = self.php("post", str(post_id))
        return state

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        *,
        auth: bool = False,
    ) -> Answer:
        headers = dict(headers or {})
        if auth:
            token = base64.b64encode(f"{self.user}:{self.application_password}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        request = urllib.request.Request(  # noqa: S310 -- http on loopback
            self.url + path, data=body, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                return Answer(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read())

    def rest(self, method: str, route: str, data: dict[str, Any] | None = None) -> Any:
        """The REST API as the administrator (application password)."""
        answer = self.request(
            method,
            f"/wp-json{route}",
            json.dumps(data).encode() if data is not None else None,
            {"Content-Type": "application/json"},
            auth=True,
        )
        assert answer.status in (200, 201), answer.body[:2000]
        return answer.json()

    def publish(self, title: str, content: str, **fields: Any) -> dict[str, Any]:
        post: dict[str, Any] = self.rest(
            "POST",
            "/wp/v2/posts",
            {"title": title, "content": content, "status": "publish", **fields},
        )
        return post

    def cron(self) -> None:
        """Run what WP-Cron has due, as a visitor's request would trigger it."""
        self.request("GET", "/wp-cron.php")

    def until(
        self, check: Callable[[], T | None], timeout: float = 45, why: Callable[[], Any] = str
    ) -> T:
        """Run WP-Cron until `check()` gives something; that thing. On time out, the
        assertion says `why()` and the end of WordPress's debug log."""
        deadline = time.monotonic() + timeout
        while True:
            found = check()
            if found:
                return found
            assert time.monotonic() < deadline, (
                f"WordPress and errata did not get there in time: {why()}\n"
                + self.debug_log()[-3000:]
            )
            self.cron()
            time.sleep(0.3)

    def mails(self) -> list[dict[str, Any]]:
        sent = self.root / "wp-content" / "mail.jsonl"
        if not sent.exists():
            return []
        return [json.loads(line) for line in sent.read_text().splitlines() if line]

    def debug_log(self) -> str:
        log = self.root / "wp-content" / "debug.log"
        return log.read_text() if log.exists() else ""


def _drop(database: str) -> None:
    subprocess.run(  # noqa: S603 -- fixed script; the name is ours
        [  # noqa: S607 -- Debian's php, from PATH
            "php",
            "-r",
            '[$_, $host, $db, $user] = $argv; [$name, $port] = explode(":", $host) + [1 => 3306];'
            ' (new mysqli($name, $user, "", "", (int) $port))->query("DROP DATABASE IF EXISTS `$db`");',
            MARIADB,
            database,
            MARIADB_USER,
        ],
        check=True,
        timeout=60,
    )


@contextmanager
def install(root: Path) -> Iterator[WordPress]:
    """A WordPress with the plugin active, served until the block ends; dropped after."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    database = DATABASE_PREFIX + secrets.token_hex(4)
    env = {**os.environ, "WP_URL": url, "MARIADB_HOST": MARIADB, "MARIADB_USER": MARIADB_USER}
    try:
        done = subprocess.run(  # noqa: S603 -- the repository's own script
            [str(PLUGIN_TESTS / "install-wordpress.sh"), str(root), database, url],
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        credentials = json.loads(done.stdout.strip().splitlines()[-1])
        server = subprocess.Popen(  # noqa: S603 -- Debian's php on a fixed folder
            ["php", "-S", f"127.0.0.1:{port}", "-t", str(root), str(root / "router.php")],  # noqa: S607
            cwd=root,
            env={**env, "PHP_CLI_SERVER_WORKERS": "4"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # php -S's workers outlive their parent when only it is stopped: the server
            # gets a process group of its own, and the whole group is stopped below.
            start_new_session=True,
        )
        try:
            wordpress = WordPress(
                root=root,
                url=url,
                user=credentials["user"],
                password=credentials["password"],
                application_password=credentials["application_password"],
            )
            deadline = time.monotonic() + 30
            while True:
                assert server.poll() is None, "php -S stopped"
                assert time.monotonic() < deadline, "WordPress did not answer"
                try:
                    if wordpress.request("GET", "/wp-login.php").status == 200:
                        break
                except OSError:
                    pass  # not listening yet
                time.sleep(0.2)
            yield wordpress
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    finally:
        _drop(database)

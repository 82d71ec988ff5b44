"""`errata serve` as installed: 2 workers, SQLite, no Redis (the embedded default).

What one process cannot show: idle connections must not hold the workers, and limits,
the sign-in lockout and spent proofs of work must count once for the whole server, not
once per worker. Requests are sent concurrently, so both workers take their share.
"""

from __future__ import annotations

import base64
import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import altcha
import pytest

from tests.serving import environment, errata, serving

ORIGIN = "https://journal.example"
TEXT = (
    "Le conseil municipal a adopté mardi un budget de 1,2 milliard d'euros. "
    "La maire a salué un budget de responsabilité."
)
READER_LIMIT = 10
PASSWORD = "un mot de passe assez long pour le test"


@dataclass(frozen=True)
class Server:
    base: str
    demo_key: str
    demo_article: str
    guarded_key: str


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("errata")
    env = environment(
        Path(data),
        ERRATA_RATE_LIMIT_REPORTS=f"{READER_LIMIT}/10m",
        ERRATA_CACHE_URL="",
    )
    shown = errata(env, "demo")
    demo_key = re.search(r"public key:\s+(pk_\S+)", shown)
    demo_article = re.search(r"article \(fr\):\s+(\S+)", shown)
    assert demo_key, shown
    assert demo_article, shown
    created = errata(
        env, "createsite", "--slug", "journal", "--name", "Le Journal", "--origin", ORIGIN
    )
    guarded_key = re.search(r"(pk_[\w-]+)", created)
    assert guarded_key, created
    errata(env, "createeditor", "claire", "--site", "demo", "--password-stdin", stdin=PASSWORD)
    with serving(env, "--workers", "2", "--no-worker") as base:
        yield Server(base, demo_key.group(1), demo_article.group(1), guarded_key.group(1))


def post_json(url: str, body: dict[str, Any], origin: str) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(  # noqa: S310 -- a loopback test server
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Origin": origin},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def concurrently(count: int, send: Any) -> Counter[int]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        return Counter(status for status, _ in pool.map(lambda _: send(), range(count)))


def test_idle_connections_do_not_hold_the_workers(server: Server) -> None:
    # Fifty clients that connect and say nothing (browsers' preconnects, a slowloris):
    # with sync workers the two of them would each wait on one for 30 s.
    idle = [socket.create_connection(("127.0.0.1", int(server.base.rsplit(":", 1)[1])))]
    idle += [socket.create_connection(idle[0].getpeername()) for _ in range(49)]
    try:
        with urllib.request.urlopen(f"{server.base}/healthz", timeout=5) as response:  # noqa: S310
            assert response.status == 200
    finally:
        for connection in idle:
            connection.close()


def test_a_readers_limit_holds_across_workers(server: Server) -> None:
    report = {
        "site": server.demo_key,
        "article": {"url": server.demo_article},
        "selector": {"exact": ""},
        "category": "other",
        "comment": "Un signalement parmi d'autres.",
    }
    origin = "http://127.0.0.1:8000"  # the demo allows it, wherever it is served

    statuses = concurrently(
        4 * READER_LIMIT,
        lambda: post_json(f"{server.base}/api/v1/reports", report, origin),
    )

    assert statuses == {201: READER_LIMIT, 429: 3 * READER_LIMIT}


def test_a_proof_of_work_is_spent_once_across_workers(server: Server) -> None:
    with urllib.request.urlopen(  # noqa: S310
        f"{server.base}/api/v1/widget-config/challenge?site={server.guarded_key}", timeout=10
    ) as response:
        challenge = json.loads(response.read())
    solution = altcha.solve_challenge_v1(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxNumber"]
    )
    assert solution is not None
    proof = base64.b64encode(json.dumps({**challenge, "number": solution.number}).encode()).decode()
    report = {
        "site": server.guarded_key,
        "article": {"url": f"{ORIGIN}/budget", "text": TEXT, "lang": "fr"},
        "selector": {"exact": "1,2 milliard"},
        "category": "factual",
        "comment": "Le budget voté est de 1,3 milliard.",
        "altcha": proof,
    }

    sent = [0] * 8
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(
            pool.map(lambda _: post_json(f"{server.base}/api/v1/reports", report, ORIGIN), sent)
        )

    assert Counter(status for status, _ in answers) == {201: 1, 422: 7}
    assert {body["code"] for status, body in answers if status == 422} == {"proof-of-work-replayed"}


def test_the_sign_in_lockout_holds_across_workers(server: Server) -> None:
    jar = CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"{server.base}/desk/login/"

    def sign_in(password: str) -> int:
        page = browser.open(login, timeout=10).read().decode()  # a fresh token each time
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, page[:500]
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": "claire", "password": password}
        ).encode()
        try:
            with browser.open(login, data=form, timeout=10) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as error:
            return error.code

    failures = [sign_in("pas le bon") for _ in range(5)]
    with_the_right_password = sign_in(PASSWORD)

    assert failures == [200] * 5  # the form again, with its error
    assert with_the_right_password == 429

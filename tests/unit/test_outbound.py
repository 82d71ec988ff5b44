"""The guarded outbound client, against real HTTP servers on loopback.

No test here sends a packet beyond this machine: every refused address is refused before
any connection is attempted, which is what the tests check.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from errata import outbound


class Server:
    def __init__(self, host: str, respond: Callable[[BaseHTTPRequestHandler], None]) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                respond(self)

            do_POST = do_GET

            def log_message(self, *args: Any) -> None:
                pass

        self.http = ThreadingHTTPServer((host, 0), Handler)
        self.url = f"http://{host}:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


def answer(status: int, body: bytes = b"", **headers: str) -> Callable[[Any], None]:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name.replace("_", "-"), value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


@pytest.fixture
def servers() -> Iterator[Callable[..., Server]]:
    started: list[Server] = []

    def start(respond: Callable[[Any], None], host: str = "127.0.0.1") -> Server:
        started.append(Server(host, respond))
        return started[-1]

    yield start
    for server in started:
        server.close()


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "127.1",
        "localhost",
        "2130706433",  # 127.0.0.1 as one decimal number
        "0x7f000001",
        "0177.0.0.1",  # octal
        "0.0.0.0",  # noqa: S104 -- an address refused, not bound
        "[::1]",
        "[::]",
        "[::ffff:127.0.0.1]",  # IPv4-mapped IPv6
        "[2002:7f00:1::1]",  # 6to4 around 127.0.0.1
        "169.254.169.254",  # cloud metadata
        "[fe80::1]",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "100.64.0.1",  # shared address space (CGNAT)
        "[fc00::1]",
        "224.0.0.1",
        "[ff02::1]",
        "240.0.0.1",
    ],
)
def test_every_form_of_a_local_or_private_address_is_refused(host: str) -> None:
    with pytest.raises(outbound.BlockedAddress):
        outbound.request("GET", f"http://{host}:9/hook")


def test_public_addresses_pass_the_rule() -> None:
    for address in ("8.8.8.8", "2001:4860:4860::8888", "::ffff:8.8.8.8"):
        assert outbound.is_public(ipaddress.ip_address(address)), address


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/", "http:///nohost"])
def test_only_http_and_https_with_a_host(url: str) -> None:
    with pytest.raises(outbound.OutboundError, match="only http and https"):
        outbound.request("GET", url)


def test_an_allowed_network_is_reached(servers: Callable[..., Server], settings: Any) -> None:
    settings.ERRATA_OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    server = servers(answer(200, b"ok", Content_Type="text/plain"))

    response = outbound.request("POST", f"{server.url}/hook", body=b"{}")

    assert (response.status, response.body, server.hits) == (200, b"ok", ["/hook"])
    assert response.headers["content-type"] == "text/plain"


def test_a_name_is_checked_on_what_it_resolves_to(
    servers: Callable[..., Server], settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A public-looking name whose DNS answer is a loopback address (rebinding's second
    # answer): refused on the address, and nothing reaches the server behind it.
    settings.ERRATA_OUTBOUND_ALLOWED_NETWORKS = []
    server = servers(answer(200))
    port = int(server.url.rsplit(":", 1)[1])
    real = socket.getaddrinfo

    def dns(host: str, *args: Any, **kwargs: Any) -> Any:
        return real("127.0.0.1" if host == "cms.example.org" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", dns)

    with pytest.raises(outbound.BlockedAddress):
        outbound.request("GET", f"http://cms.example.org:{port}/hook")
    assert server.hits == []


def test_a_redirect_is_refused_unless_followed(
    servers: Callable[..., Server], settings: Any
) -> None:
    settings.ERRATA_OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    target = servers(answer(200, b"target"))
    server = servers(answer(302, Location=f"{target.url}/moved"))

    with pytest.raises(outbound.OutboundError, match="redirect") as refused:
        outbound.request("GET", f"{server.url}/page")

    assert refused.value.status == 302
    assert target.hits == []
    followed = outbound.request("GET", f"{server.url}/page", follow_redirects=True)
    assert (followed.body, followed.url) == (b"target", f"{target.url}/moved")


def test_each_redirect_hop_is_checked_again(servers: Callable[..., Server], settings: Any) -> None:
    # The first server is allowed; the one it redirects to (127.0.0.2) is not.
    settings.ERRATA_OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    inner = servers(answer(200, b"secret"), host="127.0.0.2")
    server = servers(answer(302, Location=f"{inner.url}/admin"))

    with pytest.raises(outbound.BlockedAddress):
        outbound.request("GET", f"{server.url}/page", follow_redirects=True)
    assert inner.hits == []


def test_an_answer_over_the_cap_is_refused(servers: Callable[..., Server], settings: Any) -> None:
    settings.ERRATA_OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    server = servers(answer(200, b"x" * 2000))

    with pytest.raises(outbound.OutboundError, match="larger than 1,000 bytes"):
        outbound.request("GET", server.url, max_bytes=1000)


def test_a_server_that_does_not_answer_times_out(
    servers: Callable[..., Server], settings: Any
) -> None:
    settings.ERRATA_OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    release = threading.Event()

    def stall(handler: BaseHTTPRequestHandler) -> None:
        release.wait(5)
        answer(200)(handler)

    server = servers(stall)
    try:
        with pytest.raises(outbound.OutboundError, match="did not answer in time"):
            outbound.request("GET", server.url, timeout=0.2)
    finally:
        release.set()
        time.sleep(0.05)


def test_a_refused_connection_is_told_in_general_terms(settings: Any) -> None:
    settings.ERRATA_OUTBOUND_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(outbound.OutboundError) as failed:
        outbound.request("GET", f"http://127.0.0.1:{port}/")

    assert failed.value.message == "the server refused the connection"
    assert str(port) not in failed.value.message

"""Outbound HTTP: the one way errata reaches another server (webhooks, imports).

Whoever sets a URL that errata fetches or posts to (a site administrator's webhook, an
operator's import) must not be able to make errata reach what only errata's own network
can reach: the loopback, the cloud's metadata service, the office network. So:

- only `http` and `https`;
- every connection resolves the host itself and checks **each address it connects to**,
  at connect time: loopback, link-local, private, shared (CGNAT), multicast, reserved and
  unspecified addresses are refused for IPv4 and IPv6, IPv4-mapped IPv6 included. As the
  checked address is the one connected to, a DNS answer that changes between a check and
  the connection (rebinding) cannot slip through; TLS still verifies the host's name;
- redirects are not followed unless the caller asks, and then each hop is a new,
  checked connection, at most `MAX_REDIRECTS`;
- a timeout on connecting and on each read, and a cap on the size of the answer.

An operator can allow an internal CMS by network with `ERRATA_OUTBOUND_ALLOWED_NETWORKS`
(docs/settings.md). Errors are `OutboundError` with a message in general terms, safe to
show on the desk: they never echo what a refused address answered.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.error
import urllib.request
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

TIMEOUT_SECONDS = 10
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
# Ranges that `is_global` leaves global but that no public service answers on.
_NEVER = (ipaddress.ip_network("224.0.0.0/4"), ipaddress.ip_network("ff00::/8"))
EVERYWHERE = (ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0"))
# Networks one request may reach besides the operator's (an operator's explicit
# command-line choice, `errata import --allow-private-address`).
_also_allowed: ContextVar[tuple[IPNetwork, ...]] = ContextVar("also_allowed", default=())


class OutboundError(Exception):
    """A request errata would not make, or that failed; the message is fit for the desk."""

    def __init__(
        self, message: str, *, status: int | None = None, location: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        # A redirect not followed: where it pointed, for a caller that checks each hop.
        self.location = location


class BlockedAddress(OutboundError):
    """The URL's host is, or resolves to, an address errata must not reach."""


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    url: str


def allowed_networks() -> tuple[IPNetwork, ...]:
    configured = tuple(
        ipaddress.ip_network(network, strict=False)
        for network in settings.ERRATA_OUTBOUND_ALLOWED_NETWORKS
    )
    return configured + _also_allowed.get()


def is_public(address: IPAddress) -> bool:
    """Whether an address is one of the public internet's (the default rule)."""
    if isinstance(address, ipaddress.IPv6Address):
        # ::ffff:127.0.0.1 and 2002:7f00:1::/48 (6to4) are IPv4 addresses in disguise.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            return is_public(embedded)
    return address.is_global and not any(address in network for network in _NEVER)


def check_address(address: IPAddress, allowed: Iterable[IPNetwork] = ()) -> None:
    if any(address.version == network.version and address in network for network in allowed):
        return
    if not is_public(address):
        raise BlockedAddress(
            "the address is on a private or local network, which errata does not reach "
            "(an operator can allow it with ERRATA_OUTBOUND_ALLOWED_NETWORKS)"
        )


def resolve(host: str, port: int) -> list[tuple[Any, ...]]:
    """The host's addresses, each checked; refuses the host when any is not allowed."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise OutboundError("the server's name does not resolve") from None
    allowed = allowed_networks()
    for *_, sockaddr in found:
        check_address(ipaddress.ip_address(str(sockaddr[0]).split("%")[0]), allowed)
    return found


def _connect(
    address: tuple[str, int], timeout: float | None = None, source_address: Any = None
) -> socket.socket:
    """`socket.create_connection`, to checked addresses only (http.client's hook)."""
    host, port = address
    last: OSError | None = None
    for family, kind, protocol, _, sockaddr in resolve(host, port):
        sock = socket.socket(family, kind, protocol)
        try:
            sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
        except OSError as error:
            sock.close()
            last = error
            continue
        return sock
    raise last or OutboundError("the server could not be reached")


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connect  # http.client sets its own in __init__


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _connect


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_GuardedHTTPConnection, req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_GuardedHTTPSConnection, req)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 3xx answer goes back to the caller as an HTTPError


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        check_url(newurl)  # the scheme; the address is checked when the hop connects
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_url(url: str) -> None:
    """Refuses what no request may go to, before any connection: scheme, host, literal IP."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise OutboundError("only http and https URLs with a host are allowed")
    try:
        literal = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return
    check_address(literal, allowed_networks())


def check_destination(url: str) -> None:
    """What a form can tell at once about a URL errata will call later (a webhook).

    Refuses a bad scheme and a host that is, or now resolves to, an address errata would
    not reach. A name that does not resolve yet passes: it is checked again at each
    connection.
    """
    check_url(url)
    parts = urlsplit(url)
    try:
        resolve(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
    except BlockedAddress:
        raise
    except OutboundError:
        return


def request(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    follow_redirects: bool = False,
    timeout: float = TIMEOUT_SECONDS,
    max_bytes: int = MAX_BYTES,
    also_allow: tuple[IPNetwork, ...] = (),
) -> Response:
    """Make one request under the rules above; any answer (2xx to 5xx) is returned.

    `also_allow` adds networks for this request only (`EVERYWHERE` for an operator's
    explicit choice on the command line; never from a site's settings).

    Raises `OutboundError` (or `BlockedAddress`) for a refused URL, a connection that
    failed or timed out, a redirect when redirects are not followed, or an answer over
    `max_bytes`.
    """
    allowance = _also_allowed.set(also_allow)
    try:
        return _request(method, url, body, headers, follow_redirects, timeout, max_bytes)
    finally:
        _also_allowed.reset(allowance)


def _request(
    method: str,
    url: str,
    body: bytes | None,
    headers: dict[str, str] | None,
    follow_redirects: bool,
    timeout: float,
    max_bytes: int,
) -> Response:
    check_url(url)
    opener = urllib.request.OpenerDirector()
    for handler in (
        _GuardedHTTPHandler(),
        _GuardedHTTPSHandler(),
        _CheckedRedirects() if follow_redirects else _NoRedirects(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.UnknownHandler(),
    ):
        opener.add_handler(handler)
    prepared = urllib.request.Request(  # noqa: S310 -- the scheme is checked above
        url, data=body, headers=headers or {}, method=method
    )
    try:
        with opener.open(prepared, timeout=timeout) as answer:
            return _read(answer, max_bytes)
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:
            location = error.headers.get("Location")
            error.close()
            raise OutboundError(
                f"the server answered with a redirect (HTTP {error.code}), which errata "
                "does not follow here",
                status=error.code,
                location=location,
            ) from None
        with error:
            return _read(error, max_bytes)
    except OutboundError:
        raise
    except urllib.error.URLError as error:
        if isinstance(error.reason, OutboundError):
            raise error.reason from None
        raise OutboundError(_in_general_terms(error.reason)) from None
    except TimeoutError:
        raise OutboundError("the server did not answer in time") from None
    except (OSError, http.client.HTTPException) as error:
        raise OutboundError(_in_general_terms(error)) from None


def _read(answer: Any, max_bytes: int) -> Response:
    body = answer.read(max_bytes + 1)
    if len(body) > max_bytes:
        raise OutboundError(f"the answer is larger than {max_bytes:,} bytes")
    return Response(
        status=int(answer.status if hasattr(answer, "status") else answer.code),
        headers={name.lower(): value for name, value in answer.headers.items()},
        body=body,
        url=answer.geturl(),
    )


def _in_general_terms(reason: object) -> str:
    if isinstance(reason, TimeoutError):  # socket.timeout is TimeoutError
        return "the server did not answer in time"
    if isinstance(reason, ConnectionRefusedError):
        return "the server refused the connection"
    if isinstance(reason, OSError) and "CERTIFICATE" in str(reason).upper():
        return "the server's TLS certificate could not be verified"
    return "the server could not be reached"

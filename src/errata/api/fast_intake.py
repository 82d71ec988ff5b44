"""`POST /api/v1/reports`, answered beside Django's request cycle (decision 28).

The widget's report is errata's one hot write: every reader who reports sends one, in
bursts when a story spreads. Through Django's full handler it cost about 1.7 ms of CPU
before the first intake step ran: a2wsgi reading the body from the event loop chunk by
chunk, the URL resolver, thirteen middleware, django-ninja's signature machinery and
response validation. Here the ASGI app reads the body in the event loop, builds the
`HttpRequest` once, and runs the same intake service (`services.reports.submit`) behind
the middleware that shape this answer, Django's own classes in the settings' order:
`ANSWERED_BY` the fast path, and `LEFT_OUT` with the reason (a test keeps the two lists
and `settings.MIDDLEWARE` in step).

Nothing is worded twice. A request the fast path does not take as it is goes to Django
unchanged, before anything was read from the database or counted: another method or
path, a chunked or oversize body, a disallowed host, and a body the schema refuses
(ninja words those problems). A `Problem` raised by the intake itself is answered here
through the API's one problem shape (`api.problems`), as ninja's handler answers it.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, Final, cast

import pydantic
from a2wsgi.wsgi import build_environ
from django.conf import settings
from django.core.exceptions import DisallowedHost, RequestDataTooBig
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import request_finished, request_started, setting_changed
from django.http import HttpRequest, HttpResponse
from django.utils.log import log_response
from django.utils.module_loading import import_string

from errata.api.cors import REPORTS_PATH
from errata.api.problems import StrictJSONParser, problem_response
from errata.api.reports import receipt_response, submission
from errata.api.request import request_meta
from errata.api.schemas.reports import ReportIn
from errata.errors import Problem
from errata.intake.idempotency import HEADER, parse_key
from errata.metrics import REQUESTS_REJECTED
from errata.services import reports

logger = logging.getLogger(__name__)

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Any]
Send = Callable[[Message], Any]

# The middleware a report's answer goes through, in the settings' order.
ANSWERED_BY: Final = (
    "django.middleware.security.SecurityMiddleware",  # HTTPS redirect, HSTS, nosniff…
    "errata.security.ContentSecurityPolicyMiddleware",  # HTML only: kept so it stays true
    "errata.api.cors.ApiCorsMiddleware",  # the reporting site's origin
    "django.middleware.locale.LocaleMiddleware",  # Content-Language of a problem
    "django.middleware.common.CommonMiddleware",  # the Host check
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)
LEFT_OUT: Final = {
    "errata.security.NulInPathMiddleware": "the path is exactly /api/v1/reports",
    "errata.api.problems.ApiBodyLimitMiddleware": "an oversize body goes to Django",
    "whitenoise.middleware.WhiteNoiseMiddleware": "serves static files only",
    "django.contrib.sessions.middleware.SessionMiddleware": "a report reads no session",
    "django.middleware.csrf.CsrfViewMiddleware": "the API is CSRF-exempt: no cookie auth",
    "django.contrib.auth.middleware.AuthenticationMiddleware": "readers are anonymous",
    "django.contrib.messages.middleware.MessageMiddleware": "a report shows no message",
}


class ToDjango(Exception):
    """Django answers this request: nothing was read or counted yet."""


def _report(request: HttpRequest) -> HttpResponse:
    """The view: what `api.reports.create_report` does, without ninja's machinery."""
    if not request.body:
        raise ToDjango  # ninja answers an empty body without parsing it: field required
    try:
        data = StrictJSONParser().parse_body(request)  # its problems are the API's own
        try:
            report = ReportIn.model_validate(data)
        except pydantic.ValidationError as error:
            raise ToDjango from error  # ninja words a refused field
        answer = reports.submit(
            submission(report),
            request_meta(request),
            idempotency_key=parse_key(request.headers.get(HEADER)),
        )
    except Problem as problem:
        REQUESTS_REJECTED.labels(reason=problem.code).inc()
        return problem_response(problem)
    except ToDjango:
        raise
    except Exception:
        # Answered here, inside the middleware, as ninja's handler answers it: the widget
        # must be able to read a server error (CORS) and say so.
        logger.exception("unhandled error on %s", request.path)
        return _server_error()
    return receipt_response(answer)


def _server_error() -> HttpResponse:
    return problem_response(
        Problem(status=500, code="server-error", title="errata could not handle this request")
    )


@cache
def _answer() -> Callable[[HttpRequest], HttpResponse]:
    """The view inside its middleware, built as Django builds its handler's."""
    handler: Callable[[HttpRequest], HttpResponse] = _report
    for path in reversed([each for each in settings.MIDDLEWARE if each in ANSWERED_BY]):
        handler = import_string(path)(handler)
    return handler


def _settings_changed(**kwargs: Any) -> None:
    _answer.cache_clear()  # tests that change a setting the middleware reads


setting_changed.connect(_settings_changed)


def respond(environ: dict[str, Any]) -> HttpResponse | None:
    """Answer a report's request from its WSGI environ; None: Django answers it.

    Runs in a worker thread, with Django's request signals around it as its handler
    sends them (they close the thread's broken or expired database connections)."""
    request = WSGIRequest(environ)
    request_started.send(sender=__name__, environ=environ)
    try:
        response = _answer()(request)
    except (ToDjango, DisallowedHost, RequestDataTooBig):
        return None
    except Exception:  # in a middleware: no CORS headers can be added
        logger.exception("unhandled error on %s", request.path)
        response = _server_error()
    finally:
        request_finished.send(sender=__name__)
    # The warning Django's handler logs for a refused request, on `django.request`.
    log_response("%s: %s", response.reason_phrase, request.path, response=response, request=request)
    return response


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return None


def _replaying(chunks: Iterable[bytes], more: bool, receive: Receive) -> Receive:
    """`receive` for Django: what was read already, then the rest of the request."""
    pending = list(chunks)

    async def replay() -> Message:
        if pending:
            return {
                "type": "http.request",
                "body": pending.pop(0),
                "more_body": bool(pending) or more,
            }
        message: Message = await receive()
        return message

    return replay


class ReportsFirst:
    """An ASGI app: reports are answered by `respond`, everything else by `django`.

    `django` is a2wsgi's app around Django's WSGI handler; its thread pool runs the fast
    path's requests too, so the two share `ERRATA_SERVE_THREADS` threads and their
    database connections."""

    def __init__(self, django: Any) -> None:
        self.django = django
        self.executor = django.executor

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or scope["path"] != REPORTS_PATH
            or _header(scope, b"transfer-encoding") is not None
        ):
            await self.django(scope, receive, send)
            return
        limit: int = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        chunks: list[bytes] = []
        size, more = 0, True
        while more and size <= limit:
            message = await receive()
            if message["type"] != "http.request":  # the client left
                return
            chunk = message.get("body", b"")
            chunks.append(chunk)
            size += len(chunk)
            more = message.get("more_body", False)
        if more or size > limit:
            await self.django(scope, _replaying(chunks, more, receive), send)
            return
        body = io.BytesIO(b"".join(chunks))
        environ = cast(dict[str, Any], build_environ(scope, body))  # type: ignore[arg-type]
        loop = asyncio.get_running_loop()
        response = await loop.run_in_executor(self.executor, respond, environ)
        if response is None:
            await self.django(scope, _replaying(chunks, False, receive), send)
            return
        await send(
            {
                "type": "http.response.start",
                "status": response.status_code,
                "headers": [  # ASGI wants them lower-case, as a2wsgi sends Django's
                    (name.lower().encode("latin-1"), value.encode("latin-1"))
                    for name, value in response.items()
                ],
            }
        )
        await send({"type": "http.response.body", "body": response.content})

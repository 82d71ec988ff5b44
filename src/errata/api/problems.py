"""The API's one error shape: `application/problem+json`, pinned by a test.

```
{"type": "urn:errata:problem:invalid-field", "title": "…", "status": 422,
 "detail": "comment: …", "code": "invalid-field", "field": "comment",
 "errors": [{"field": "comment", "code": "string_too_long", "message": "…"}]}
```
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from errata.errors import FieldError, Problem
from errata.metrics import REQUESTS_REJECTED

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)
CONTENT_TYPE = "application/problem+json"


def body_too_big() -> Problem:
    limit: int = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return Problem(
        status=413,
        code="body-too-large",
        title="The request body is too large",
        detail=f"body: at most {limit} bytes",
        field="body",
        extra={"max_bytes": limit},
    )


def problem_response(problem: Problem) -> HttpResponse:
    body: dict[str, Any] = {
        "type": f"urn:errata:problem:{problem.code}",
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail or problem.title,
        "code": problem.code,
    }
    if problem.field:
        body["field"] = problem.field
    if problem.errors:
        body["errors"] = [
            {"field": e.field, "code": e.code, "message": e.message} for e in problem.errors
        ]
    body.update(problem.extra)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=problem.status, content_type=CONTENT_TYPE
    )
    response["Content-Language"] = "en"  # titles and details are in English
    for name, value in problem.headers.items():
        response[name] = value
    return response


class StrictJSONParser(Parser):
    """Malformed JSON is the client's error, and says so in the problem shape."""

    def parse_body(self, request: HttpRequest) -> Any:
        content_type = request.content_type or ""
        if content_type != "application/json":
            raise Problem(
                status=415,
                code="unsupported-media-type",
                title="The request body must be JSON",
                detail=f"Content-Type must be application/json, not {content_type or 'empty'}.",
                field="Content-Type",
            )
        try:
            data = json.loads(request.body)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise Problem(
                status=400,
                code="malformed-json",
                title="The request body is not valid JSON",
                detail=f"body: {error}",
                field="body",
            ) from error
        if not isinstance(data, dict):
            raise Problem(
                status=422,
                code="invalid-field",
                title="The request body must be a JSON object",
                detail="body: expected an object",
                field="body",
            )
        _refuse_nul(data, "")
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for name, values in data.lists():
            _refuse_nul(values, name)
        return super().parse_querydict(data, list_fields, request)


def _refuse_nul(value: Any, path: str) -> None:
    """No text errata stores or searches may hold U+0000: PostgreSQL's text cannot, and
    no reader or CMS means it. Refused where it is, by its field's name."""
    if isinstance(value, str):
        if "\x00" in value:
            raise _nul_problem(path or "body")
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for item in value:
            _refuse_nul(item, path)


def _nul_problem(field: str) -> Problem:
    message = "must not contain the NUL character (U+0000)"
    return Problem(
        status=422,
        code="invalid-field",
        title="The request has invalid fields",
        detail=f"{field}: {message}",
        field=field,
        errors=[FieldError(field, "nul_character", message)],
    )


def _dotted(location: list[Any] | tuple[Any, ...]) -> str:
    # ninja prefixes the location with where it looked ("body", "query") and the
    # parameter name; the client only knows its own field names.
    # A body's location always names the view's parameter (`data`), even when the body is
    # missing altogether (a chunked request): that name is errata's, not the client's.
    parts = [str(part) for part in location]
    if parts and parts[0] == "body":
        parts = parts[2:]
    elif parts and parts[0] in {"query", "path", "header", "form"}:
        parts = parts[1:]
        if len(parts) > 1:
            parts = parts[1:]
    return ".".join(parts) or "body"


def _validation_problem(exc: ValidationError) -> Problem:
    errors = [
        FieldError(
            field=_dotted(error.get("loc", ())),
            code=str(error.get("type", "invalid")),
            message=str(error.get("msg", "invalid value")),
        )
        for error in exc.errors
    ]
    first = errors[0] if errors else FieldError("body", "invalid", "invalid request")
    return Problem(
        status=422,
        code="invalid-field",
        title="The request has invalid fields",
        detail=f"{first.field}: {first.message}",
        field=first.field,
        errors=errors,
    )


def install(api: NinjaAPI) -> None:
    """Make every error of `api` a problem+json response."""

    def on_problem(request: HttpRequest, exc: Problem) -> HttpResponse:
        REQUESTS_REJECTED.labels(reason=exc.code).inc()
        return problem_response(exc)

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return on_problem(request, _validation_problem(exc))

    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return on_problem(
            request,
            Problem(
                status=401,
                code="unauthenticated",
                title="Authentication required",
                detail="Send `Authorization: Bearer <key>` with a valid key.",
                field="Authorization",
                headers={"WWW-Authenticate": 'Bearer realm="errata"'},
            ),
        )

    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja wraps errors raised while parsing the body; ours already say what is wrong.
        if isinstance(exc.__cause__, Problem):
            return on_problem(request, exc.__cause__)
        code = {400: "bad-request", 404: "not-found", 405: "method-not-allowed"}.get(
            exc.status_code, "http-error"
        )
        return on_problem(request, Problem(status=exc.status_code, code=code, title=str(exc)))

    def on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
        return on_problem(request, Problem(status=404, code="not-found", title="Not found"))

    def on_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("unhandled error on %s", request.path)
        return problem_response(
            Problem(status=500, code="server-error", title="errata could not handle this request")
        )

    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (Problem, on_problem),
        (ValidationError, on_validation),
        (AuthenticationError, on_auth),
        (HttpError, on_http),
        (Http404, on_404),
        (Exception, on_error),
    ]
    for exception_class, handler in handlers:
        api.add_exception_handler(exception_class, handler)


class FieldErrorOut(Schema):
    field: str = Field(description="A dotted path into the request, a query parameter or a header")
    code: str = Field(description="The validator's or errata's code for this field")
    message: str


class ProblemOut(Schema):
    """RFC 9457 problem details, sent as `application/problem+json` (docs/api.md)."""

    type: str = Field(description="`urn:errata:problem:` + `code`")
    title: str = Field(description="The kind of problem, in English, for developers")
    status: int = Field(description="The HTTP status, repeated")
    detail: str = Field(description="What is wrong, starting with the offending field")
    code: str = Field(description="A stable, machine-readable code: branch on this")
    field: str | None = Field(None, description="The first offending field, as in `errors`")
    errors: list[FieldErrorOut] = Field([], description="Every offending field")
    retry_after: int | None = Field(None, description="429 only: seconds to wait")
    scope: str | None = Field(None, description="429 only: `reader` or `article`")
    max_bytes: int | None = Field(None, description="413 only: the largest body accepted")
    setting: str | None = Field(
        None,
        description="Configuration errors only (docs/api.md): the site's setting that fixes "
        "it, which the reader cannot: `allowed_origins` or the tag's `data-site`",
    )


PROBLEM_RESPONSES: dict[int, type[Schema]] = dict.fromkeys(
    (400, 401, 403, 404, 409, 413, 415, 422, 429, 500), ProblemOut
)
PROBLEM_MEDIA_TYPE = "application/problem+json"


def label_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Declare every error response with the media type errata sends it with.

    ninja writes `application/json` for every response it documents; errors are sent as
    `application/problem+json` (`problem_response`), and the document says so.
    """
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if int(status) >= 400 and "application/json" in content:
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
    return schema


class ApiBodyLimitMiddleware:
    """An oversize API body is a 413 problem, not a server error.

    Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE when it is first read, and
    ninja first reads it outside the API's exception handlers; reading it here, before
    the route runs, turns the refusal into the API's error shape.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/") and request.method in {"POST", "PUT", "PATCH"}:
            try:
                request.body  # noqa: B018 — reading is the check
            except RequestDataTooBig:
                problem = body_too_big()
                REQUESTS_REJECTED.labels(reason=problem.code).inc()
                return problem_response(problem)
        return self.get_response(request)


def api_not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Unknown API paths answer in the API's error shape, not Django's HTML page."""
    return problem_response(
        Problem(
            status=404,
            code="not-found",
            title="No such API endpoint",
            detail=f"{request.path}: see /api/docs for the endpoints",
        )
    )

"""Typed errors that become one `application/problem+json` response (RFC 9457).

Raised below the HTTP layer (intake, services) and presented by `errata.api.problems`.
Each names the offending field as a dotted path into the request (`article.url`,
`selector.exact`) or a header (`Origin`), so a client can show it next to the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any


@dataclass
class FieldError:
    field: str
    code: str
    message: str


@dataclass
class Problem(Exception):
    """A request errata refuses, with the reason in words and in a stable code."""

    status: int
    code: str
    title: str
    detail: str = ""
    field: str | None = None
    errors: list[FieldError] = dataclass_field(default_factory=list)
    headers: dict[str, str] = dataclass_field(default_factory=dict)
    extra: dict[str, Any] = dataclass_field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.detail or self.title)
        if self.field and not self.errors:
            self.errors = [FieldError(self.field, self.code, self.detail or self.title)]


def invalid(field_name: str, code: str, message: str, status: int = 422) -> Problem:
    """One field is wrong: the commonest problem."""
    return Problem(
        status=status,
        code=code,
        title="The request has an invalid field",
        detail=f"{field_name}: {message}",
        field=field_name,
    )

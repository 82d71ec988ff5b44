"""What the intake pipeline receives (no HTTP in sight) and what it answers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ArticleSnapshot:
    """The article as the reader's browser saw it."""

    url: str
    title: str = ""
    language: str = ""
    text: str = ""


@dataclass(frozen=True)
class QuoteSelection:
    """W3C TextQuoteSelector + TextPositionSelector; empty `exact` means the whole article."""

    exact: str = ""
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class ReportSubmission:
    site_key: str
    article: ArticleSnapshot
    selection: QuoteSelection
    category: str
    comment: str = ""
    suggestion: str = ""
    email: str = ""
    language: str = ""
    honeypot: str = ""
    fill_time_ms: int | None = None
    proof_of_work: str = ""


@dataclass(frozen=True)
class RequestMeta:
    """What the transport knows about the sender."""

    origin: str | None
    ip: str
    user_agent: str = ""


@dataclass(frozen=True)
class Receipt:
    """What the reader is told: the reference reserved for the report (decision 19) and a
    message in the article's language. Stored as given with an idempotency key."""

    reference: str
    status: str
    message: str
    language: str

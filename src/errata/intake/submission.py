"""What the intake pipeline receives (no HTTP in sight) and what it builds up."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from errata.models import Article, ArticleVersion, Case, Report, Site


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
class Span:
    start: int
    end: int
    score: float
    method: str

    def overlaps(self, start: int | None, end: int | None) -> bool:
        if start is None or end is None:
            return False
        return self.start < end and start < self.end


@dataclass
class Intake:
    """The report as the steps build it up; each step reads earlier fields, sets its own."""

    submission: ReportSubmission
    meta: RequestMeta
    site: Site | None = None
    ip_hash: str = ""
    spam_score: float = 0.0
    spam_reasons: list[dict[str, Any]] = field(default_factory=list)  # {"code", "params"}
    article: Article | None = None  # unsaved when new
    version: ArticleVersion | None = None  # unsaved when new
    span: Span | None = None  # None: a report about the whole article
    findings: list[dict[str, Any]] = field(default_factory=list)
    case: Case | None = None  # the open case this report joins; None opens one
    priority: int = 0
    priority_reasons: list[dict[str, Any]] = field(default_factory=list)  # {"code", "params"}
    report: Report | None = None
    opened_case: bool = False
    version_created: bool = False
    receipt: Receipt | None = None

    @property
    def held(self) -> bool:
        from errata.intake.spam import HOLD_THRESHOLD

        return self.spam_score >= HOLD_THRESHOLD


@dataclass(frozen=True)
class Receipt:
    """What the reader is told: the case reference and a message in the article's language."""

    reference: str
    case_status: str
    opened_case: bool
    status: str
    message: str
    language: str

"""errata's domain, one module per noun, re-exported here."""

from errata.models.article import Article, ArticleSource, ArticleVersion, VersionSource, text_hash
from errata.models.base import DeliveryStatus
from errata.models.case import (
    AnchorState,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    Category,
    DeclineReason,
    ReferenceSequence,
)
from errata.models.correction import CmsState, Correction, CorrectionKind
from errata.models.grouping import PendingGrouping
from errata.models.idempotency import IdempotencyKey
from errata.models.limits import RateCounter, UsedProof
from errata.models.privacy import ReaderRequest, ReaderRequestChannel, ReaderRequestKind
from errata.models.reply import Reply
from errata.models.report import ContactPurge, Report, ReportStatus
from errata.models.site import (
    ApiKey,
    Membership,
    Site,
    SiteOrigin,
    SpellingVariants,
    UrlRule,
    origin_of,
)
from errata.models.site_change import SiteChange, SiteChangeChannel, SiteChangeKind
from errata.models.template import MessageTemplate, TemplatePurpose
from errata.models.token import DeskToken
from errata.models.triage import SeverityKind, SeverityRule, SiteWord
from errata.models.webhook import WebhookDelivery
from errata.models.worker import TaskWorker

__all__ = [
    "AnchorState",
    "ApiKey",
    "Article",
    "ArticleSource",
    "ArticleVersion",
    "Case",
    "CaseEvent",
    "CaseEventKind",
    "CaseStatus",
    "Category",
    "CmsState",
    "ContactPurge",
    "Correction",
    "CorrectionKind",
    "DeclineReason",
    "DeliveryStatus",
    "DeskToken",
    "IdempotencyKey",
    "Membership",
    "MessageTemplate",
    "PendingGrouping",
    "RateCounter",
    "ReaderRequest",
    "ReaderRequestChannel",
    "ReaderRequestKind",
    "ReferenceSequence",
    "Reply",
    "Report",
    "ReportStatus",
    "SeverityKind",
    "SeverityRule",
    "Site",
    "SiteChange",
    "SiteChangeChannel",
    "SiteChangeKind",
    "SiteOrigin",
    "SiteWord",
    "SpellingVariants",
    "TaskWorker",
    "TemplatePurpose",
    "UrlRule",
    "UsedProof",
    "VersionSource",
    "WebhookDelivery",
    "origin_of",
    "text_hash",
]

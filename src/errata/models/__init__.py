"""errata's domain, one module per noun, re-exported here."""

from errata.models.article import Article, ArticleSource, ArticleVersion, VersionSource, text_hash
from errata.models.case import (
    AnchorState,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    Category,
    ReferenceSequence,
)
from errata.models.correction import Correction, CorrectionKind
from errata.models.reply import DeliveryStatus, Reply
from errata.models.report import Report, ReportStatus
from errata.models.site import ApiKey, Membership, Site, SiteOrigin, origin_of

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
    "Correction",
    "CorrectionKind",
    "DeliveryStatus",
    "Membership",
    "ReferenceSequence",
    "Reply",
    "Report",
    "ReportStatus",
    "Site",
    "SiteOrigin",
    "VersionSource",
    "origin_of",
    "text_hash",
]

"""Prometheus metrics errata exports at /metrics (docs/operations.md lists them)."""

from prometheus_client import Counter

REPORTS_RECEIVED = Counter(
    "errata_reports_received", "Reports accepted by the intake pipeline.", ["site"]
)
REQUESTS_REJECTED = Counter(
    "errata_requests_rejected",
    "API requests refused with a problem+json response, by problem code.",
    ["reason"],
)

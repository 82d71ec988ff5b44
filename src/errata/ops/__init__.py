"""Operators' endpoints: `/healthz` for load balancers, `/metrics` for Prometheus.

They sit beside the public contract (docs/operations.md), outside the versioned API, and
answer in the same problem+json shape when they refuse a request.
"""

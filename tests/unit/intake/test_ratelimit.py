"""Rate-limit arithmetic and the keyed IP hash."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.utils import timezone

from errata.intake.ratelimit import hash_ip, parse_rate


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("10/10m", (10, 600)), ("300/1h", (300, 3600)), ("5/s", (5, 1)), ("0/1s", (0, 1))],
)
def test_parse_rate(rate: str, expected: tuple[int, int]) -> None:
    assert parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["ten/10m", "10/10d", "10", "", "-1/1m"])
def test_parse_rate_refuses_nonsense(rate: str) -> None:
    with pytest.raises(ValueError, match="COUNT/WINDOW"):
        parse_rate(rate)


def test_ip_hash_is_keyed_and_rotates_daily(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    monday = datetime(2026, 11, 23, 10, tzinfo=UTC)
    tuesday = datetime(2026, 11, 24, 10, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: monday)
    first = hash_ip("203.0.113.7")
    assert first == hash_ip("203.0.113.7")
    assert first != hash_ip("203.0.113.8")
    assert "203.0.113.7" not in first

    settings.ERRATA_IP_HASH_SECRET = "another secret"
    assert hash_ip("203.0.113.7") != first

    settings.ERRATA_IP_HASH_SECRET = "development-only-ip-hash-secret"
    monkeypatch.setattr(timezone, "now", lambda: tuesday)
    assert hash_ip("203.0.113.7") != first

"""Shared helpers for the anchoring tests: fixture files and result comparison."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from errata.anchoring import Anchor, FixedByEdit, Orphan, Removed, Rewritten, TextQuoteSelector

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "anchoring"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def selector(data: dict[str, Any]) -> TextQuoteSelector:
    return TextQuoteSelector(
        exact=data.get("exact") or "",
        prefix=data.get("prefix") or "",
        suffix=data.get("suffix") or "",
        start=data.get("start"),
        end=data.get("end"),
    )


def outcome(result: Anchor | Orphan | FixedByEdit | Removed | Rewritten) -> dict[str, Any]:
    """A result in the vectors' ``expect`` shape, so failures print as one readable diff."""
    if isinstance(result, Orphan):
        return {"orphan": str(result.reason)}
    if isinstance(result, Removed):
        return {"removed": {"start": result.start, "end": result.end}}
    if isinstance(result, FixedByEdit | Rewritten):
        key = "fixed_by_edit" if isinstance(result, FixedByEdit) else "rewritten"
        return {
            key: {
                "start": result.start,
                "end": result.end,
                "replacement": result.replacement,
            }
        }
    return {"start": result.start, "end": result.end, "method": str(result.method)}


@pytest.fixture(scope="session")
def vectors() -> dict[str, Any]:
    data: dict[str, Any] = load("vectors.json")
    return data

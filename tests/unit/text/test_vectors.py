"""The shared normalisation vectors, on the server's side (the widget runs the same file
in Chromium: tests/browser/test_vectors.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from errata.anchoring import TextQuoteSelector, anchor, describe
from errata.text import html_to_text, normalise, normalise_quote

VECTORS = json.loads(
    (Path(__file__).resolve().parents[2] / "fixtures/text/normalisation.json").read_text("utf-8")
)
MARKERS = str.maketrans("", "", "⟦⟧")


def _ids(section: str) -> list[Any]:
    return [pytest.param(case, id=case["id"]) for case in VECTORS[section]]


@pytest.mark.parametrize("case", _ids("normalise"))
def test_plain_text_is_normalised(case: dict[str, Any]) -> None:
    assert normalise(case["input"]) == case["text"]


@pytest.mark.parametrize("case", _ids("normalise"))
def test_normalising_is_idempotent(case: dict[str, Any]) -> None:
    assert normalise(case["text"]) == case["text"]


@pytest.mark.parametrize("case", _ids("html"))
def test_html_becomes_the_article_text(case: dict[str, Any]) -> None:
    assert html_to_text(case["html"]) == case["text"]


@pytest.mark.parametrize("case", _ids("selections"))
def test_a_selection_has_the_expected_selector(case: dict[str, Any]) -> None:
    text = html_to_text(case["html"].translate(MARKERS))
    expected = case["selector"]

    assert text == case["text"]
    assert describe(text, expected["start"], expected["end"]) == TextQuoteSelector(**expected)
    assert normalise_quote(expected["exact"]) == expected["exact"]


@pytest.mark.parametrize("case", _ids("selections"))
def test_the_server_anchors_the_selector_where_the_reader_selected(case: dict[str, Any]) -> None:
    expected = case["selector"]
    found = anchor(TextQuoteSelector(**expected), case["text"])

    assert (found.start, found.end) == (expected["start"], expected["end"])  # type: ignore[union-attr]


def test_offsets_count_code_points_not_utf16_units() -> None:
    case = next(c for c in VECTORS["selections"] if c["id"] == "emoji-offsets")
    before = case["text"][: case["selector"]["start"]]

    assert len(before.encode("utf-16-le")) // 2 > len(before)

"""errata.text.article: which part of a page is the article, and why.

The shared vectors (tests/fixtures/text/article-vectors.json) are also run by the widget's
own code in Chromium (tests/browser/test_vectors.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from errata.text.article import EVIDENCE, find

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
VECTORS = json.loads((FIXTURES / "text/article-vectors.json").read_text("utf-8"))


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in VECTORS["cases"]])
def test_the_article_is_found_as_the_vectors_say(case: dict[str, Any]) -> None:
    found = find(case["html"], selector=case.get("selector", ""))
    assert found is not None
    assert (found.evidence, found.description, found.text) == (
        case["evidence"],
        case["element"],
        case["text"],
    )
    assert found.evidence in EVIDENCE
    assert found.reason


def test_a_document_without_a_body_has_no_article() -> None:
    assert find("") is None


def test_a_broken_site_selector_falls_back_to_the_next_evidence() -> None:
    found = find("<body><main><p>" + "Un texte assez long pour compter. " * 3, selector="p[")
    assert found is not None
    assert found.evidence == "score"

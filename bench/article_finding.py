"""How well errata finds the article on real pages: the old first-match rule against the
rule of errata.text.article (docs/widget.md, "How well it finds the article").

The pages are Mozilla Readability's test pages, each with the article body a careful
extractor keeps (`expected.html`, metadata `readerable`). A page's found text is compared
with the expected body as multisets of words: coverage (recall) is the share of the
expected words the found text holds; extra is the share of the found text's words that
are not in the expected body (1 - precision). Pages whose metadata says they are not
articles (`readerable: false`) are counted apart.

    python -m bench.article_finding                      # ../shared/data/pages
    python -m bench.article_finding --pages tests/fixtures/pages --per-page
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import lxml.html

from errata.text import article, html
from errata.text.html import SKIPPED_ELEMENTS, html_to_text

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PAGES = ROOT.parent / "shared/data/pages"
OLD_ORDER = ("[data-errata-article]", "[itemprop=articleBody]", "article", "main")
# Words; in Chinese, Japanese and Korean, which do not space words, each character.
_WORD = re.compile(
    r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+"
)


def _old_hides(tag: str, attrs: dict[str, str | None], *, forms: bool = True) -> bool:
    # The text rule before issue #10: nothing was left out for being navigation or asides.
    return (
        tag in SKIPPED_ELEMENTS
        or "hidden" in attrs
        or (attrs.get("aria-hidden") or "").lower() == "true"
        or "data-errata-ui" in attrs
        or "display:none" in (attrs.get("style") or "").replace(" ", "").lower()
    )


def old_rule(source: str) -> str | None:
    """The widget's rule before issue #10: the first of four selectors, or nothing."""
    document = lxml.html.document_fromstring(source)
    for selector in OLD_ORDER:
        found = document.cssselect(selector)
        if found:
            with mock.patch.object(html, "hides", _old_hides):
                return html_to_text(article._inner_html(found[0]))
    return None


def new_rule(source: str) -> str | None:
    found = article.find(source)
    return found.text if found else None


@dataclass(frozen=True)
class Score:
    page: str
    attached: bool
    coverage: float
    extra: float
    evidence: str = ""


def words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in _WORD.findall(text))


def compare(page: str, found: str | None, expected: str, evidence: str = "") -> Score:
    if found is None:
        return Score(page, False, 0.0, 0.0, evidence)
    want, got = words(expected), words(found)
    common = sum((want & got).values())
    return Score(
        page,
        True,
        common / max(1, sum(want.values())),
        1 - common / max(1, sum(got.values())),
        evidence,
    )


def evaluate(
    pages: Path, rule: Callable[[str], str | None], with_evidence: bool = False
) -> tuple[list[Score], list[str]]:
    scores, skipped = [], []
    for folder in sorted(p for p in pages.iterdir() if (p / "source.html").exists()):
        metadata = json.loads((folder / "expected-metadata.json").read_text("utf-8"))
        if not metadata.get("readerable", True):
            skipped.append(folder.name)
            continue
        source = (folder / "source.html").read_text("utf-8", errors="replace")
        expected = lxml.html.fromstring(
            (folder / "expected.html").read_text("utf-8")
        ).text_content()
        evidence = ""
        if with_evidence:
            found = article.find(source)
            evidence = found.evidence if found else ""
        scores.append(compare(folder.name, rule(source), expected, evidence))
    return scores, skipped


def summary(name: str, scores: list[Score]) -> str:
    attached = [s for s in scores if s.attached]
    coverage = [s.coverage for s in scores]
    extra = [s.extra for s in attached] or [0.0]
    good = sum(1 for s in attached if s.coverage >= 0.9 and s.extra <= 0.2)
    return (
        f"| {name} | {len(attached)}/{len(scores)} "
        f"| {sum(1 for c in coverage if c >= 0.9)} | {statistics.median(coverage):.1%} "
        f"| {min(coverage):.1%} | {statistics.median(extra):.1%} | {good} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--per-page", action="store_true", help="a row per page, new rule")
    options = parser.parse_args()
    old, skipped = evaluate(options.pages, old_rule)
    new, _ = evaluate(options.pages, new_rule, with_evidence=options.per_page)
    print(f"{len(old)} article pages; not articles (readerable: false): {', '.join(skipped)}")
    print()
    print(
        "| rule | attached | coverage ≥ 90% | median coverage | worst coverage "
        "| median extra | coverage ≥ 90% and extra ≤ 20% |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print(summary("first match (before)", old))
    print(summary("decision (errata.text.article)", new))
    if options.per_page:
        print()
        print("| page | evidence | coverage | extra | before: coverage | before: extra |")
        print("| --- | --- | --- | --- | --- | --- |")
        for n, o in zip(new, old, strict=True):
            print(
                f"| {n.page} | {n.evidence} | {n.coverage:.0%} | {n.extra:.0%} "
                f"| {o.coverage:.0%} | {o.extra:.0%} |"
            )


if __name__ == "__main__":
    main()

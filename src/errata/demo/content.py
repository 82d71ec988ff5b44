"""The demo articles as written: front matter (slug, title, byline, language, date) + body.

The body is plain paragraphs separated by blank lines, the same shape as an article
version's text, so what the hosted page shows is exactly what readers can select.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from importlib import resources

FIELDS = ("slug", "title", "byline", "language", "published_at")
_FENCE = "---"


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    byline: str
    language: str
    published_at: datetime
    body: str


def parse(source: str, name: str = "<demo article>") -> DemoArticle:
    """Read one article file; a missing field or a naive date is an error in the file."""
    lines = source.splitlines()
    if not lines or lines[0].strip() != _FENCE or _FENCE not in lines[1:]:
        raise ValueError(f"{name}: the file must start with a front matter between '---' lines")
    end = lines.index(_FENCE, 1)
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        key, separator, value = line.partition(":")
        if not separator:
            raise ValueError(f"{name}: front matter line {line!r} is not 'key: value'")
        meta[key.strip()] = value.strip()
    missing = [field for field in FIELDS if not meta.get(field)]
    if missing:
        raise ValueError(f"{name}: front matter lacks {', '.join(missing)}")
    published_at = datetime.fromisoformat(meta["published_at"])
    if published_at.tzinfo is None:
        raise ValueError(f"{name}: published_at needs a UTC offset, e.g. +02:00")
    return DemoArticle(
        slug=meta["slug"],
        title=meta["title"],
        byline=meta["byline"],
        language=meta["language"],
        published_at=published_at,
        body="\n".join(lines[end + 1 :]).strip(),
    )


def demo_articles() -> list[DemoArticle]:
    """Every article in `demo/articles/`, in file-name order."""
    folder = resources.files("errata.demo") / "articles"
    files = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".md")),
        key=lambda entry: entry.name,
    )
    return [parse(entry.read_text(encoding="utf-8"), entry.name) for entry in files]

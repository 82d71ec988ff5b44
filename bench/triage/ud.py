"""UD French-GSD: real, proofread French sentences with their real typos marked.

The treebank (UniversalDependencies/UD_French-GSD @ 830e2782, CC BY-SA 4.0) marks 120
words of its dev and test sentences `Typo=Yes` with their `CorrectForm`. errata keeps a
derived copy in `tests/fixtures/triage/ud-french-gsd/sentences.jsonl` (same licence, see
the README there): each sentence's text and its typos as code-point offsets.

    python -m bench.triage.ud extract DIR   # rebuild the fixture from the .conllu files
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

FIXTURE = (
    Path(__file__).parents[2]
    / "tests"
    / "fixtures"
    / "triage"
    / "ud-french-gsd"
    / "sentences.jsonl"
)
FILES = ("fr_gsd-ud-dev.conllu", "fr_gsd-ud-test.conllu")


@dataclass(frozen=True)
class Typo:
    start: int
    end: int
    form: str
    correct: str
    features: str  # the UD features, e.g. "Number=Sing|Typo=Yes" (CorrectNumber: agreement)
    misc: str


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str
    typos: tuple[Typo, ...]


def _misc(field: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in field.split("|") if "=" in part)


def parse(conllu: str) -> list[Sentence]:
    """Sentences with each `Typo=Yes` word located in the sentence's text."""
    found = []
    for block in conllu.strip().split("\n\n"):
        lines = block.splitlines()
        meta = dict(
            line[2:].split(" = ", 1) for line in lines if line.startswith("# ") and " = " in line
        )
        text, at, typos = meta.get("text", ""), 0, []
        covered = 0  # the last word id a multiword token ("du" = "de le") spans
        for line in lines:
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if "." in cols[0]:
                continue
            if "-" in cols[0]:
                _first, last = (int(n) for n in cols[0].split("-"))
                covered = last
                start = text.find(cols[1], at)
                at = start + len(cols[1]) if start >= 0 else at
                continue
            if int(cols[0]) <= covered:
                continue
            start = text.find(cols[1], at)
            if start < 0:
                continue
            at = start + len(cols[1])
            if "Typo=Yes" in cols[5]:
                misc = _misc(cols[9])
                typos.append(
                    Typo(start, at, cols[1], misc.get("CorrectForm", ""), cols[5], cols[9])
                )
        found.append(Sentence(meta.get("sent_id", ""), text, tuple(typos)))
    return found


def extract(directory: Path) -> None:
    with FIXTURE.open("w", encoding="utf-8") as out:
        for name in FILES:
            for sentence in parse((directory / name).read_text(encoding="utf-8")):
                row = {
                    "id": sentence.id,
                    "text": sentence.text,
                    "typos": [typo.__dict__ for typo in sentence.typos],
                }
                out.write(json.dumps(row, ensure_ascii=False) + "\n")


def load() -> list[Sentence]:
    sentences = []
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        typos = tuple(Typo(**typo) for typo in row["typos"])
        sentences.append(Sentence(row["id"], row["text"], typos))
    return sentences


if __name__ == "__main__":
    if sys.argv[1:2] == ["extract"]:
        extract(Path(sys.argv[2]))

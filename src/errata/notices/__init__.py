"""Wording errata drafts for editors: correction notices and replies to readers.

Every text exists per purpose (notice, reply), key (the correction's kind, or the case's
decision) and language; the defaults are files in `defaults/<language>/<purpose>.<key>.txt`
(a reply starts with a `Subject:` line), and a site may override any of them with a
`MessageTemplate` row, edited by its administrators in the desk. Placeholders are
`$name`: a template is text, never code. Everything rendered here is plain text; pages
escape it when they show it.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache
from importlib import resources

from errata.i18n import AVAILABLE, best_language
from errata.models import CorrectionKind, DeclineReason, MessageTemplate, Site, TemplatePurpose

# Which keys each purpose has. Silent fixes carry no notice; duplicates and spam get no
# reply (a duplicate's readers are answered when the case it duplicates is decided).
KEYS: dict[TemplatePurpose, tuple[str, ...]] = {
    TemplatePurpose.NOTICE: tuple(k.value for k in CorrectionKind if k.public),
    TemplatePurpose.REPLY: ("corrected", "declined"),
}

# What a reader is told when their report is declined, in their language.
DECLINE_REASONS: dict[str, dict[str, str]] = {
    "fr": {
        DeclineReason.NOT_AN_ERROR: "après vérification, le passage est exact",
        DeclineReason.OPINION: "le passage exprime une opinion, que nous ne corrigeons pas",
        DeclineReason.OUT_OF_SCOPE: "votre remarque ne porte pas sur l'exactitude de l'article",
        DeclineReason.CANNOT_VERIFY: "nous n'avons pas pu vérifier l'information à ce stade",
    },
    "en": {
        DeclineReason.NOT_AN_ERROR: "having checked, we found the passage accurate",
        DeclineReason.OPINION: "the passage states an opinion, which we do not correct",
        DeclineReason.OUT_OF_SCOPE: "your remark is not about the article's accuracy",
        DeclineReason.CANNOT_VERIFY: "we could not verify the information at this stage",
    },
}

DATE_FORMATS = {"fr": "{d} {month} {y}", "en": "{month} {d}, {y}"}
MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "en": "January February March April May June July August September October November December",
}


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


@dataclass(frozen=True)
class Wording:
    """One template: its place, its current text, and whether the site overrode it."""

    purpose: TemplatePurpose
    key: str
    language: str
    text: Text
    overridden: bool


def _split(raw: str) -> Text:
    if raw.startswith("Subject:"):
        first, _, rest = raw.partition("\n")
        return Text(first.removeprefix("Subject:").strip(), rest.strip())
    return Text("", raw.strip())


@cache
def default(purpose: str, key: str, language: str) -> Text:
    path = resources.files(__package__) / "defaults" / language / f"{purpose}.{key}.txt"
    return _split(path.read_text(encoding="utf-8"))


def _check(purpose: str, key: str) -> TemplatePurpose:
    kind = TemplatePurpose(purpose)
    if key not in KEYS[kind]:
        raise ValueError(f"no {purpose} template for {key!r}")
    return kind


def wording(site: Site, purpose: str, key: str, language: str) -> Wording:
    """The text a site uses for (purpose, key) in `language` (or the nearest errata has)."""
    kind = _check(purpose, key)
    language = best_language(language)
    row = (
        MessageTemplate.objects.for_site(site)
        .filter(purpose=kind, key=key, language=language)
        .first()
    )
    if row is not None:
        return Wording(kind, key, language, Text(row.subject, row.body), overridden=True)
    return Wording(kind, key, language, default(kind, key, language), overridden=False)


def all_wordings(site: Site) -> list[Wording]:
    return [
        wording(site, purpose, key, language)
        for purpose, keys in KEYS.items()
        for key in keys
        for language in AVAILABLE
    ]


def render(site: Site, purpose: str, key: str, language: str, /, **values: str) -> Text:
    """The site's template with `values` substituted; unknown `$names` stay as written."""
    text = wording(site, purpose, key, language).text
    return Text(
        string.Template(text.subject).safe_substitute(values),
        string.Template(text.body).safe_substitute(values),
    )


def long_date(when_year: int, when_month: int, when_day: int, language: str) -> str:
    language = best_language(language)
    month = MONTHS[language].split()[when_month - 1]
    day = "1er" if language == "fr" and when_day == 1 else str(when_day)
    return DATE_FORMATS[language].format(d=day, month=month, y=when_year)


def decline_reason(reason: str, language: str) -> str:
    return DECLINE_REASONS[best_language(language)][DeclineReason(reason)]

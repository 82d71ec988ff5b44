"""Dates written in words in French and English, and what can be wrong with them.

"mardi 31 novembre", "Monday, November 5, 2024", "5 November 2024": errata reads the
weekday, day, month and year, then flags a day the month does not have, a weekday that
does not fall on that date, and a date after the article's publication told in the past
tense ("a annoncé le 12 décembre" in an article of 1 December). A date without a year
is read in the year of publication; without one either, its weekday is "unknown".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date as Date

__all__ = ["Date", "DateProblem", "FoundDate", "find_dates", "problems"]

MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "en": "january february march april may june july august september october november december",
}
WEEKDAYS = {
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "en": "monday tuesday wednesday thursday friday saturday sunday",
}
_MONTH = {lang: {m: i + 1 for i, m in enumerate(names.split())} for lang, names in MONTHS.items()}
_WEEKDAY = {lang: {d: i for i, d in enumerate(names.split())} for lang, names in WEEKDAYS.items()}
_MONTH["fr"]["fevrier"], _MONTH["fr"]["aout"], _MONTH["fr"]["decembre"] = 2, 8, 12


def _alternatives(words: dict[str, int]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_PATTERNS = {
    "fr": re.compile(
        rf"(?:\b(?P<weekday>{_alternatives(_WEEKDAY['fr'])})\s+)?"
        rf"\b(?P<day>1er|\d{{1,2}})\s+(?P<month>{_alternatives(_MONTH['fr'])})\b"
        r"(?:\s+(?P<year>\d{4})\b)?",
        re.IGNORECASE,
    ),
    "en": re.compile(
        rf"(?:\b(?P<weekday>{_alternatives(_WEEKDAY['en'])}),?\s+)?(?:"
        rf"\b(?P<month>{_alternatives(_MONTH['en'])})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
        rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{_alternatives(_MONTH['en'])})\b)"
        r"(?:,?\s+(?P<year>\d{4})\b)?",
        re.IGNORECASE,
    ),
}
_PAST = {
    "fr": re.compile(
        r"\b(?:a|ont|avait|avaient|était|étaient|fut|furent|s'est|se sont)\s+(?:\w+\s+)?"
        r"\w+(?:é|ée|és|ées|i|is|it|u|ue|us|ert|ort)\b|\bhier\b",
        re.IGNORECASE,
    ),
    "en": re.compile(r"\b(?:was|were|had|did|said|announced|\w+ed)\b", re.IGNORECASE),
}
_FUTURE = {
    "fr": re.compile(
        r"\b(?:sera|seront|doit|doivent|devrait|devraient|prévu|prévue|prévus|prévues|"
        r"aura|auront|ira|va|vont|attendu|attendue|jusqu'au|d'ici)\b|\w+(?:era|eront|ira|iront)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"\b(?:will|shall|due|expected|scheduled|planned|until|by|next|is to|are to)\b",
        re.IGNORECASE,
    ),
}


@dataclass(frozen=True)
class FoundDate:
    text: str
    start: int
    end: int
    day: int
    month: int
    year: int | None
    weekday: int | None  # 0 = Monday, as the reader wrote it


def find_dates(text: str, language: str) -> list[FoundDate]:
    pattern = _PATTERNS.get(language)
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(text):
        groups = match.groupdict()
        day = groups.get("day") or groups.get("day2") or ""
        month = (groups.get("month") or groups.get("month2") or "").lower()
        weekday = groups.get("weekday")
        found.append(
            FoundDate(
                text=match.group(),
                start=match.start(),
                end=match.end(),
                day=1 if day.lower() == "1er" else int(day),
                month=_MONTH[language][month],
                year=int(groups["year"]) if groups.get("year") else None,
                weekday=_WEEKDAY[language][weekday.lower()] if weekday else None,
            )
        )
    return found


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(mark, 0, start) for mark in ".!?\n") + 1
    rights = [i for i in (text.find(mark, end) for mark in ".!?\n") if i >= 0]
    return text[left : min(rights) if rights else len(text)]


@dataclass(frozen=True)
class DateProblem:
    """What is wrong with a date, as a code with parameters (rendered by triage.messages)."""

    code: str  # no_such_day, wrong_weekday, after_publication, weekday_unknown
    verdict: str  # impossible, or unknown when errata cannot tell
    params: dict[str, str | int]


def problems(
    found: FoundDate, text: str, language: str, published: Date | None
) -> list[DateProblem]:
    """A day the month lacks, a wrong weekday, a future date told in the past.

    Without a year in the text nor a publication date, the weekday cannot be checked:
    that is said ("unknown"), never guessed from today's year.
    """
    year = found.year or (published.year if published else None)
    days_in_month = calendar.monthrange(year or 2024, found.month)[1]  # 2024: 29 February
    if not 1 <= found.day <= days_in_month:
        return [
            DateProblem("no_such_day", "impossible", {"date": found.text, "days": days_in_month})
        ]
    if year is None:
        if found.weekday is None:
            return []
        return [DateProblem("weekday_unknown", "unknown", {"date": found.text})]
    when = Date(year, found.month, found.day)
    said: list[DateProblem] = []
    if found.weekday is not None and when.weekday() != found.weekday:
        said.append(
            DateProblem(
                "wrong_weekday",
                "impossible",
                {"date": found.text, "weekday": when.weekday(), "iso": when.isoformat()},
            )
        )
    if published is not None and when > published:
        sentence = _sentence(text, found.start, found.end)
        if _PAST[language].search(sentence) and not _FUTURE[language].search(sentence):
            said.append(
                DateProblem(
                    "after_publication",
                    "impossible",
                    {"date": found.text, "published": published.isoformat()},
                )
            )
    return said

"""What errata says to readers, in their language.

Reader-facing texts live in one catalogue per language (`i18n/<lang>.py`: a dict of
message id → text with `{placeholders}`); a translator adds a language by adding a file,
without touching code. Desk (editor) interface strings use Django's gettext instead.
"""

from __future__ import annotations

import importlib
from functools import cache

FALLBACK = "en"
AVAILABLE = ("fr", "en")


@cache
def catalogue(language: str) -> dict[str, str]:
    module = importlib.import_module(f"errata.i18n.{language}")
    messages: dict[str, str] = module.MESSAGES
    return messages


def best_language(*candidates: str | None) -> str:
    """The first candidate errata speaks, by primary subtag (fr-CA → fr), else English."""
    for candidate in candidates:
        primary = (candidate or "").split("-")[0].lower()
        if primary in AVAILABLE:
            return primary
    return FALLBACK


def reader_message(message_id: str, *languages: str | None, **values: str) -> tuple[str, str]:
    """(language used, message) for the first of `languages` errata speaks."""
    language = best_language(*languages)
    return language, catalogue(language)[message_id].format(**values)

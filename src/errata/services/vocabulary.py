"""An editor's "not a typo, add to the site's vocabulary": one click on a flagged word.

The word must be one the spelling check flagged in one of the case's reports, so the
action cannot be used to teach errata arbitrary words; it is stored as a `SiteWord` of
the article's language, and the case gets a history row naming the word and the editor.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from errata.errors import Problem, invalid
from errata.models import Case, CaseEvent, CaseEventKind, Report, SiteWord
from errata.services.permissions import require_member
from errata.triage.dictionaries import base_language


def flagged_words(case: Case) -> dict[str, str]:
    """The words the spelling check flagged in the case's reports → their language."""
    found: dict[str, str] = {}
    for findings in (
        Report.objects.for_site(case.site_id).filter(case=case).values_list("findings", flat=True)
    ):
        for finding in findings if isinstance(findings, list) else []:
            data = finding.get("data", {}) if isinstance(finding, dict) else {}
            if finding.get("check") != "spelling" or data.get("kind") != "misspelling":
                continue
            for word in data.get("flagged", []):
                found.setdefault(str(word), base_language(str(data.get("language", ""))))
    return found


def accept_word(actor: Any, case: Case, word: str) -> CaseEvent:
    """Add `word`, flagged in the case, to the site's vocabulary, with a history row."""
    require_member(actor, case.site)
    flagged = flagged_words(case)
    if word not in flagged:
        raise invalid("word", "not-flagged", "must be a word the spelling check flagged")
    language = flagged[word]
    with transaction.atomic():
        try:
            with transaction.atomic():
                SiteWord.objects.create(
                    site=case.site, language=language, word=word, added_by=actor
                )
        except IntegrityError:
            raise Problem(
                409, "already-known", "Already in the vocabulary", f"word: « {word} » is known."
            ) from None
        return CaseEvent.objects.record(
            case,
            CaseEventKind.VOCABULARY,
            actor=actor,
            data={"word": word, "language": language},
        )

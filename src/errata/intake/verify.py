"""Grouping task, step 2: what the machine can tell at once about the report, stored as findings.

Each check returns zero or more findings `{check, verdict, code, params, data}`: a code
with its parameters, which `errata.presenters.triage` renders in the desk's language and
the API gives with its message (docs/triage.md lists every check, verdict and code). The checks read the
passage as the article's text has it (the anchored span), not as the reader's browser
sent it. They run in the grouping task, right after the report is stored: together they
stay within a few milliseconds (docs/triage.md, "Evaluation").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from errata.anchoring import Span
from errata.models import Category
from errata.triage import consistency, dictionaries, grammar, language, spelling, typography
from errata.triage.dates import Date
from errata.triage.passage import Passage
from errata.triage.vocabulary import Vocabulary, learn_article, site_vocabulary

Finding = dict[str, Any]


@dataclass(frozen=True)
class Subject:
    """What the checks read: the reader's words and the passage they are about."""

    site_id: int
    spelling_variants: str
    category: str
    quote: str  # as the reader sent it
    comment: str
    suggestion: str
    span: Span | None  # None: a report about the whole article
    passage: Passage
    # The site's learned words in a language; the grouping task reads them once per batch.
    site_words: Callable[[str], frozenset[str]] | None = None


# Each check sees the findings of the checks before it (grammar skips confirmed typos).
Check = Callable[[Subject, Sequence[Finding]], list[Finding]]

# Checks about facts, not wording: a typo report is not checked for conflicting figures.
FACTUAL = frozenset({Category.FACTUAL, Category.MISLEADING, Category.OUTDATED, Category.OTHER})
MENTIONS_SHOWN = 20  # other mentions of a figure listed in a finding
# Checks about wording, not facts.
WORDING = frozenset({Category.TYPO, Category.OTHER})


def finding(
    check: str, verdict: str, code: str, params: dict[str, Any] | None = None, **data: Any
) -> Finding:
    return {"check": check, "verdict": verdict, "code": code, "params": params or {}, "data": data}


def suggestion_changes_passage(subject: Subject, earlier: Sequence[Finding] = ()) -> list[Finding]:
    """A suggestion identical to the quote proposes no change; say so before an editor looks."""
    quote = subject.quote.strip()
    suggestion = subject.suggestion.strip()
    if quote and suggestion and quote == suggestion:
        return [finding("suggestion", "unchanged", "suggestion.unchanged")]
    return []


def report_language(subject: Subject, earlier: Sequence[Finding] = ()) -> list[Finding]:
    """A report in another language than the article's is normal; the desk shows it."""
    passage = subject.passage
    written = language.report_language(subject.comment, subject.suggestion)
    if not written or not passage.language or written == passage.language:
        return []
    return [
        finding(
            "language",
            "different",
            "language.different",
            {"report": written, "article": passage.language},
            report=written,
            article=passage.language,
            severity="info",
        )
    ]


def _spelling_code(result: spelling.Spelling, suggestion: str) -> tuple[str, dict[str, Any]]:
    """The finding's code and parameters; the suggestion sentence only on a confirmation."""
    if result.verdict == spelling.NOT_CONFIRMED:
        code = "spelling.known"
    elif result.kind == "misspelling":
        code = "spelling.misspelled" if result.verdict == spelling.CONFIRMED else "spelling.unknown"
    else:
        code = f"spelling.{result.kind}_{result.verdict}"
    params: dict[str, Any] = {"words": list(result.flagged), "basis": list(result.basis)}
    if result.verdict == spelling.CONFIRMED and result.suggestion_fixes:
        params["fixed_by"] = suggestion.strip()
    if result.unknown_in_suggestion:
        params["unknown_in_suggestion"] = list(result.unknown_in_suggestion)
    return code, params


def spelled(subject: Subject, earlier: Sequence[Finding] = ()) -> list[Finding]:
    """Is the passage misspelled in the article's language; does the suggestion fix it?"""
    passage = subject.passage
    if not passage.text or dictionaries.dictionary(passage.language) is None:
        return []
    vocabulary = Vocabulary(
        passage.language,
        article=learn_article(passage.article_text, passage.language),
        site=(subject.site_words or partial(site_vocabulary, subject.site_id))(passage.language),
        variants=subject.spelling_variants,
    )
    suggestion = subject.suggestion
    if typography.only_typography(passage.text, suggestion):
        return []  # the typography check says it better
    if subject.span is not None:
        result = spelling.check_in(
            passage.article_text,
            passage.start,
            passage.end,
            suggestion,
            vocabulary,
            with_grammar=subject.category in WORDING,
        )
    else:
        result = spelling.check(passage.text, suggestion, vocabulary, before=passage.before)
    is_typo = subject.category == Category.TYPO
    if result.verdict == spelling.NOT_CONFIRMED and not is_typo:
        return []
    fix = None
    # Only a confirmed verdict carries a fix ready to apply (consensus.ready_fix).
    if (
        result.verdict == spelling.CONFIRMED
        and result.fix
        and result.suggestion_fixes
        and subject.span is not None
    ):
        fix = {
            "start": passage.start + result.fix.start,
            "end": passage.start + result.fix.end,
            "replacement": result.fix.replacement,
        }
    return [
        finding(
            "spelling",
            result.verdict,
            *_spelling_code(result, suggestion),
            kind=result.kind,
            flagged=list(result.flagged),
            suggestion_fixes=result.suggestion_fixes,
            unknown_in_suggestion=list(result.unknown_in_suggestion),
            fix=fix,
            basis=list(result.basis),
            language=passage.language,
        )
    ]


def _whole_word(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word.strip())}(?!\w)", text) is not None


def grammatical(subject: Subject, earlier: Sequence[Finding] = ()) -> list[Finding]:
    """French grammar errors in the passage, when Grammalecte is installed (optional, GPL)."""
    passage = subject.passage
    if passage.language != "fr" or subject.span is None or not passage.text:
        return []
    if subject.category not in WORDING or not grammar.available():
        return []
    if any(f["check"] == "spelling" and f["verdict"] == "confirmed" for f in earlier):
        return []  # a misspelled word is already said; Grammalecte costs ~4 ms a sentence
    left, right = grammar.sentence_around(passage.article_text, passage.start, passage.end)
    sentence = passage.article_text[left:right]
    suggestion = subject.suggestion
    found = []
    for error in grammar.errors(sentence):
        if not (left + error.start < passage.end and passage.start < left + error.end):
            continue
        fixes = (
            any(_whole_word(s, suggestion) for s in error.suggestions)
            if suggestion.strip()
            else None
        )
        # Grammalecte errs on correct text too (about 1 flag per 1,000 words, docs/triage.md):
        # it confirms only when the reader independently proposed what it proposes.
        found.append(
            finding(
                "grammar",
                "confirmed" if fixes else "possible",
                "grammar.error",
                {"excerpt": sentence[error.start : error.end], "message": error.message},
                rule=error.rule,
                start=left + error.start,
                end=left + error.end,
                suggestions=list(error.suggestions),
                suggestion_fixes=fixes,
            )
        )
    return found


def typeset(subject: Subject, earlier: Sequence[Finding] = ()) -> list[Finding]:
    """French typography: lower severity than spelling, a silent fix at most."""
    passage = subject.passage
    found = typography.issues(passage.text, passage.language)
    if typography.only_typography(passage.text, subject.suggestion):
        verdict = "confirmed"
    elif found and subject.category == Category.TYPO:
        verdict = "issue"
    else:
        return []
    issues = [
        {"rule": rule, "char": char}
        for rule, char in dict.fromkeys((issue.rule, issue.char) for issue in found)
    ]
    code = "typography.issues" if issues else "typography.only_spaces"
    return [
        finding(
            "typography",
            verdict,
            code,
            {"issues": issues},
            severity="low",
            issues=[{"rule": issue.rule, "at": passage.start + issue.at} for issue in found],
        )
    ]


def _figures(passage: Passage, suggestion: str) -> list[Finding]:
    """Each figure of the passage with the article's other mentions of the same noun.

    A conflict needs the same thing counted (`consistency.same_thing`) with another
    value; the reader's figure for that thing is compared with the other mentions.
    """
    found = []
    suggested = consistency.figures(suggestion)
    for figure, others in consistency.other_figures(
        passage.article_text, passage.start, passage.end
    ):
        if not others:
            continue
        same = [o for o in others if consistency.same_thing(figure, o)]
        differ = [o for o in same if o.value != figure.value]
        if differ:
            verdict, code = "conflict", "figures.conflict"
        elif same:
            verdict, code = "consistent", "figures.consistent"
        else:
            verdict, code = "mentions", "figures.mentions"
        shown = (same or others)[:MENTIONS_SHOWN]
        params: dict[str, Any] = {
            "figure": figure.text,
            "mentions": [o.text for o in shown],
            "more": max(0, len(same or others) - MENTIONS_SHOWN),
        }
        if any(
            s.value != figure.value and consistency.same_thing(figure, s) and s.value == o.value
            for s in suggested
            for o in same
        ):
            params["suggested_elsewhere"] = True
        found.append(
            finding(
                "figures",
                verdict,
                code,
                params,
                figure=figure.text,
                mentions=[{"text": o.text, "start": o.start, "end": o.end} for o in shown],
            )
        )
    return found


def _titles(passage: Passage) -> list[Finding]:
    conflicts = consistency.title_conflicts(passage.article_text, passage.text)
    return [
        finding(
            "titles",
            "conflict",
            "titles.conflict",
            {"person": person, "titles": list(dict.fromkeys(m.title for m in mentions))},
            person=person,
            titles=[{"title": m.title, "start": m.start} for m in mentions],
        )
        for person, mentions in conflicts.items()
    ]


def _names(passage: Passage) -> list[Finding]:
    variants = consistency.name_variants(passage.article_text, passage.text, passage.language)
    return [
        finding(
            "names",
            "conflict",
            "names.conflict",
            {"name": name, "variants": others},
            name=name,
            variants=others,
        )
        for name, others in variants.items()
    ]


def consistent(subject: Subject, earlier: Sequence[Finding] = ()) -> list[Finding]:
    """For a factual report: the article's other mentions of the passage's figures and people."""
    passage = subject.passage
    if not passage.text or subject.category not in FACTUAL:
        return []
    return _figures(passage, subject.suggestion) + _titles(passage) + _names(passage)


def dated(subject: Subject, earlier: Sequence[Finding] = ()) -> list[Finding]:
    """Impossible dates and future dates told in the past, whatever the category."""
    passage = subject.passage
    published: Date | None = passage.published
    said = consistency.date_problems(passage.text, passage.language, published)
    return [finding("dates", p.verdict, f"dates.{p.code}", dict(p.params)) for p in said]


CHECKS: tuple[Check, ...] = (
    suggestion_changes_passage,
    report_language,
    spelled,
    grammatical,
    typeset,
    consistent,
    dated,
)


# The checks that read the reader's comment. The others read what readers of one passage
# often send alike (the passage, quote, suggestion and category): they are given the
# subject without its comment and the findings of the others like them only, so that
# what they find is theirs to share between such readers (`Shared`).
READS_COMMENT: frozenset[Check] = frozenset({report_language})

# A batch's findings of the checks that read no comment, by their subject (its comment
# left out), in `CHECKS` order.
Shared = dict[Subject, list[list[Finding]]]


def check(subject: Subject, shared: Shared | None = None) -> tuple[Finding, ...]:
    """The findings about a report. With `shared` (one per batch), the checks that read no
    comment run once per distinct subject, whatever the comments."""
    alike = replace(subject, comment="")
    known = shared.get(alike) if shared is not None else None
    found: list[Finding] = []
    results: list[list[Finding]] = []  # of the checks that read no comment
    for each in CHECKS:
        if each in READS_COMMENT:
            found.extend(each(subject, found))
            continue
        if known is not None:
            result = known[len(results)]
        else:
            result = each(alike, [f for earlier in results for f in earlier])
        results.append(result)
        found.extend(result)
    if shared is not None and known is None:
        shared[alike] = results
    return tuple(found)

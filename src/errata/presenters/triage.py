"""What triage found, in the desk's language: findings, spam reasons, priority reasons.

Triage stores codes with parameters (`{"code": "spelling.misspelled", "params": {...}}`),
never sentences: the desk renders them here with gettext in the editor's language (French
complete in `locale/fr`), and the API gives the code, its parameters and this message.
A code this module does not know is shown as itself, so nothing is ever hidden; text a
reader or an article supplied (words, figures, names) is a parameter, and templates
escape it like any other text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from errata.models import Category

FINDINGS: dict[str, Promise] = {
    "suggestion.unchanged": gettext_lazy(
        "The suggested wording is identical to the quoted passage."
    ),
    "language.different": gettext_lazy(
        "The report is written in %(report)s; the article in %(article)s."
    ),
    "spelling.misspelled": gettext_lazy("%(words)s: misspelled (%(basis)s)."),
    "spelling.unknown": gettext_lazy(
        "%(words)s: not in the dictionary nor the site's vocabulary, which alone proves "
        "nothing here (%(basis)s)."
    ),
    "spelling.agreement_confirmed": gettext_lazy(
        "%(words)s: does not agree with its determiner (%(basis)s)."
    ),
    "spelling.agreement_possible": gettext_lazy("%(words)s: possibly the wrong form (agreement)."),
    "spelling.homophone_confirmed": gettext_lazy(
        "%(words)s: the grammar here allows only the suggested word (%(basis)s)."
    ),
    "spelling.homophone_possible": gettext_lazy(
        "%(words)s: possibly confused with a word that sounds the same."
    ),
    "spelling.accent_possible": gettext_lazy("%(words)s: possibly a missing or wrong accent."),
    "spelling.known": gettext_lazy(
        "Every quoted word is in the dictionary or the site's vocabulary."
    ),
    "grammar.error": gettext_lazy("« %(excerpt)s »: %(message)s"),
    "typography.only_spaces": gettext_lazy("The suggestion changes only spaces or quote marks."),
    "typography.issues": gettext_lazy("French typography: %(issues)s."),
    "figures.conflict": gettext_lazy(
        "« %(figure)s » here; the same thing elsewhere in the article: %(mentions)s."
    ),
    "figures.consistent": gettext_lazy(
        "« %(figure)s » here; the same elsewhere in the article: %(mentions)s."
    ),
    "figures.mentions": gettext_lazy(
        "« %(figure)s » here; other figures of the same noun in the article, not "
        "necessarily the same quantity: %(mentions)s."
    ),
    "titles.conflict": gettext_lazy("%(person)s is called %(titles)s."),
    "names.conflict": gettext_lazy("« %(name)s » here; the article also writes %(variants)s."),
    "dates.no_such_day": gettext_lazy("« %(date)s » does not exist: that month has %(days)s days."),
    "dates.wrong_weekday": gettext_lazy("« %(date)s »: that date was a %(weekday)s (%(iso)s)."),
    "dates.after_publication": gettext_lazy(
        "« %(date)s » is after the article's publication (%(published)s) but told in the "
        "past tense."
    ),
    "dates.weekday_unknown": gettext_lazy(
        "« %(date)s »: the weekday cannot be checked without the year or the article's "
        "publication date."
    ),
    "legacy": gettext_lazy("%(text)s"),
}
BASIS: dict[str, Promise] = {
    "accent": gettext_lazy("an accent error"),
    "misspelling": gettext_lazy("one letter from a dictionary word, which the reader proposes"),
    "near": gettext_lazy("one letter from a dictionary word, or a rare word"),
    "name": gettext_lazy("a name errata has not learned"),
    "foreign": gettext_lazy("a word of another language"),
    "inclusive": gettext_lazy("inclusive writing"),
    "glued": gettext_lazy("two words without a space: a typo or the page's markup"),
    "reform_1990": gettext_lazy("a 1990 reform spelling, which this site does not use"),
    "unknown": gettext_lazy("no dictionary word is near it: jargon or a rare word"),
    "rule": gettext_lazy("errata's agreement rule"),
    "grammar": gettext_lazy("Grammalecte's grammatical analysis"),
    "grammar_silent": gettext_lazy("but Grammalecte sees no error in the sentence"),
}
TYPOGRAPHY: dict[str, Promise] = {
    "space-before-punctuation": gettext_lazy("ordinary space before « %(char)s »"),
    "missing-space-before-punctuation": gettext_lazy("no space before « %(char)s »"),
    "space-after-guillemet": gettext_lazy("ordinary space after « « »"),
    "straight-quotes": gettext_lazy("straight quotes where French uses « »"),
}
SPAM: dict[str, Promise] = {
    "spam.honeypot": gettext_lazy("honeypot field filled"),
    "spam.links": gettext_lazy("links: %(count)s"),
    "spam.fast": gettext_lazy("form filled in %(ms)s ms"),
    "spam.garbage": gettext_lazy("text looks like garbage: %(signs)s"),
    "spam.same_reader": gettext_lazy("same comment already sent by this reader today"),
    "spam.same_elsewhere": gettext_lazy("same comment sent today about another article"),
    "spam.burst_article": gettext_lazy("%(count)s reports on this article from this reader"),
    "spam.burst_site": gettext_lazy("many reports from this reader in the last hour"),
    "legacy": gettext_lazy("%(text)s"),
}
GARBAGE: dict[str, Promise] = {
    "symbols": gettext_lazy("mostly symbols"),
    "repeated": gettext_lazy("a character repeated many times"),
    "no_language": gettext_lazy("no word of any language errata knows"),
    "unpronounceable": gettext_lazy("unpronounceable letter runs"),
}
PRIORITY_FINDINGS: dict[str, Promise] = {
    "spelling.confirmed": gettext_lazy("misspelling confirmed"),
    "grammar.confirmed": gettext_lazy("grammar error confirmed"),
    "figures.conflict": gettext_lazy("conflicting figures in the article"),
    "dates.impossible": gettext_lazy("impossible or misplaced date"),
    "titles.conflict": gettext_lazy("a person's title differs in the article"),
    "names.conflict": gettext_lazy("a name is spelled two ways in the article"),
}
WEEKDAYS = (
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
)


def quoted(words: Iterable[Any]) -> str:
    return ", ".join(f"« {word} »" for word in words)


def _language(code: str) -> str:
    from django.utils.translation import get_language_info

    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _format(template: Promise | str, params: Mapping[str, Any]) -> str:
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


def finding_params(finding: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters as the message shows them: lists quoted, codes named."""
    params = dict(finding.get("params") or {})
    code = str(finding.get("code", ""))
    for key in ("words", "mentions", "titles", "variants"):
        if isinstance(params.get(key), list):
            params[key] = quoted(params[key])
    if isinstance(params.get("basis"), list):
        params["basis"] = "; ".join(str(BASIS.get(b, b)) for b in params["basis"])
    if code == "language.different":
        params["report"] = _language(str(params.get("report", "")))
        params["article"] = _language(str(params.get("article", "")))
    if code == "dates.wrong_weekday" and isinstance(params.get("weekday"), int):
        params["weekday"] = str(WEEKDAYS[params["weekday"] % 7])
    if code == "typography.issues" and isinstance(params.get("issues"), list):
        params["issues"] = "; ".join(
            _format(TYPOGRAPHY.get(str(i.get("rule")), str(i.get("rule"))), i)
            for i in params["issues"]
            if isinstance(i, dict)
        )
    return params


def finding_message(finding: Mapping[str, Any]) -> str:
    """One finding in the active language: its sentence, then what the reader proposed."""
    code = str(finding.get("code", ""))
    params = finding_params(finding)
    said = _format(FINDINGS[code], params) if code in FINDINGS else code
    said = said.replace(" ()", "")  # a row migrated from before bases were recorded
    extra = finding.get("params") or {}
    if extra.get("fixed_by"):
        said += " " + _("The suggestion « %(suggestion)s » fixes it.") % {
            "suggestion": extra["fixed_by"]
        }
    if extra.get("unknown_in_suggestion"):
        said += " " + _("The suggestion itself has unknown words: %(words)s.") % {
            "words": quoted(extra["unknown_in_suggestion"])
        }
    if extra.get("suggested_elsewhere"):
        said += " " + _("The reader's figure is the one the article gives elsewhere.")
    if extra.get("more"):
        said += " " + ngettext("(%(count)d more)", "(%(count)d more)", int(extra["more"])) % {
            "count": int(extra["more"])
        }
    return said


def spam_message(reason: Mapping[str, Any] | str) -> str:
    if isinstance(reason, str):
        return reason  # a row stored before reasons were codes
    code = str(reason.get("code", ""))
    params = dict(reason.get("params") or {})
    if isinstance(params.get("signs"), list):
        params["signs"] = ", ".join(str(GARBAGE.get(s, s)) for s in params["signs"])
    return _format(SPAM[code], params) if code in SPAM else code


def _priority_part(part: Mapping[str, Any]) -> str:
    code = str(part.get("code", ""))
    params = dict(part.get("params") or {})
    points = int(params.get("points", 0))
    if code == "priority.held":
        return _("held as likely spam")
    if code == "priority.category":
        try:
            return str(Category(str(params.get("category", ""))).label)
        except ValueError:
            return str(params.get("category", ""))
    if code == "priority.readers":
        count = int(params.get("count", 0))
        return ngettext("%(count)d reader", "%(count)d readers", count) % {"count": count}
    if code == "priority.rule":
        return f"{params.get('name', '')} {points:+d}"
    if code == "priority.finding":
        finding = str(params.get("finding", ""))
        return f"{PRIORITY_FINDINGS.get(finding, finding)} {points:+d}"
    if code == "priority.fresh_day":
        today = _("published today")
        return f"{today} {points:+d}"
    if code == "priority.fresh_week":
        week = _("published this week")
        return f"{week} {points:+d}"
    if code == "legacy":
        return str(params.get("text", ""))
    return code


def priority_message(parts: Iterable[Mapping[str, Any]]) -> str:
    """The case's priority reason in one line: "Factual error; 2 readers; … +10"."""
    return _("; ").join(_priority_part(part) for part in parts)


def coded(item: Mapping[str, Any], message: str) -> dict[str, Any]:
    """A stored code as the API shows it: code, parameters and the message."""
    return {"code": item.get("code", ""), "params": item.get("params") or {}, "message": message}


CHECKS: dict[str, Promise] = {
    "suggestion": gettext_lazy("suggestion"),
    "language": gettext_lazy("language"),
    "spelling": gettext_lazy("spelling"),
    "grammar": gettext_lazy("grammar"),
    "typography": gettext_lazy("typography"),
    "figures": gettext_lazy("figures"),
    "titles": gettext_lazy("titles"),
    "names": gettext_lazy("names"),
    "dates": gettext_lazy("dates"),
}
VERDICTS: dict[str, Promise] = {
    "confirmed": gettext_lazy("confirmed"),
    "possible": gettext_lazy("possible"),
    "not_confirmed": gettext_lazy("not confirmed"),
    "unchanged": gettext_lazy("unchanged"),
    "different": gettext_lazy("different"),
    "issue": gettext_lazy("issue"),
    "conflict": gettext_lazy("conflict"),
    "consistent": gettext_lazy("consistent"),
    "mentions": gettext_lazy("other mentions"),
    "impossible": gettext_lazy("impossible"),
    "unknown": gettext_lazy("unknown"),
}


def check_label(check: str) -> str:
    return str(CHECKS.get(check, check))


def verdict_label(verdict: str) -> str:
    return str(VERDICTS.get(verdict, verdict))

"""Words the dictionary lacks but the site's articles teach: names, acronyms, jargon.

Four sources, from the most to the least specific:

- the article's proper nouns: capitalised words Hunspell does not know (Koursk, Blinken,
  l'OTAN's "OTAN", d'Austin's "Austin"); at a sentence start only when the word also
  appears elsewhere in the text, so "Deploiement." opening a sentence is not learned;
- the site's proper nouns: the same, gathered over every article of the site;
- the article's jargon and loan words: lower-case words Hunspell lacks, used at least
  twice, that are not one edit away from a word it knows ("drouaise", "salary"; but
  never "deploiement", an accent away from "déploiement"). Asking another language's
  dictionary instead would learn "region" for "région": a dropped accent often makes an
  English word;
- the site's jargon: any unknown word seen in at least `SITE_MIN_ARTICLES` articles;
- the words editors added from the desk ("not a typo, add to the site's vocabulary",
  `SiteWord`), each with its history row on the case.

A name is learned only if it is capitalised in most of its uses.

A word that is one or two letters away from a word used three times as often is not
learned: "Blinkne" next to five "Blinken", "gigafacory" next to five "gigafactory" are
the typos a reader will report. The
site's vocabulary is cached per process and rebuilt when a version is added (the cache
key is the site's latest version id); each version's words are remembered by id, so a
new version costs only its own words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from threading import Lock

from rapidfuzz.distance import Levenshtein

from errata.triage import dictionaries
from errata.triage.words import tokens

SITE_MIN_ARTICLES = 3
JARGON_LENGTH = 4  # shorter unknown words are always one edit from a known one
JARGON_USES = 2  # occurrences in the article before a lower-case unknown word is learned
JARGON_CHECKED = 30  # unknown words per article worth the neighbourhood check
TYPO_DISTANCE = 2  # edits between a rare word and the frequent one it misspells
TYPO_RATIO = 3  # how much more often the real word must appear
VERSIONS_READ = 2_000  # the most recently changed articles a site's vocabulary learns from
# Combining forms that Hunspell knows only inside listed compounds (indo-pacifique).
COMBINING = frozenset(
    [
        "afro",
        "anglo",
        "austro",
        "euro",
        "franco",
        "germano",
        "gréco",
        "greco",
        "indo",
        "italo",
        "judéo",
        "nippo",
        "russo",
        "sino",
        "hispano",
        "helvéto",
        "belgo",
        "turco",
        "irano",
        "israélo",
        "arabo",
        "américano",
        "soviéto",
        "néo",
        "ex",
        "post",
        "pré",
        "anti",
        "pro",
        "co",
        "semi",
        "quasi",
        "non",
        "mi",
    ]
)


@dataclass(frozen=True)
class Unknown:
    """What one text holds that the dictionary lacks."""

    names: Counter[str] = field(default_factory=Counter)  # capitalised, by occurrences
    opening: Counter[str] = field(default_factory=Counter)  # capitalised at sentence start
    words: frozenset[str] = frozenset()  # lower-case unknown words
    word_counts: Counter[str] = field(default_factory=Counter)  # the same, by occurrences


def unknown_words(text: str, language: str) -> Unknown:
    names: Counter[str] = Counter()
    opening: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for token in tokens(text, language):
        if dictionaries.knows(language, token.text):
            continue
        if token.capitalised:
            (opening if token.sentence_start else names)[token.text] += 1
        else:
            lower[token.text] += 1
    return Unknown(names, opening, frozenset(lower), lower)


def _not_misspellings(names: Counter[str]) -> set[str]:
    """The words of `names` that are not a rare variant of a far more frequent one."""
    kept = set()
    frequent = [name for name, count in names.items() if count >= TYPO_RATIO]
    for name, count in names.items():
        if any(
            other != name
            and names[other] >= TYPO_RATIO * count
            and len(name) > 3
            and Levenshtein.distance(name, other, score_cutoff=TYPO_DISTANCE) <= TYPO_DISTANCE
            for other in frequent
        ):
            continue
        kept.add(name)
    return kept


def proper_nouns(found: Iterable[Unknown]) -> frozenset[str]:
    """The names among unknown capitalised words, without the likely misspellings.

    A name is capitalised in most of its uses: a word also written in lower case as
    often is a common word, or a typo, that opened a sentence or a heading.
    """
    names: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for unknown in found:
        names.update(unknown.names)
        lower.update(unknown.word_counts)
        for word, count in unknown.opening.items():
            if count > 1 or word in unknown.names:
                names[word] += count
    capitalised = Counter(
        {name: count for name, count in names.items() if count > lower[name.lower()]}
    )
    return frozenset(_not_misspellings(capitalised))


@lru_cache(maxsize=256)
def learn_article(text: str, language: str) -> frozenset[str]:
    """The article's proper nouns and jargon (cached: every report on it asks again).

    Jargon is learned only with evidence that it is not a typo: it appears at least
    `JARGON_USES` times and no dictionary word is one edit away. A word written once is
    as likely a typo (two letters swapped and one dropped, two words glued) as a rare
    word, and stays unknown: the spelling check says "possible", and an editor can add
    it to the site's vocabulary from the desk.
    """
    unknown = unknown_words(text, language)
    candidates = _not_misspellings(unknown.word_counts)  # "gigafacory" by "gigafactory" ×5
    jargon = {
        word
        for word in sorted(candidates, key=len, reverse=True)[:JARGON_CHECKED]
        if len(word) >= JARGON_LENGTH
        and unknown.word_counts[word] >= JARGON_USES
        and not dictionaries.one_edit_from_known(language, word)
    }
    return proper_nouns([unknown]) | jargon


def learn_site(found: Iterable[Unknown]) -> frozenset[str]:
    """Names from every article plus words unknown to Hunspell seen in enough articles."""
    found = list(found)
    seen: Counter[str] = Counter()
    for unknown in found:
        seen.update(unknown.words)
    jargon = {word for word, articles in seen.items() if articles >= SITE_MIN_ARTICLES}
    return proper_nouns(found) | jargon


@dataclass(frozen=True)
class Vocabulary:
    """Everything a check may accept besides the dictionary, for one report."""

    language: str
    article: frozenset[str] = frozenset()
    site: frozenset[str] = frozenset()
    variants: str = "both"  # the site's choice of spelling variants (triage.unknown)

    def knows(self, word: str) -> bool:
        word = word.replace("’", "'")
        if word in self.article or word in self.site or dictionaries.knows(self.language, word):
            return True
        parts = [part for part in word.split("-") if part]
        return (
            len(parts) > 1
            and all(part.lower() in COMBINING or self.knows(part) for part in parts[:-1])
            and self.knows(parts[-1])
        )


_lock = Lock()
_by_version: dict[tuple[int, str], dict[int, Unknown]] = {}  # per site: newest versions only
_by_site: dict[tuple[int, str], tuple[int, frozenset[str]]] = {}


def site_vocabulary(site_id: int, language: str) -> frozenset[str]:
    """The site's learned words in `language`, rebuilt only when a version was added.

    The first call in a process reads the newest version of up to `VERSIONS_READ`
    articles (about 1 ms each); `warm()` does that when a worker starts.
    """
    from django.db.models import CharField, IntegerField, Max, Value

    from errata.models import ArticleVersion, SiteWord

    key = (site_id, language)
    versions = ArticleVersion.objects.for_site(site_id).filter(article__language=language)
    # In one statement: the editors' words (always fresh), and the newest version the
    # learned words must have seen.
    rows = (
        SiteWord.objects.for_site(site_id)
        .filter(language=language)
        .order_by()
        .values_list("word", Value(None, output_field=IntegerField()))
        .union(
            versions.order_by()
            .values("site")
            .annotate(latest=Max("pk"))
            .values_list(Value(None, output_field=CharField()), "latest"),
            all=True,
        )
    )
    accepted, latest = set(), 0
    for word, newest_version in rows:
        if word is None:
            latest = newest_version or 0
        else:
            accepted.add(word)
    cached = _by_site.get(key)
    if cached is not None and cached[0] == latest:
        return cached[1] | accepted if accepted else cached[1]  # no copy of thousands of words
    # One article's versions share most words: the newest version of each article counts.
    newest: dict[int, int] = {}
    for pk, article_id in versions.order_by("-pk").values_list("pk", "article_id").iterator():
        newest.setdefault(article_id, pk)
        if len(newest) >= VERSIONS_READ:
            break
    known = dict(_by_version.get(key, {}))
    missing = set(newest.values()) - known.keys()
    for pk, text in versions.filter(pk__in=missing).values_list("pk", "text").iterator():
        known[pk] = unknown_words(text, language)
    known = {pk: known[pk] for pk in newest.values() if pk in known}
    learned = learn_site(known.values())
    with _lock:
        _by_version[key] = known
        _by_site[key] = (latest, learned)
    return learned | accepted


def warm() -> None:
    """Learn every site's vocabulary now (a worker starting), not on a reader's report."""
    from errata.models import Article

    pairs = Article.objects.values_list("site_id", "language").distinct()
    for site_id, language in pairs:
        if dictionaries.dictionary(language) is not None:
            site_vocabulary(site_id, dictionaries.base_language(language))


def forget() -> None:
    """Drop what this process learned (tests, or after a site's articles were deleted)."""
    with _lock:
        _by_version.clear()
        _by_site.clear()
    learn_article.cache_clear()

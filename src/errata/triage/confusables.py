"""Real-word errors: a known word where another known word was meant.

No dictionary sees "les soldat" or "il a été a Kyiv". errata looks only at the word a
reader's suggestion swaps for another and says:

- confirmed, for number agreement the nearest determiner decides ("les soldat" →
  "soldats"; "this reports" → "report"), and for the French a/à in contexts that allow
  only one of them ("il à annoncé", "a partir de", "a Paris");
- possible, for other inflections (gender), listed homophones, and words that differ
  only by their accents ("marche" / "marché"): the editor decides.
"""

from __future__ import annotations

import re
import unicodedata

from errata.triage.dates import MONTHS
from errata.triage.words import apostrophes, tokens

CONFIRMED, POSSIBLE, NOT_CONFIRMED = "confirmed", "possible", "not_confirmed"

PLURAL_DETERMINERS = {
    "fr": frozenset(
        [
            "les",
            "des",
            "ces",
            "mes",
            "tes",
            "ses",
            "nos",
            "vos",
            "leurs",
            "plusieurs",
            "quelques",
            "certains",
            "certaines",
            "aux",
            "deux",
            "trois",
            "quatre",
            "cinq",
            "six",
            "sept",
            "huit",
            "neuf",
            "dix",
            "douze",
            "vingt",
            "trente",
            "cent",
            "mille",
            "nombreux",
            "nombreuses",
            "divers",
            "diverses",
        ]
    ),
    "en": frozenset(
        [
            "these",
            "those",
            "many",
            "several",
            "few",
            "both",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "dozens",
            "hundreds",
            "thousands",
            "millions",
            "various",
            "numerous",
        ]
    ),
}
SINGULAR_DETERMINERS = {
    "fr": frozenset(
        [
            "le",
            "la",
            "l",
            "un",
            "une",
            "ce",
            "cet",
            "cette",
            "mon",
            "ton",
            "son",
            "ma",
            "ta",
            "sa",
            "au",
            "du",
            "chaque",
        ]
    ),
    "en": frozenset(["a", "an", "this", "that", "one", "each", "every", "another"]),
}
_PLURAL_ENDINGS = {"fr": ("s", "x"), "en": ("s",)}
HOMOPHONES = {
    "fr": [
        {"a", "à"},
        {"ou", "où"},
        {"et", "est"},
        {"son", "sont"},
        {"ses", "ces", "c'est", "s'est"},
        {"on", "ont"},
        {"ce", "se"},
        {"la", "là"},
        {"sa", "ça"},
        {"mes", "mais"},
        {"peu", "peut", "peux"},
        {"leur", "leurs"},
        {"quand", "quant", "qu'en"},
        {"près", "prêt"},
        {"cour", "cours", "court"},
        {"vers", "verre", "vert", "ver"},
        {"voix", "voie"},
        {"foi", "fois", "foie"},
        {"tant", "temps"},
        {"ni", "n'y"},
        {"si", "s'y"},
        {"sans", "s'en", "cent", "sang"},
        {"du", "dû"},
        {"sur", "sûr"},
        {"tâche", "tache"},
        {"censé", "sensé"},
        {"davantage", "d'avantage"},
    ],
    "en": [
        {"their", "there", "they're"},
        {"its", "it's"},
        {"your", "you're"},
        {"to", "too", "two"},
        {"then", "than"},
        {"affect", "effect"},
        {"whose", "who's"},
        {"lose", "loose"},
        {"principal", "principle"},
        {"complement", "compliment"},
        {"led", "lead"},
        {"passed", "past"},
        {"break", "brake"},
        {"weather", "whether"},
        {"hear", "here"},
        {"peace", "piece"},
        {"council", "counsel"},
        {"site", "sight", "cite"},
        {"accept", "except"},
        {"stationary", "stationery"},
        {"discreet", "discrete"},
    ],
}


# "à" and never "a" before these words; "a" and never "à" after these subjects when a past
# participle follows.
_A_GRAVE_BEFORE = frozenset(
    [
        "partir",
        "cause",
        "travers",
        "peine",
        "nouveau",
        "propos",
        "condition",
        "savoir",
        "moins",
        "côté",
        "droite",
        "gauche",
        "proximité",
        "hauteur",
        "compter",
        "présent",
    ]
)
_SUBJECTS = frozenset(["il", "elle", "on", "qui", "qu'il", "qu'elle", "qu'on"])
_PARTICIPLE_ENDINGS = ("é", "i", "u", "is", "it", "ert", "ait")


def _bare(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _a_or_a_grave(old: str, new: str, previous: str, following: str) -> str:
    """CONFIRMED when French grammar allows only `new` here, else ""."""
    if (old, new) == ("a", "à") and (
        following[:1].isupper() or following.lower() in _A_GRAVE_BEFORE
    ):
        return CONFIRMED
    if (
        (old, new) == ("à", "a")
        and previous.lower() in _SUBJECTS
        and following.lower().endswith(_PARTICIPLE_ENDINGS)
    ):
        return CONFIRMED
    return ""


_MONTHS = {language: frozenset(names.split()) for language, names in MONTHS.items()}
_QUANTITY = re.compile(r"(?<![\w,.])(\d[\d\u00a0\u202f ]*(?:[.,]\d+)?)\s*$")
_BEFORE_NUMBER = re.compile(r"(?:^|[\s'’])(\w+)['’\s]*$")


# Words that introduce a count ("environ 8 000 soldats", "plus de 300 élus"): a number
# after any other word is a label or a rank ("saison 7 épisode", "Battlefield 3 sera").
_COUNT_INTRODUCERS = {
    "fr": frozenset(
        [
            "de",
            "d",
            "à",
            "a",
            "environ",
            "près",
            "plus",
            "moins",
            "quelque",
            "dont",
            "soit",
            "avec",
            "pour",
            "sur",
            "contre",
            "et",
            "ou",
            "que",
            "qu",
            "les",
            "des",
            "ces",
            "ses",
            "leurs",
            "mes",
            "nos",
            "vos",
            "aux",
        ]
    ),
    "en": frozenset(
        [
            "of",
            "about",
            "around",
            "nearly",
            "over",
            "under",
            "some",
            "than",
            "and",
            "or",
            "with",
            "for",
            "the",
        ]
    ),
}
# Before « les » or « leur », these make it a pronoun ("il les emmène"), not a determiner.
_SUBJECTS_BEFORE_PRONOUN = frozenset(
    [
        "je",
        "tu",
        "il",
        "elle",
        "on",
        "nous",
        "vous",
        "ils",
        "elles",
        "qui",
        "ne",
        "n",
        "en",
        "y",
        "se",
        "s",
    ]
)
_YEAR_LIKE = re.compile(r"^(?:1\d{3}|20\d{2})$")


def _quantity(before: str, language: str) -> str:
    """The determiner a number right before the word stands for, or "".

    A number counts only when it quantifies the noun: it touches the word ("8 000
    soldats"), it is not a year ("en 1942 par"), and what comes before it introduces a
    count: nothing, punctuation or a word such as « de », « environ », « les ». Not a
    date or a rank (« le 6 décembre », « la 3 étape »), not a label (« saison 7 »), not
    one (« 1 soldat »).
    """
    found = _QUANTITY.search(before)
    if found is None:
        return ""
    number = found.group(1).strip()
    digits = re.sub(r"\D", "", number.split(",")[0].split(".")[0])
    if not digits or int(digits) <= 1 or _YEAR_LIKE.match(number):
        return ""
    head = before[: found.start()].rstrip()
    ahead = _BEFORE_NUMBER.search(before[: found.start()])
    if ahead:
        previous = ahead.group(1).lower()
        if previous == "en" or previous not in _COUNT_INTRODUCERS[language]:
            return ""
    elif head and (head[-1].isalnum() or head[-1] in "-–/"):
        return ""  # « oméga-6 », « A4/3 »: part of a name or code
    return "deux" if language == "fr" else "two"


def _nearest_determiner(before: str, language: str, word: str = "") -> str:
    """The determiner right before the word, or "".

    Only the word right before counts: in « les habitants par » the determiner belongs
    to « habitants ». A number before a month's name is a date (« le 3 mai »).
    """
    if word.lower() not in _MONTHS.get(language, ()):
        number = _quantity(before, language)
        if number:
            return number
    if re.search(r"[^\w\s'’-]\s*$", before):
        return ""  # punctuation between: « la même année, mai » has no determiner
    found = tokens(before, "en")
    if found and before[found[-1].end :].strip(" \u00a0\u202f'’") == "":
        last = apostrophes(found[-1].text).lower().rstrip("'")
        previous = apostrophes(found[-2].text).lower().rstrip("'") if len(found) > 1 else ""
        if last in ("les", "leur", "leurs") and previous in _SUBJECTS_BEFORE_PRONOUN:
            return ""  # « il les emmène »: a pronoun before a verb
        if last in PLURAL_DETERMINERS[language] or last in SINGULAR_DETERMINERS[language]:
            return last
    return ""


def _number_pair(singular: str, plural: str, language: str) -> bool:
    """Whether `plural` is `singular` with a plural ending: +s, +x, -al → -aux.

    The same word in two numbers, never two different words that share a stem: « mai »
    and « mais » pass this test, which is why it only confirms after a plural determiner
    right before the word, where « mais » cannot stand.
    """
    if plural in (singular + "s", singular + "x"):
        return True
    return language == "fr" and singular.endswith("al") and plural == singular[:-2] + "aux"


def real_word(
    old: str, new: str, before: str, language: str, following: str = ""
) -> tuple[str, str]:
    """(verdict, kind) for swapping one known word for another known word.

    `before` is the text up to the word, `following` the word after it. Confirmed only
    where errata's rule decides alone: a plural form after a plural determiner or a
    number that counts the noun, and a/à in fixed contexts. Dropping a plural (« fois »
    → « foi ») is never confirmed by the rule: some words end in s in the singular.
    """
    if language not in PLURAL_DETERMINERS:
        return NOT_CONFIRMED, ""
    low_old, low_new = apostrophes(old).lower(), apostrophes(new).lower()
    if language == "fr":
        previous = tokens(before, "en")[-1].text if tokens(before, "en") else ""
        if _a_or_a_grave(low_old, low_new, apostrophes(previous), following):
            return CONFIRMED, "homophone"
    determiner = _nearest_determiner(before, language, old)
    if _number_pair(low_old, low_new, language):
        if determiner in PLURAL_DETERMINERS[language]:
            return CONFIRMED, "agreement"
        return POSSIBLE, "agreement"
    if _number_pair(low_new, low_old, language):
        return POSSIBLE, "agreement"
    if low_old.rstrip("es") == low_new.rstrip("es"):  # prévu → prévue(s): gender
        return POSSIBLE, "agreement"
    if any({low_old, low_new} <= group for group in HOMOPHONES[language]):
        return POSSIBLE, "homophone"
    if _bare(low_old) == _bare(low_new):
        return POSSIBLE, "accent"
    return NOT_CONFIRMED, ""

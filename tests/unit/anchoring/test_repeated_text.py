"""Repeated text: a report never moves to another copy of its passage (issue 14)."""

from __future__ import annotations

from errata.anchoring import Anchor, FixedByEdit, describe, reanchor

PARAGRAPH = (
    "Pour les sociologues interrogés, cette déviance reste marginale : elle concerne "
    "moins d’un élève sur cent, selon les chiffres du rectorat."
)
ARTICLE = (
    "Le rapport publié mardi dresse un bilan contrasté de la réforme.\n\n"
    f"{PARAGRAPH}\n\n"
    "Les syndicats d’enseignants demandent davantage de moyens pour les établissements "
    "classés en éducation prioritaire.\n\n"
    f"{PARAGRAPH}\n\n"
    "Le ministère doit présenter de nouvelles mesures avant l’été."
)


def second(text: str, needle: str) -> int:
    return text.index(needle, text.index(needle) + 1)


def test_a_fix_in_the_reported_copy_of_a_repeated_paragraph_is_fixed_by_edit() -> None:
    """Mechanism A: the whole selector still occurs in the other copy, which must not
    take the report; the diff's mapping of the reported (second) copy decides."""
    start = second(ARTICLE, "déviance")
    selector = describe(ARTICLE, start, start + len("déviance"))
    assert ARTICLE.count(selector.prefix + selector.exact + selector.suffix) == 2
    at = second(ARTICLE, PARAGRAPH)
    new = ARTICLE[:at] + PARAGRAPH.replace("déviance", "déviances") + ARTICLE[at + len(PARAGRAPH) :]
    assert reanchor(selector, ARTICLE, new) == FixedByEdit(start, start + 9, "déviances")


def test_a_fix_in_the_other_copy_leaves_the_report_where_it_is() -> None:
    start = second(ARTICLE, "déviance")
    selector = describe(ARTICLE, start, start + len("déviance"))
    new = ARTICLE.replace("cette déviance", "cette déviances", 1)  # the first copy only
    result = reanchor(selector, ARTICLE, new)
    assert isinstance(result, Anchor)
    assert (result.start, result.end) == (start + 1, start + 1 + len("déviance"))
    assert new[result.start : result.end] == "déviance"


def test_an_edit_next_to_the_reported_copy_does_not_move_it() -> None:
    start = ARTICLE.index("déviance")  # the first copy, this time
    selector = describe(ARTICLE, start, start + len("déviance"))
    new = ARTICLE.replace("cette déviance reste", "cette déviance demeure", 1)
    result = reanchor(selector, ARTICLE, new)
    assert isinstance(result, Anchor)
    assert (result.start, result.end) == (start, start + len("déviance"))


def test_copies_left_alone_keep_their_order() -> None:
    start = second(ARTICLE, "déviance")
    selector = describe(ARTICLE, start, start + len("déviance"))
    new = "Mise à jour.\n\n" + ARTICLE
    result = reanchor(selector, ARTICLE, new)
    assert isinstance(result, Anchor)
    assert result.start == start + len("Mise à jour.\n\n")


FILLER = (
    "La préfecture rappelle que les démarches restent gratuites et qu’aucun "
    "intermédiaire ne peut réclamer de frais aux demandeurs. "
) * 12  # about 1,700 characters between the two « rendez-vous »
RENDEZ_VOUS = (
    "Les familles concernées devront prendre rendez-vous avec le service de l’état civil "
    "avant le 30 juin. "
    + FILLER
    + "Les familles concernées pourront aussi prendre rendez-vous avec le service de l’état "
    "civil par téléphone."
)


def test_a_fix_inside_one_rendez_vous_does_not_move_to_the_other() -> None:
    """Mechanism B: the 16 characters around « vous » are the same at both places, so
    finding them proves nothing about which one this is."""
    start = RENDEZ_VOUS.index("vous")
    selector = describe(RENDEZ_VOUS, start, start + 4)
    assert 1600 < second(RENDEZ_VOUS, "vous") - start < 1900
    near = RENDEZ_VOUS[start - 16 : start + 20]
    assert RENDEZ_VOUS.count(near) == 2
    # A made-up correction; what matters is that « vous » is replaced by a word not close
    # enough to it to be found as an approximate match at its own place.
    new = RENDEZ_VOUS.replace("devront prendre rendez-vous", "devront prendre rendez-moi")
    assert reanchor(selector, RENDEZ_VOUS, new) == FixedByEdit(start, start + 3, "moi")

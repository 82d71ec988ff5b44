"""Locating errata's passage in rich-text HTML and replacing only it."""

import pytest

from errata_wagtail.passages import PassageError, Quote, replace


def fix(html: str, old: str, new: str, prefix: str = "", suffix: str = "") -> str:
    index, fragment = replace([html], old, new, Quote(old, prefix, suffix))
    assert index == 0
    return fragment


def test_the_passage_is_replaced_and_the_rest_of_the_html_kept_byte_for_byte():
    html = '<p data-block-key="a1">Lyon adopte un budget de <b>1,2</b> milliard.</p>'
    html += '<p data-block-key="b2">Le maire a voté 1,2 milliard d&#x27;euros.</p>'
    assert fix(html, "1,2 milliard", "1,3 milliard") == html.replace(
        "voté 1,2 milliard", "voté 1,3 milliard"
    )


def test_a_repeated_passage_is_picked_by_its_prefix_and_suffix():
    html = "<p>Le budget est de 1,2 milliard. L'an passé, il était de 1,2 milliard aussi.</p>"
    fixed = fix(html, "1,2 milliard", "1,1 milliard", prefix="il était de ", suffix=" aussi")
    assert (
        fixed == "<p>Le budget est de 1,2 milliard. L'an passé, il était de 1,1 milliard aussi.</p>"
    )
    fixed = fix(html, "1,2 milliard", "1,3 milliard", prefix="budget est de ", suffix=". L'an")
    assert (
        fixed == "<p>Le budget est de 1,3 milliard. L'an passé, il était de 1,2 milliard aussi.</p>"
    )


def test_context_across_paragraphs_and_tags_counts_for_the_choice():
    html = "<p>Le total :</p><p>12 élus</p><p>Le reste : <i>vote</i></p><p>12 élus</p>"
    fixed = fix(html, "12 élus", "13 élus", prefix="Le reste : vote\n\n", suffix="")
    assert fixed == "<p>Le total :</p><p>12 élus</p><p>Le reste : <i>vote</i></p><p>13 élus</p>"


def test_an_occurrence_the_context_cannot_tell_apart_is_refused():
    html = "<p>le maire</p><p>le maire</p>"
    with pytest.raises(PassageError, match="occurs 2 times"):
        fix(html, "le maire", "la maire")


def test_entities_in_the_passage_are_matched_and_the_new_text_is_escaped():
    html = "<p>AT&amp;T rach&egrave;te T&#xe9;l&eacute;com &lt;SA&gt;.</p>"
    assert fix(html, "AT&T rachète", "AT&T <rachète>") == (
        "<p>AT&amp;T &lt;rachète&gt; T&#xe9;l&eacute;com &lt;SA&gt;.</p>"
    )


def test_white_space_and_no_break_spaces_are_folded_like_errata_does():
    html = "<p>Il a dit&nbsp;:\n  « non »</p>"
    assert fix(html, "dit\u00a0: « non »", "dit : « oui »") == "<p>Il a dit : « oui »</p>"


def test_a_passage_across_inline_markup_is_refused_rather_than_guessed():
    html = '<p>Le budget de <a href="/x">1,2 milliard</a> d’euros</p>'
    with pytest.raises(PassageError, match="spans formatting"):
        fix(html, "de 1,2 milliard", "de 1,3 milliard")


def test_a_passage_no_longer_there_is_refused():
    with pytest.raises(PassageError, match="no longer"):
        fix("<p>Le budget est voté.</p>", "1,2 milliard", "1,3 milliard")


def test_attribute_values_and_tags_are_never_matched():
    html = '<p><a href="/1,2 milliard" title="a > b">lien</a> 1,2 milliard</p>'
    assert fix(html, "1,2 milliard", "1,3 milliard") == (
        '<p><a href="/1,2 milliard" title="a > b">lien</a> 1,3 milliard</p>'
    )


def test_among_several_fragments_the_one_holding_the_passage_changes():
    fragments = ["<p>Premier bloc.</p>", "<p>Le budget : 1,2 milliard.</p>"]
    assert replace(fragments, "1,2 milliard", "1,3 milliard", Quote("1,2 milliard")) == (
        1,
        "<p>Le budget : 1,3 milliard.</p>",
    )

"""What became of the sentence around a passage that re-anchoring could not follow.

When the reported passage is no longer in the new version, three different things may
have happened at its place, and the desk must not say "fixed by edit" for all of them:

* the sentence is still there, edited: the passage was corrected (``FixedByEdit``);
* the sentence is gone and nothing took its place: the passage was **removed**;
* another sentence stands where it was: the passage was **rewritten**.

The old sentence is mapped into the new version through the same diff as the passage
(``diff.py``); the words of what now stands there are compared with the old sentence's.
A corrected sentence keeps most of its words (a fixed typo changes one word in ten or
twenty), an unrelated one shares only short function words ("le", "de", "the").
"""

from __future__ import annotations

import difflib
import re

from errata.anchoring.diff import paragraph_change
from errata.anchoring.outcome import Removed, Rewritten

# A sentence ends at . ! ? or … (perhaps closed by a guillemet, quote mark or bracket)
# before white space: "1.2 million" and "3.5 %" do not end one. Paragraphs end them too.
_END = re.compile(r"[.!?…]+[\u00a0\u202f]?[»\"”’)]*(?=\s|$)")
_WORDS = re.compile(r"\w+")
_TOKENS = re.compile(r"\S+")
_STRAY_WORDS = 2  # fewer new words than this where the sentence stood is no sentence

SAME_SENTENCE = 0.5
"""Share of the old sentence's words that the word diff must keep in place for the
sentence to count as edited rather than rewritten or removed. A fixed typo or figure
keeps 0.8-0.95 of them; an unrelated sentence shares a few function words at most."""


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence(s) holding ``text[start:end]``, within its paragraph."""
    line_start = text.rfind("\n\n", 0, start)
    line_start = 0 if line_start < 0 else line_start + 2
    line_end = text.find("\n\n", end)
    line_end = len(text) if line_end < 0 else line_end
    begin = line_start
    for found in _END.finditer(text, line_start, start):
        begin = found.end()
    while begin < start and text[begin].isspace():
        begin += 1
    stop = _END.search(text, max(begin, end - 1), line_end)
    return begin, stop.end() if stop is not None else line_end


def fate(old_text: str, new_text: str, start: int, end: int) -> Removed | Rewritten | None:
    """Removed or Rewritten when the sentence of ``old_text[start:end]`` is no longer in
    ``new_text`` at its place; None when it is still there (edited or not)."""
    begin, stop = sentence_around(old_text, start, end)
    if stop <= begin:
        return None
    # The paragraphs that changed around the sentence (diff.py), aligned word by word
    # with difflib. Characters would do worse: a deleted sentence's letters get paired
    # with bits of the next one ("The union i"), which would read as a rewrite.
    tag, old_from, old_to, new_from, new_to = paragraph_change(old_text, new_text, begin)
    sentence = old_text[begin:stop]
    if tag == "equal" or new_text.count(sentence) >= old_text.count(sentence):
        return None  # still there, or moved whole (every copy of it): not removed
    old_words = list(_TOKENS.finditer(old_text, old_from, old_to))
    new_words = list(_TOKENS.finditer(new_text, new_from, new_to))
    first = next(i for i, w in enumerate(old_words) if w.end() > begin)
    last = max(i for i, w in enumerate(old_words) if w.start() < stop) + 1
    matcher = difflib.SequenceMatcher(
        None, [w.group() for w in old_words], [w.group() for w in new_words], autojunk=False
    )
    kept, replacing = 0, []
    at: int | None = None
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        inside = op == "insert" and first < i1 < last
        if (i2 <= first or i1 >= last) and not inside:
            continue
        if op == "equal":
            kept += min(i2, last) - max(i1, first)
            continue
        replacing += new_words[j1:j2]
        if at is None:
            at = new_words[j1].start() if j1 < len(new_words) else new_to
    if kept >= SAME_SENTENCE * (last - first):
        return None
    # Word alignment may pair the sentence's first word with an identical one of the next
    # sentence ("The"): positions are taken back to the start of the sentence they fall in.
    if len(replacing) <= _STRAY_WORDS:
        place = at if at is not None else new_from
        if place < len(new_text) and not new_text[place].isspace():
            place = sentence_around(new_text, place, place)[0]
        return Removed(place, place)
    start_new, _ = sentence_around(new_text, replacing[0].start(), replacing[0].end())
    end_new = replacing[-1].end()
    return Rewritten(start_new, end_new, new_text[start_new:end_new])


def similarity(old: str, new: str) -> float:
    """difflib's ratio over the two texts' words, case-insensitive."""
    return difflib.SequenceMatcher(
        None, _WORDS.findall(old.lower()), _WORDS.findall(new.lower()), autojunk=False
    ).ratio()

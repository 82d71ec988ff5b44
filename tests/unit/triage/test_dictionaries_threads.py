"""Hunspell through pyenchant from several threads at once (threaded gunicorn workers)."""

from __future__ import annotations

import threading

import pytest

from errata.triage import dictionaries

pytestmark = pytest.mark.skipif(
    not dictionaries.available(), reason="Debian's hunspell dictionaries are not installed"
)


def test_concurrent_lookups_give_the_answers_a_single_thread_gives() -> None:
    words = [f"{stem}{n}" for n in range(300) for stem in ("maison", "budgte", "colour")]
    words += ["maison", "déploiement", "Koursk", "accueil", "acceuil"] * 50
    dictionaries.knows.cache_clear()
    expected = {word: dictionaries.knows("fr", word) for word in set(words)}
    dictionaries.knows.cache_clear()
    answers: dict[str, bool] = {}
    errors: list[BaseException] = []

    def look_up(chunk: list[str]) -> None:
        try:
            for word in chunk:
                answers[word] = dictionaries.knows("fr", word)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=look_up, args=(words[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert answers == expected

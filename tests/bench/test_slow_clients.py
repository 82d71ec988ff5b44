"""The slow-clients benchmark's table row: percentiles, and timeouts out of those sent."""

from __future__ import annotations

from bench import slow_clients


def test_a_row_gives_the_percentiles_of_the_answered_requests() -> None:
    row = slow_clients._row("asgi", [float(n) for n in range(1, 21)], 0, 20)

    assert row == "| asgi | 10.5 | 20.0 | 20.0 | 0 |"


def test_a_server_that_answers_nothing_shows_the_timeouts_of_those_sent() -> None:
    # Given up after three timeouts in a row: "3 of 3", not "3" read as 3 of --samples.
    assert slow_clients._row("sync", [], 3, 3) == "| sync | – | – | – | 3 of 3 |"
    assert (
        slow_clients._row("gthread", [4.0, 5.0], 3, 5) == "| gthread | 4.5 | 5.0 | 5.0 | 3 of 5 |"
    )

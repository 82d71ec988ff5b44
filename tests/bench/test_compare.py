"""The benchmark's table and verdict: errata's ratio to isso, issue 13's bar, durability.

Pure: made-up wrk results in, text and verdicts out. No timing is measured here.
"""

from __future__ import annotations

import math

import pytest

from bench import compare, wrk

Row = compare.Row


def result(per_second: float, p99_ms: float = 20.0, non201: int = 0, socket: int = 0) -> wrk.Result:
    seconds = 20.0
    return wrk.Result(
        requests=round(per_second * seconds),
        seconds=seconds,
        non201=non201,
        socket_errors=socket,
        timeouts=0,
        p50_ms=p99_ms / 4,
        p90_ms=p99_ms / 2,
        p99_ms=p99_ms,
        max_ms=p99_ms * 2,
        last=0,
    )


def row(server: str, clients: int, r: wrk.Result | None, engine: str = "sqlite") -> Row:
    created = r.created if r else 0
    return Row(server, engine, clients, r, cpu_ms=5.0, acknowledged=created, stored=created)


ISSO = [
    row("isso (before)", 1, result(20)),
    row("isso (before)", 16, result(150)),
    row("isso (after)", 1, result(30)),
    row("isso (after)", 16, result(130)),
]


def test_the_ratio_divides_by_the_mean_of_isso_before_and_after() -> None:
    errata = row("errata", 16, result(700))
    rows = [*ISSO, errata]

    assert compare.isso_rate(rows, 16) == pytest.approx(140)
    assert compare.isso_rate(rows, 1) == pytest.approx(25)
    assert compare.ratio(errata, rows) == pytest.approx(5.0)
    assert math.isnan(compare.ratio(ISSO[1], rows))  # isso is not compared with itself


def test_errata_passes_at_five_times_isso_with_a_short_tail_and_no_error() -> None:
    errata = row("errata", 16, result(700, p99_ms=50.0))

    assert compare.verdict(errata, [*ISSO, errata]) == "PASS"


def test_each_missed_condition_is_named() -> None:
    errata = Row(
        "errata",
        "postgres",
        16,
        result(36, p99_ms=628, non201=2, socket=1),
        acknowledged=700,
        stored=650,
    )

    verdict = compare.verdict(errata, [*ISSO, errata])

    assert verdict == ("FAIL: ×0.26 < 5; p99 628 > 50 ms; 3 errors; stored ≠ acknowledged")


def test_the_bar_applies_to_errata_at_16_clients_only() -> None:
    one_client = row("errata", 1, result(10))
    rows = [*ISSO, one_client]

    assert compare.verdict(one_client, rows) == ""
    assert compare.verdict(ISSO[1], rows) == ""


def test_without_isso_or_without_a_run_the_verdict_says_why() -> None:
    alone = row("errata", 16, result(900))
    missing = Row("errata", "postgres", 16, None, "did not run")

    assert compare.verdict(alone, [alone]) == "FAIL: no isso figure"
    assert compare.verdict(missing, [*ISSO, missing]) == "FAIL: did not run"


@pytest.mark.parametrize(
    ("acknowledged", "stored", "durable"),
    [
        (100, 100, True),
        (100, 132, True),  # 16 clients left in flight by the warm-up and the run
        (100, 133, False),  # more than wrk can have left in flight: a duplicate
        (100, 99, False),  # an acknowledged report was lost
    ],
)
def test_stored_must_equal_acknowledged_but_for_what_wrk_left_in_flight(
    acknowledged: int, stored: int, durable: bool
) -> None:
    r = Row("errata", "sqlite", 16, result(100), acknowledged=acknowledged, stored=stored)

    assert r.durable is durable


def test_cpu_per_report_is_missing_rather_than_wrong() -> None:
    assert compare.cpu_ms_per_report(1.5, 300) == pytest.approx(5.0)
    assert math.isnan(compare.cpu_ms_per_report(0.0, 300))  # a process exited meanwhile
    assert math.isnan(compare.cpu_ms_per_report(-0.2, 300))
    assert math.isnan(compare.cpu_ms_per_report(1.5, 0))


def test_the_table_shows_every_run_and_the_ones_that_did_not_run() -> None:
    errata = Row(
        "errata",
        "sqlite",
        16,
        wrk.Result(3042, 20.0, 3, 1, 2, 85.4, 140.0, 1212.3, 2000.0, 3057),
        cpu_ms=6.3,
        acknowledged=3039,
        stored=3041,
    )
    rows = [*ISSO, errata, Row("errata", "postgres", 16, None, "did not run")]

    table = compare.format_table(rows).splitlines()

    assert table[3] == (
        "| isso (before) | sqlite | 16 | 150 | 5.0 | 20.0 | 0 | 5.0 | 3,000 / 3,000 | — |  |"
    )
    assert table[6] == (
        "| errata | sqlite | 16 | 152 | 85.4 | 1212.3 | 6 | 6.3 | 3,041 / 3,039 | ×1.09 "
        "| FAIL: ×1.09 < 5; p99 1,212 > 50 ms; 6 errors |"
    )
    assert table[7] == (
        "| errata | postgres | 16 | — | — | — | did not run | — | — | — | FAIL: did not run |"
    )

"""The intake benchmark's table: errata beside isso, the ratio, and issue 13's bar.

Pure: rows in, text out. A row is one server at one number of clients: the measured wrk
run, the server's CPU time per stored report, and the durability check (stored equals
acknowledged). isso runs before and after errata; errata's ratio divides by the mean of
those two isso runs at the same number of clients, so a neighbour that slowed the machine
during one of them weighs on both sides alike.

The bar (issue 13): at 16 clients, on each engine, errata takes at least 5× isso's
requests per second, with a p99 of at most 50 ms and no error. The verdict is printed,
never turned into an exit status: a loaded machine is not a verdict on the code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bench import wrk

BAR_CLIENTS = 16
BAR_RATIO = 5.0
BAR_P99_MS = 50.0


@dataclass(frozen=True)
class Row:
    server: str  # "errata", "isso (before)", "isso (after)"
    engine: str
    clients: int
    result: wrk.Result | None
    note: str = ""
    cpu_ms: float = math.nan  # server CPU time per stored report during the measured run
    acknowledged: int = 0  # 201 answers, warm-up and measured run
    stored: int = 0  # reports (comments) the server stored meanwhile

    @property
    def is_isso(self) -> bool:
        return self.server.startswith("isso")

    @property
    def durable(self) -> bool:
        """Stored equals acknowledged, give or take what wrk left in flight.

        wrk stops counting with at most one request per connection still in flight, in
        the warm-up and in the measured run; the server finishes and stores those.
        """
        return self.acknowledged <= self.stored <= self.acknowledged + 2 * self.clients


def cpu_ms_per_report(cpu_seconds: float, stored: int) -> float:
    """Milliseconds of server CPU per stored report; NaN when there is nothing to divide.

    A negative or zero difference means a process of the tree exited during the run and
    took its CPU time with it: no figure rather than a wrong one.
    """
    if cpu_seconds <= 0 or stored <= 0:
        return math.nan
    return 1000 * cpu_seconds / stored


def isso_rate(rows: list[Row], clients: int) -> float:
    """isso's requests per second at `clients`: the mean of its runs (before, after)."""
    rates = [
        row.result.per_second
        for row in rows
        if row.is_isso and row.clients == clients and row.result is not None
    ]
    return sum(rates) / len(rates) if rates else math.nan


def ratio(row: Row, rows: list[Row]) -> float:
    """errata's requests per second over isso's at the same number of clients."""
    if row.is_isso or row.result is None:
        return math.nan
    reference = isso_rate(rows, row.clients)
    if math.isnan(reference) or reference == 0:
        return math.nan
    return row.result.per_second / reference


def verdict(row: Row, rows: list[Row]) -> str:
    """PASS or FAIL with the reasons, for errata at 16 clients; "" for the other rows."""
    if row.is_isso or row.clients != BAR_CLIENTS:
        return ""
    if row.result is None:
        return "FAIL: did not run"
    times = ratio(row, rows)
    reasons = []
    if math.isnan(times):
        reasons.append("no isso figure")
    elif times < BAR_RATIO:
        reasons.append(f"×{times:.2f} < {BAR_RATIO:g}")
    if row.result.p99_ms > BAR_P99_MS:
        reasons.append(f"p99 {row.result.p99_ms:,.0f} > {BAR_P99_MS:g} ms")
    if row.result.errors:
        reasons.append(f"{row.result.errors:,} errors")
    if not row.durable:
        reasons.append("stored ≠ acknowledged")
    return "FAIL: " + "; ".join(reasons) if reasons else "PASS"


def format_table(rows: list[Row]) -> str:
    """The results as a Markdown table (pasted as is into docs/performance.md)."""
    lines = [
        "| server | engine | clients | requests/s | p50 ms | p99 ms | errors "
        "| server CPU ms/report | stored / acknowledged | errata ÷ isso | bar |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        head = f"| {row.server} | {row.engine} | {row.clients} "
        if row.result is None:
            lines.append(head + f"| — | — | — | {row.note} | — | — | — | {verdict(row, rows)} |")
            continue
        r = row.result
        cpu = "—" if math.isnan(row.cpu_ms) else f"{row.cpu_ms:.1f}"
        stored = f"{row.stored:,} / {row.acknowledged:,}" + ("" if row.durable else " ✗")
        times = ratio(row, rows)
        shown = "—" if math.isnan(times) else f"×{times:.2f}"
        lines.append(
            head + f"| {r.per_second:,.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.errors:,} "
            f"| {cpu} | {stored} | {shown} | {verdict(row, rows)} |"
        )
    return "\n".join(lines)

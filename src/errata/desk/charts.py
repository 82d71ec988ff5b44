"""Small server-side SVG charts: geometry computed here, drawn by templates (escaped)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    series: str


@dataclass(frozen=True)
class DailyChart:
    width: int
    height: int
    bars: list[Bar]
    peak: int
    first: str
    last: str


def daily(days: list[tuple[date, int, int]], width: int = 720, height: int = 160) -> DailyChart:
    """Paired bars per day: cases opened and closed."""
    peak = max([1, *(max(o, c) for _, o, c in days)])
    slot = width / max(1, len(days))
    bar = max(1.0, slot / 2 - 1)
    bars = []
    for index, (day, opened, closed) in enumerate(days):
        for offset, (value, series) in enumerate(((opened, "opened"), (closed, "closed"))):
            h = (height - 20) * value / peak
            bars.append(
                Bar(
                    x=round(index * slot + offset * bar, 2),
                    y=round(height - 20 - h, 2),
                    width=round(bar, 2),
                    height=round(h, 2),
                    value=value,
                    label=day.isoformat(),
                    series=series,
                )
            )
    first = days[0][0].isoformat() if days else ""
    last = days[-1][0].isoformat() if days else ""
    return DailyChart(width, height, bars, peak, first, last)


@dataclass(frozen=True)
class Share:
    label: str
    count: int
    percent: float
    width: float


def shares(rows: list[tuple[str, str, int]], width: int = 300) -> list[Share]:
    """Horizontal bars: each row's share of the total."""
    total = sum(count for _, _, count in rows) or 1
    return [
        Share(label, count, round(100 * count / total, 1), round(width * count / total, 2))
        for _, label, count in rows
    ]

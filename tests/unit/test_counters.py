"""Sliding-window counters, in the database (the default) and in a real Redis."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches

from errata import counters, models

pytestmark = pytest.mark.django_db
WINDOW = 60
START = 16_667 * WINDOW  # a window starts here: 1,000,020


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(params=["database", "redis"])
def store(request: pytest.FixtureRequest, settings: Any) -> Iterator[str]:
    if request.param == "redis":
        if not _redis_answers():
            pytest.skip("no Redis on 127.0.0.1:6379 (make test's machines have one)")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/15",
            }
        }
        caches["default"].clear()
    yield request.param
    if request.param == "redis":
        caches["default"].clear()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The counters' clock, set by the test: now[0] is the time in seconds."""
    now = [START + 20.0]  # 20 s into a 60 s window
    monkeypatch.setattr(counters.time, "time", lambda: now[0])
    return now


def test_hits_are_counted_up_to_the_limit(store: str, clock: list[float]) -> None:
    counted = [counters.hit("reader", WINDOW).hits for _ in range(11)]

    assert counted == list(range(1, 12))
    assert counters.count("reader", WINDOW).hits == 11
    assert counters.count("someone else", WINDOW).hits == 0


def test_a_window_edge_does_not_double_the_limit(store: str, clock: list[float]) -> None:
    # Ten hits at the very end of one window, then one just after the edge: with fixed
    # windows the eleventh would start afresh at 1; the sliding count still sees the ten.
    clock[0] = START + 59
    for _ in range(10):
        counters.hit("reader", WINDOW)
    clock[0] = START + 61

    after_edge = counters.hit("reader", WINDOW)

    assert after_edge.current == 1
    assert after_edge.previous == 10
    assert after_edge.hits > 10
    assert after_edge.seconds_until_below(10) > 0


def test_old_hits_weigh_less_as_the_window_slides(store: str, clock: list[float]) -> None:
    clock[0] = START
    for _ in range(10):
        counters.hit("reader", WINDOW)

    clock[0] = START + 90  # half-way through the next one
    assert counters.count("reader", WINDOW).hits == pytest.approx(5.0)
    clock[0] = START + 125  # two windows on: forgotten
    assert counters.count("reader", WINDOW).hits == 0


def test_the_wait_is_until_the_count_is_under_the_limit(store: str, clock: list[float]) -> None:
    clock[0] = START
    for _ in range(10):
        counters.hit("reader", WINDOW)
    clock[0] = START + 60
    over = counters.hit("reader", WINDOW)  # 1 + 10 × 1.0 = 11

    wait = over.seconds_until_below(10)
    clock[0] += wait

    assert counters.count("reader", WINDOW).hits <= 10
    clock[0] -= 2
    assert counters.count("reader", WINDOW).hits > 10


def test_reset_forgets_a_key(store: str, clock: list[float]) -> None:
    counters.hit("login", WINDOW)
    counters.hit("other", WINDOW)

    counters.reset("login", WINDOW)

    assert counters.count("login", WINDOW).hits == 0
    assert counters.count("other", WINDOW).hits == 1


def test_ended_windows_are_dropped_from_the_database(clock: list[float]) -> None:
    counters.hit("reader", WINDOW)
    clock[0] += 3 * WINDOW

    counters.hit("another reader", WINDOW)  # a key's first hit in a window sweeps

    assert list(models.RateCounter.objects.values_list("key", flat=True)) == ["another reader"]


def test_several_keys_are_counted_at_once_as_one_by_one(store: str, clock: list[float]) -> None:
    for _ in range(3):
        counters.hit("reader", WINDOW)
    clock[0] += WINDOW  # the next window: those 3 are its previous one

    reader, article = counters.hit_many([("reader", WINDOW), ("article", 3 * WINDOW)])

    assert (reader.current, reader.previous) == (1, 3)
    assert reader.hits == pytest.approx(1 + 3 * (1 - 20 / WINDOW))
    assert (article.current, article.previous, article.window) == (1, 0, 3 * WINDOW)
    assert counters.count("reader", WINDOW).hits == reader.hits
    again = counters.hit_many([("reader", WINDOW), ("article", 3 * WINDOW)])
    assert [c.current for c in again] == [2, 2]

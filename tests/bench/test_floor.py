"""bench.floor's bare app stores what it answers, in both of its modes."""

from __future__ import annotations

import asyncio
import importlib
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest


@pytest.mark.parametrize("mode", ["busy", "flock"])
def test_the_floor_app_stores_each_report_it_answers(
    mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "floor.sqlite3"
    monkeypatch.setenv("FLOOR_DATABASE", str(database))
    monkeypatch.setenv("FLOOR_MODE", mode)
    from bench import floor_app

    app = importlib.reload(floor_app)  # reads its settings when imported
    sent: list[dict[str, Any]] = []

    async def post(body: bytes) -> None:
        messages = [{"type": "http.request", "body": body, "more_body": False}]

        async def receive() -> dict[str, Any]:
            return messages.pop(0)

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await app.application({"type": "http", "method": "POST"}, receive, send)

    for n in range(3):
        asyncio.run(post(json.dumps({"comment": f"report {n}"}).encode()))

    statuses = [message["status"] for message in sent if message["type"] == "http.response.start"]
    answers = [json.loads(message["body"]) for message in sent if "body" in message]
    with sqlite3.connect(database) as connection:
        stored = [json.loads(row[0]) for row in connection.execute("SELECT body FROM report")]
    assert statuses == [201, 201, 201]
    assert [answer["reference"] for answer in answers] == ["FLOOR-1", "FLOOR-2", "FLOOR-3"]
    assert stored == [{"comment": f"report {n}"} for n in range(3)]

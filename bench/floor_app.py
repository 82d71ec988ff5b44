"""The bare ASGI app `bench.floor` measures: parse the JSON, store it, answer 201.

`FLOOR_DATABASE` is the SQLite file (created here, WAL); `FLOOR_MODE` is `busy` (writers
wait in SQLite's busy handler, 20 s) or `flock` (they queue on a file lock first, as
errata's SQLite backend does, decision 27). `GET /healthz` answers 200.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

DATABASE = os.environ.get("FLOOR_DATABASE", "floor.sqlite3")
FLOCK = os.environ.get("FLOOR_MODE", "flock") == "flock"
_local = threading.local()
_pool = ThreadPoolExecutor(2)  # as errata serve's ERRATA_SERVE_THREADS

with sqlite3.connect(DATABASE) as _setup:
    _setup.execute("PRAGMA journal_mode=WAL")
    _setup.execute("CREATE TABLE IF NOT EXISTS report (id INTEGER PRIMARY KEY, body TEXT)")


def _connection() -> tuple[sqlite3.Connection, int]:
    if not hasattr(_local, "connection"):
        connection = sqlite3.connect(DATABASE, timeout=20, isolation_level=None)
        connection.execute("PRAGMA synchronous=NORMAL")
        _local.connection = connection
        _local.lock = os.open(f"{DATABASE}-writer.lock", os.O_RDWR | os.O_CREAT)
    return _local.connection, _local.lock


def store(body: bytes) -> int:
    report = json.loads(body)
    connection, lock = _connection()
    if FLOCK:
        fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        connection.execute("BEGIN IMMEDIATE")
        (row_id,) = connection.execute(
            "INSERT INTO report (body) VALUES (?) RETURNING id", (json.dumps(report),)
        ).fetchone()
        connection.execute("COMMIT")
    finally:
        if FLOCK:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return int(row_id)


async def application(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    body = b""
    more = True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
    if scope["method"] == "GET":
        status, answer = 200, b"ok"
    else:
        row_id = await asyncio.get_running_loop().run_in_executor(_pool, store, body)
        status, answer = 201, json.dumps({"reference": f"FLOOR-{row_id}"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": answer})

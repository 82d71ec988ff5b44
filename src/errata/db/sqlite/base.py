"""Django's SQLite backend whose write transactions queue on a file lock.

SQLite takes one writer at a time. A writer that finds the database locked sleeps in
SQLite's busy handler, 1, 2, 5, 10 … 100 ms, and tries again: with a few processes
writing short transactions, one that loses the race sleeps much longer than the
transaction it waits for, and the answer's tail grows to hundreds of milliseconds
(docs/performance.md). Here every transaction takes an exclusive `flock` on a file
beside the database before `BEGIN IMMEDIATE` and gives it back after `COMMIT` or
`ROLLBACK`: a waiting writer sleeps in the kernel and wakes as soon as the lock is
free. The lock belongs to the connection's open file, so the kernel releases it when
a process dies, and two threads of one process queue as two processes do.

The database's own locking is unchanged: the file lock only orders errata's writers
before they ask SQLite. A writer outside errata (the sqlite3 shell, a backup) still
meets SQLite's busy timeout. A waiting writer has no timeout of its own: the holder is
a transaction of errata's, which ends, or a dead process, whose lock the kernel frees.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import Any

from django.db.backends.sqlite3 import base
from django.db.backends.sqlite3.creation import DatabaseCreation as SQLiteCreation

LOCK_SUFFIX = "-writer.lock"


def lock_path(database: str | Path) -> Path:
    return Path(f"{database}{LOCK_SUFFIX}")


def _open_beside(database: Path, path: Path) -> int:
    """The lock file, opened; created with the database's owner and mode, as SQLite
    creates its -wal and -shm files: a command run as root first (`sudo errata …`) must
    not leave a file the service's user cannot open."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        owner = os.stat(database)
    except FileNotFoundError:  # SQLite creates the database on first use: nothing to copy
        return fd
    mine = os.fstat(fd)
    if os.geteuid() == 0 and (mine.st_uid, mine.st_gid) != (owner.st_uid, owner.st_gid):
        os.fchown(fd, owner.st_uid, owner.st_gid)
    if mine.st_uid == os.geteuid():
        os.fchmod(fd, owner.st_mode & 0o666)
    return fd


class WriterLock:
    """An exclusive `flock` on one open file, taken and given back any number of times."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.path = lock_path(database)
        self._fd: int | None = None
        self.held = False

    def acquire(self) -> None:
        if self._fd is None:
            self._fd = _open_beside(self.database, self.path)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        self.held = True

    def release(self) -> None:
        if self.held and self._fd is not None:
            self.held = False
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        self.release()
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


# django-stubs declare none of the private hooks overridden below, hence their ignores.


class DatabaseCreation(SQLiteCreation):
    def _destroy_test_db(self, test_database_name: str, verbosity: int) -> None:
        super()._destroy_test_db(test_database_name, verbosity)  # type: ignore[misc]
        if not self.is_in_memory_db(test_database_name):
            lock_path(test_database_name).unlink(missing_ok=True)


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._writer_lock: WriterLock | None = None

    def _writer(self) -> WriterLock | None:
        if self._writer_lock is None and not self.is_in_memory_db():
            self._writer_lock = WriterLock(Path(self.settings_dict["NAME"]))
        return self._writer_lock

    def _start_transaction_under_autocommit(self) -> None:
        writer = self._writer()
        if writer is not None:
            writer.acquire()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            if writer is not None:
                writer.release()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]
        finally:
            self._release_writer()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            self._release_writer()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]
        finally:
            if self._writer_lock is not None:
                self._writer_lock.close()
                self._writer_lock = None

    def _release_writer(self) -> None:
        if self._writer_lock is not None:
            self._writer_lock.release()

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
meets SQLite's busy timeout. A waiting writer gives up after the connection's `timeout`
(20 s), as SQLite's busy handler would, with the same "database is locked" error: a
stuck transaction fails the writers behind it instead of stalling them for ever. The
wait happens in the kernel on one of a few waiter threads (`_Waiters`), so that the
writer can stop waiting; when it has, that thread gives the lock back as soon as it
gets it.
"""

from __future__ import annotations

import fcntl
import logging
import os
import queue
import threading
from pathlib import Path
from typing import Any, Final

from django.db.backends.sqlite3 import base
from django.db.backends.sqlite3.creation import DatabaseCreation as SQLiteCreation
from django.db.utils import OperationalError

logger = logging.getLogger(__name__)

LOCK_SUFFIX: Final = "-writer.lock"
DEFAULT_TIMEOUT: Final = 5.0  # sqlite3.connect's, when the settings give none
WAITERS: Final = 8  # threads per process that wait for the lock on a writer's behalf


class _Waiters:
    """Daemon threads that run blocking waits; started in a process on its first wait.

    One per waiting writer: a process has as many writers as threads with a connection
    (a2wsgi's pool, the task worker's one). A thread blocked behind a stuck holder only
    delays later waits, which then time out as they should, and being a daemon it never
    holds up the process's exit."""

    def __init__(self, count: int) -> None:
        self._count = count
        self._queue: queue.SimpleQueue[_Wait] = queue.SimpleQueue()
        self._started_in: int | None = None
        self._guard = threading.Lock()

    def submit(self, wait: _Wait) -> None:
        with self._guard:
            if self._started_in != os.getpid():  # none yet, or inherited by a fork
                self._queue = queue.SimpleQueue()
                for n in range(self._count):
                    name = f"sqlite-writer-lock-{n}"
                    threading.Thread(target=self._serve, name=name, daemon=True).start()
                self._started_in = os.getpid()
        self._queue.put(wait)

    def _serve(self) -> None:
        while True:
            self._queue.get().run()


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


class _Wait:
    """One blocking `flock` on `fd`, on a waiter thread, that its writer can abandon: the
    thread then gives the lock back when it gets it, and closes `fd`, which is its own
    from that moment."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.got = threading.Event()
        self._guard = threading.Lock()
        self._abandoned = False
        _WAITERS.submit(self)

    def run(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        with self._guard:
            if not self._abandoned:
                self.got.set()
                return
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)

    def wait(self, timeout: float) -> bool:
        """Whether the lock was got within `timeout` s; if not, `fd` is no longer the
        caller's."""
        if self.got.wait(timeout):
            return True
        with self._guard:
            if self.got.is_set():
                return True
            self._abandoned = True
        return False


_WAITERS = _Waiters(WAITERS)


class WriterLock:
    """An exclusive `flock` on one open file, taken and given back any number of times."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.path = lock_path(database)
        self._fd: int | None = None
        self.held = False

    def acquire(self, timeout: float) -> None:
        """Take the lock, waiting at most `timeout` s; `OperationalError` when it stays
        taken, as SQLite's own "database is locked"."""
        if self._fd is None:
            self._fd = _open_beside(self.database, self.path)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not _Wait(self._fd).wait(timeout):
                self._fd = None  # the waiter closes it once it has the lock
                logger.warning("gave up waiting %s s for %s", timeout, self.path)
                raise OperationalError(
                    f"database is locked: another writer held {self.path.name} "
                    f"for more than {timeout:g} s"
                ) from None
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
            writer.acquire(float(self.settings_dict["OPTIONS"].get("timeout", DEFAULT_TIMEOUT)))
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

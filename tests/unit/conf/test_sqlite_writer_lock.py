"""SQLite's writers queue on a file lock beside the database (decision 27)."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.db.utils import OperationalError

from errata.db.sqlite.base import WriterLock, lock_path
from errata.models import Site
from tests import factories

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="the file lock is the SQLite backend's"
    ),
    # The test's own transaction would hold the lock from start to end.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def other_process_lock() -> Iterator[int]:
    """The lock file opened apart, as another process opens it: its own open file."""
    connection.ensure_connection()
    fd = os.open(lock_path(connection.settings_dict["NAME"]), os.O_RDWR | os.O_CREAT)
    yield fd
    os.close(fd)


def _free(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    fcntl.flock(fd, fcntl.LOCK_UN)
    return True


def test_a_transaction_holds_the_lock_until_it_commits(other_process_lock: int) -> None:
    assert _free(other_process_lock)
    with transaction.atomic():
        factories.SiteFactory()
        assert not _free(other_process_lock)
        with transaction.atomic():  # a savepoint takes nothing more
            assert not _free(other_process_lock)
        assert not _free(other_process_lock)
    assert _free(other_process_lock)


def test_a_rolled_back_transaction_gives_the_lock_back(other_process_lock: int) -> None:
    class Refused(Exception):
        pass

    def refused_write() -> None:
        with transaction.atomic():
            factories.SiteFactory()
            raise Refused

    with pytest.raises(Refused):
        refused_write()

    assert _free(other_process_lock)
    assert not Site.objects.exists()


def test_a_closed_connection_gives_the_lock_back(other_process_lock: int) -> None:
    with transaction.atomic():
        factories.SiteFactory()
        assert not _free(other_process_lock)
        connection.close()  # as when a worker's connection is dropped mid-transaction
        assert _free(other_process_lock)

    assert not Site.objects.exists()


def test_a_writer_waits_for_the_lock_instead_of_meeting_a_locked_database(
    other_process_lock: int,
) -> None:
    # Another process is writing: this thread's transaction must wait for it and then
    # go on, even with SQLite's own busy timeout at zero.
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 0")
    fcntl.flock(other_process_lock, fcntl.LOCK_EX)
    done = threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA busy_timeout = 0")
            with transaction.atomic():
                factories.SiteFactory(slug="waiting")
        except BaseException as error:  # asserted on below
            errors.append(error)
        finally:
            connection.close()
            done.set()

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(0.2)
    assert not done.is_set()  # queued behind the other process
    fcntl.flock(other_process_lock, fcntl.LOCK_UN)
    writer.join(10)

    assert errors == []
    assert Site.objects.filter(slug="waiting").exists()


def test_without_the_lock_sqlite_itself_refuses_a_second_writer() -> None:
    # What the lock spares errata's writers: a second BEGIN IMMEDIATE with no busy timeout
    # fails at once while another connection writes.
    import sqlite3

    connection.ensure_connection()
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 0")
        with pytest.raises(OperationalError, match="locked"), transaction.atomic():
            pass
    finally:
        other.execute("ROLLBACK")
        other.close()
        connection.close()


def test_the_lock_file_takes_the_database_file_s_owner_and_mode(tmp_path: Path) -> None:
    database = tmp_path / "errata.sqlite3"
    database.touch(mode=0o640)
    os.chmod(database, 0o640)
    lock = WriterLock(database)
    try:
        lock.acquire(5)
        lock.release()
    finally:
        lock.close()

    made = lock_path(database).stat()
    assert made.st_mode & 0o777 == 0o640
    assert (made.st_uid, made.st_gid) == (database.stat().st_uid, database.stat().st_gid)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_lock_file_made_by_root_belongs_to_the_database_s_owner(tmp_path: Path) -> None:
    database = tmp_path / "errata.sqlite3"
    database.touch(mode=0o600)
    os.chown(database, 65534, 65534)  # nobody: the service's user, not root
    lock = WriterLock(database)
    try:
        lock.acquire(5)
    finally:
        lock.close()

    made = lock_path(database).stat()
    assert (made.st_uid, made.st_gid) == (65534, 65534)
    assert made.st_mode & 0o777 == 0o600


def test_a_writer_gives_up_after_the_timeout_and_the_lock_is_freed_behind_it(
    other_process_lock: int,
) -> None:
    # A stuck holder fails the writers behind it, as SQLite's busy timeout did, instead of
    # stalling them for ever; the waiter it left behind takes nothing from the next one.
    fcntl.flock(other_process_lock, fcntl.LOCK_EX)
    options = connection.settings_dict["OPTIONS"]
    timeout = options.get("timeout")
    options["timeout"] = 0.2
    try:
        with pytest.raises(OperationalError, match="locked"), transaction.atomic():
            factories.SiteFactory(slug="never")
    finally:
        options["timeout"] = timeout
        fcntl.flock(other_process_lock, fcntl.LOCK_UN)

    with transaction.atomic():  # the abandoned waiter got the lock and gave it back
        factories.SiteFactory(slug="next")
    assert list(Site.objects.values_list("slug", flat=True)) == ["next"]
    assert _free(other_process_lock)

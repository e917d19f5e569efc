"""Opening a netdesk database: checks first, then pragmas, then migrations.

``open_database`` never writes to a file it has not first read and found to be
a healthy netdesk database of a version it understands: a file that is not
SQLite, is damaged, or comes from a newer netdesk is refused with a
``StorageError`` naming the problem, and left byte-for-byte as it was.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from peewee import OperationalError, SqliteDatabase

from netdesk.storage import database_lock, migrations, wal_checkpoints
from netdesk.storage.change_watch import ChangeWatch
from netdesk.storage.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseMissing,
    DatabaseReadOnly,
    DatabaseReplaced,
    DatabaseTooNew,
    NotADatabase,
    NotARegularFile,
    StorageError,
    storage_error_for,
)
from netdesk.storage.models import database
from netdesk.storage.private_files import kind_of, private_folder
from netdesk.storage.sqlite_files import connect_read_only, read_only_uri

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
OWNER_ONLY = stat.S_IRUSR | stat.S_IWUSR

# FULL: a committed entry survives a power cut, not only a crash of netdesk.
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "full",
    "cache_size": -32000,  # 32 MB page cache
}


# a write transaction waits this long in all for another writer to finish (SQLite's
# busy handler waits ``busy_timeout`` each time; this many seconds bound the retries)
WRITER_WAIT_SECONDS = 60.0
_RETRY_PAUSE_SECONDS = 0.05


# the thread that bound the database for the whole process: it alone ends that use
_owner_thread: int | None = None

# told (with the database's path) when a write starts waiting for another writer
_wait_listeners: list[Callable[[Path], None]] = []


def on_writer_wait(listener: Callable[[Path], None]) -> None:
    """Call ``listener(path)`` each time a write waits for another program's write
    (the command line says so on stderr)."""
    if listener not in _wait_listeners:
        _wait_listeners.append(listener)


class NetdeskDatabase(SqliteDatabase):
    """A netdesk database connection (one per thread, as peewee's are).

    A transaction begins ``IMMEDIATE``: it takes the write lock at its start, so two
    writers wait for each other (SQLite's busy handler, then retries up to
    ``WRITER_WAIT_SECONDS``) instead of one failing when the other committed first.
    Before each transaction the file is checked to be the one opened: a database
    replaced or removed under netdesk raises ``DatabaseReplaced`` instead of taking
    writes into a file no one will see again.
    """

    def __init__(self, path: Path, *, read_only: bool = False, **kwargs: Any) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.identity: tuple[int, int] | None = None
        self.holds_lock = False
        # whether anything was committed since a moment (closed with the database)
        self.changes = ChangeWatch(self.path)
        super().__init__(read_only_uri(self.path) if read_only else str(self.path), **kwargs)

    def remember_identity(self) -> None:
        found = os.stat(self.path)
        self.identity = (found.st_dev, found.st_ino)

    def check_in_place(self) -> None:
        if self.identity is None:
            return
        try:
            found = os.stat(self.path)
        except FileNotFoundError:
            raise DatabaseReplaced(self.path) from None
        if (found.st_dev, found.st_ino) != self.identity:
            raise DatabaseReplaced(self.path)

    def begin(self, lock_type: str | None = None) -> None:
        if self.read_only:
            super().begin(lock_type)
            return
        self.check_in_place()
        deadline = time.monotonic() + WRITER_WAIT_SECONDS
        waited = False
        while True:
            try:
                super().begin(lock_type or "IMMEDIATE")
            except OperationalError as exc:
                text = str(exc).lower()
                if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                    raise
                if not waited:
                    log.info("waiting for another writer to %s", self.path.name)
                    for listener in list(_wait_listeners):
                        listener(self.path)
                    waited = True
                time.sleep(_RETRY_PAUSE_SECONDS)
                continue
            if waited:
                log.info("another writer finished; writing to %s", self.path.name)
            return


class Inspection(NamedTuple):
    """What a read-only look at a file found."""

    exists: bool
    empty: bool
    version: int


def check_location(path: Path) -> bool:
    """Whether a database file is at ``path``; a ``StorageError`` when the path may not
    be used as one (a device, a pipe, a folder, a link to nothing, a file as folder).

    Checked before anything else is done with the path: netdesk never changes the
    mode of, renames, backs up or writes through anything but a regular file (links
    are followed to what they name).
    """
    try:
        found = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise NotARegularFile(path, "it is a link to a file that does not exist") from None
        return False
    except NotADirectoryError:
        raise NotARegularFile(path, "a part of its folder is a file") from None
    except OSError as exc:
        raise DatabaseReadOnly(path, exc.strerror or str(exc)) from exc
    if stat.S_ISDIR(found.st_mode):
        raise NotADatabase(path, "it is a folder")
    if not stat.S_ISREG(found.st_mode):
        raise NotARegularFile(path, kind_of(found.st_mode))
    return True


def inspect(path: Path, *, integrity: bool = True) -> Inspection:
    """Look at a file without changing it; raise a ``StorageError`` if it is unusable."""
    if not check_location(path):
        return Inspection(exists=False, empty=True, version=0)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError as exc:
        raise DatabaseReadOnly(path, "the file cannot be read") from exc
    if not header:
        return Inspection(exists=True, empty=True, version=0)
    if header != SQLITE_HEADER:
        raise NotADatabase(path)
    try:
        conn = connect_read_only(path)
    except sqlite3.Error as exc:
        raise DatabaseReadOnly(path, str(exc)) from exc
    try:
        if integrity:
            problems = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
            if problems != ["ok"]:
                raise DatabaseDamaged(path, "; ".join(problems))
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if not names:
            return Inspection(exists=True, empty=True, version=0)
        if "schema_version" not in names:
            raise NotADatabase(path, "it is SQLite, but holds no netdesk data")
        version = int(conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0)
    except sqlite3.DatabaseError as exc:
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise DatabaseLocked(path) from exc
        if "not a database" in text:
            raise NotADatabase(path, text) from exc
        raise DatabaseDamaged(path, text) from exc
    finally:
        conn.close()
    if version > migrations.SCHEMA_VERSION:
        raise DatabaseTooNew(path, version, migrations.SCHEMA_VERSION)
    return Inspection(exists=True, empty=False, version=version)


def _create_private_file(path: Path) -> None:
    try:
        private_folder(path.parent)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, OWNER_ONLY)
    except FileExistsError:
        return
    except OSError as exc:
        raise DatabaseReadOnly(path, exc.strerror or str(exc)) from exc
    os.close(fd)


def _make_private(path: Path) -> None:
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if not candidate.is_file():  # never a device or a pipe someone put there
                continue
            if stat.S_IMODE(candidate.stat().st_mode) != OWNER_ONLY:
                os.chmod(candidate, OWNER_ONLY)
        except PermissionError:
            pass  # not ours to change; reading and writing still work


def _check_writable(path: Path) -> None:
    if not os.access(path, os.W_OK):
        raise DatabaseReadOnly(path, "the file is read-only")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise DatabaseReadOnly(path, "its folder is read-only")


def open_database(
    path: Path | str,
    *,
    create: bool = False,
    write: bool = True,
    integrity: bool = True,
    backup: bool = False,
    inspected: Inspection | None = None,
    hold: bool = False,
    bind: bool = True,
) -> NetdeskDatabase:
    """Open (and if need be create and upgrade) the database at ``path``.

    ``create``: a missing or empty file becomes a new, empty netdesk database;
    otherwise it is refused as missing. ``write=False`` opens an up-to-date
    database read-only (an older one is upgraded, which needs writing).
    ``backup``: take a rolling backup of an existing database before use.
    ``inspected``: what ``inspect(path, integrity=integrity)`` just found, when the
    caller has it already (the file is not read twice).
    ``hold``: this process keeps the database's lock (``database_lock``) until
    ``close_database``, so no other netdesk swaps the file under it.
    ``bind=False``: the database is returned only (use it with
    ``database.bound_here``); what the process has bound stays as it is.
    The returned database is also bound to ``netdesk.storage.models.database``, for
    the whole process, and the calling thread owns its lifetime (``close_database``).
    """
    global _owner_thread
    path = Path(path)
    found = inspected or inspect(path, integrity=integrity)
    if not found.exists and not create:
        raise DatabaseMissing(path)
    if found.exists and found.empty and not create:
        raise NotADatabase(path, "the file is empty")

    read_only = not write and found.version == migrations.SCHEMA_VERSION
    if read_only:
        db = NetdeskDatabase(
            path,
            read_only=True,
            uri=True,
            pragmas={"foreign_keys": 1, "busy_timeout": 5000, "query_only": 1},
        )
    else:
        if not found.exists:
            _create_private_file(path)
        _check_writable(path)
        bound = database.obj
        if hold and isinstance(bound, NetdeskDatabase) and bound.holds_lock:
            close_database()  # the owner moves on to another file
        if hold:
            # before the backup, the upgrade and every write: a restore now waits for us
            database_lock.hold(path)
        _make_private(path)
        needs_upgrade = found.version < migrations.SCHEMA_VERSION
        if not found.empty and (backup or needs_upgrade):
            from netdesk.storage import backups

            try:
                backups.rolling_backup(path, reason="upgrade" if needs_upgrade else "open")
            except (sqlite3.Error, OSError) as exc:
                where = backups.backups_dir(path)
                raise (storage_error_for(exc, where) or StorageError(where, str(exc))) from exc
        db = NetdeskDatabase(path, pragmas=PRAGMAS)
        db.holds_lock = hold
    applied: list[int] = []
    try:
        db.connect(reuse_if_open=True)
        if not read_only:
            db.remember_identity()
        if not read_only:
            # an up-to-date file has nothing to apply (and needs no migration machinery)
            if found.version < migrations.SCHEMA_VERSION:
                applied = migrations.upgrade(db)
            _make_private(path)
    except (sqlite3.OperationalError, OperationalError, OSError) as exc:
        db.close()
        if hold:
            database_lock.release(path)
        translated = storage_error_for(exc, path)
        raise (translated or StorageError(path, str(exc))) from exc
    if bind:
        database.initialize(db)
        _owner_thread = threading.get_ident()
    log.info(
        "opened %s (schema version %d%s%s)",
        path.name,
        migrations.SCHEMA_VERSION if applied or found.empty else found.version,
        ", upgraded through " + ", ".join(map(str, applied)) if applied else "",
        ", read-only" if read_only else "",
    )
    return db


def close_database() -> None:
    """End the use of the bound database: close its connection, unbind it (a later use
    fails loudly instead of quietly reconnecting) and let go of its lock.

    For the thread that owns the database's lifetime (the one that opened it: the UI
    thread, a command); from any other thread, with a database bound, it raises
    ``RuntimeError``: a worker closes its own connection with ``close_connection``.
    """
    db = database.obj
    if db is None:
        return
    if _owner_thread is not None and _owner_thread != threading.get_ident():
        raise RuntimeError(
            "close_database is for the thread that opened the database; "
            "a worker thread closes its own connection with close_connection"
        )
    wal_checkpoints.wait()  # (a log being copied into the file: finished first)
    if not db.is_closed():
        db.close()
    database.initialize(None)
    if isinstance(db, NetdeskDatabase):
        db.changes.close()
    if isinstance(db, NetdeskDatabase) and db.holds_lock:
        db.holds_lock = False
        database_lock.release(db.path)


def close_connection() -> None:
    """Close this thread's connection to the bound database, if any (it stays bound)."""
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()

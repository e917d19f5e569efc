"""Replacing a database with a restored one: all of it, or nothing.

The restored database is built in a temporary file beside the target, checked
(``PRAGMA integrity_check``, foreign keys, the current schema version, the
tables and indexes netdesk creates and nothing executable it does not), synced
to disk, and only then moved over the target in one rename. Before the rename
the target is backed up (so the restore can itself be undone) and switched out
of WAL mode under an exclusive lock: its ``-wal`` is checkpointed into it and
removed by SQLite itself, so no stale WAL can ever be replayed onto the new
file, and a target another program still has open is refused, not replaced.
Another netdesk that uses the target holds its lock (``database_lock``): the
swap is refused before anything is built, naming that netdesk's process.

A crash, even SIGKILL, at any point leaves the target as it was or fully
restored: the temporary file is never renamed before it is complete and
checked, and a leftover one is removed by the next restore.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import OperationalError, SqliteDatabase

from netdesk.storage import backups, database_lock, migrations, private_files
from netdesk.storage.database import inspect
from netdesk.storage.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseMissing,
    DatabaseReadOnly,
    NotADatabase,
    StorageError,
    storage_error_for,
)
from netdesk.storage.sqlite_files import connect_read_only

log = logging.getLogger(__name__)

TEMP_MARK = "restoring"
PRE_RESTORE_REASON = "prerestore"
_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")

# builds a complete database in the (not yet existing) file it is given
Builder = Callable[[Path], None]


@dataclass(frozen=True)
class RestoreResult:
    target: Path
    # the backup of what the target held before, None when there was nothing to keep
    previous: Path | None


def _side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in _SIDE_SUFFIXES]


def _remove_with_side_files(path: Path) -> None:
    for candidate in (path, *_side_files(path)):
        candidate.unlink(missing_ok=True)


_LEGACY_TEMP = re.compile(r"^\.\.?(?P<name>.+)\.restoring-[0-9a-f]{8}(\.partial)?$")


def remove_leftovers(target: Path) -> list[Path]:
    """Remove temporary files a restore into ``target`` left behind when it was killed.

    Those of a netdesk that has stopped, and those an older netdesk named without
    its process id; a restore still running elsewhere keeps its own.
    """
    removed = private_files.remove_leftovers_of(target)
    if target.parent.is_dir():
        for leftover in target.parent.glob(f".*{target.name}.{TEMP_MARK}-*"):
            match = _LEGACY_TEMP.match(leftover.name)
            if match is not None and match["name"] == target.name:
                _remove_with_side_files(leftover)
                removed.append(leftover)
    if removed:
        log.info("removed %d leftover restore file(s) beside %s", len(removed), target.name)
    return removed


def _check_folder_writable(target: Path) -> None:
    folder = target.parent
    if not folder.exists():
        try:
            private_files.private_folder(folder)
        except OSError as exc:
            raise DatabaseReadOnly(target, exc.strerror or str(exc)) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseReadOnly(target, "its folder is read-only")
    if target.exists() and not os.access(target, os.W_OK):
        raise DatabaseReadOnly(target, "the file is read-only")


# -- what a netdesk database looks like ------------------------------------------


# SQLite's own tables, which it makes on its own (AUTOINCREMENT, ANALYZE)
_SQLITE_OWN = re.compile(r"^sqlite_(sequence|stat\d)$")
# what a full-text table keeps beside it
_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")
# table constraints that no column list shows
_CONSTRAINT_WORDS = ("CHECK", "UNIQUE", "COLLATE", "GENERATED", "CONSTRAINT", "WITHOUT ROWID")


def _shape(conn: sqlite3.Connection) -> dict[str, tuple[Any, ...]]:
    """Every object of the whole ``sqlite_master`` by name, described by structure
    rather than SQL text (the text of a table depends on how it was migrated)."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    virtual = {name for kind, name, _, sql in rows if kind == "table" and _is_virtual(sql)}
    shadows = {f"{v}{suffix}" for v in virtual for suffix in _SHADOW_SUFFIXES}
    shape: dict[str, tuple[Any, ...]] = {}
    for kind, name, table, sql in rows:
        if _SQLITE_OWN.match(name) or (kind == "table" and name in shadows):
            continue
        if kind == "table" and name in virtual:
            shape[name] = ("virtual", " ".join(sql.split()).lower())
        elif kind == "table":
            columns = conn.execute(f'PRAGMA table_xinfo("{name}")').fetchall()
            keys = conn.execute(f'PRAGMA foreign_key_list("{name}")').fetchall()
            text = " ".join((sql or "").upper().split())
            shape[name] = (
                "table",
                tuple((c[1], c[2].upper(), c[3], c[4], c[5], c[6]) for c in columns),
                tuple(sorted((k[2], k[3], k[4], k[5], k[6], k[7]) for k in keys)),
                tuple(word for word in _CONSTRAINT_WORDS if word in text),
            )
        elif kind == "index":
            listed = conn.execute(f'PRAGMA index_list("{table}")').fetchall()
            unique, origin, partial = next(
                ((row[2], row[3], row[4]) for row in listed if row[1] == name), (0, "", 0)
            )
            columns = conn.execute(f'PRAGMA index_xinfo("{name}")').fetchall()
            shape[name] = (
                "index",
                table,
                unique,
                origin,
                partial,
                tuple((c[1], c[2], c[3], c[4]) for c in columns if c[5]),
            )
        else:
            shape[name] = (kind, table)
    return shape


def _is_virtual(sql: str | None) -> bool:
    return sql is not None and sql.lstrip().upper().startswith("CREATE VIRTUAL TABLE")


@functools.cache
def _reference_shape(version: int = migrations.SCHEMA_VERSION) -> dict[str, tuple[Any, ...]]:
    """What netdesk's own migrations make at schema ``version``."""
    db = SqliteDatabase(":memory:")
    migrations.upgrade(db, target=version)
    try:
        return _shape(db.connection())
    finally:
        db.close()


def schema_problems(
    conn: sqlite3.Connection, version: int = migrations.SCHEMA_VERSION
) -> list[str]:
    """How the schema of ``conn`` differs from the one netdesk creates at ``version``;
    [] when it does not.

    The whole ``sqlite_master`` is compared: every table and index netdesk
    creates must be there, shaped the same, and nothing else may be: no trigger
    or view (they would run inside every later write), no extra index (an extra
    UNIQUE one would make every new contact fail), no extra table.
    """
    reference = _reference_shape(version)
    found = _shape(conn)
    problems = []
    for name, expected in reference.items():
        if name not in found:
            problems.append(f"{expected[0]} {name} is missing")
        elif found[name] != expected:
            problems.append(f"{expected[0]} {name} is not the one netdesk creates")
    for name, actual in found.items():
        if name not in reference:
            problems.append(f"it holds a {actual[0]} netdesk does not create ({name})")
    return problems


# each step of a restore (the copy, the checks, the upgrade) is stopped after this long
STEP_SECONDS = 600.0


def _too_slow(source: Path, what: str) -> StorageError:
    return StorageError(source, f"{what} took longer than {STEP_SECONDS:g} seconds and was stopped")


@contextmanager
def _time_bound(conn: sqlite3.Connection, source: Path, what: str) -> Iterator[None]:
    """Interrupt whatever ``conn`` runs inside the block once ``STEP_SECONDS`` have passed."""
    deadline = time.monotonic() + STEP_SECONDS
    conn.set_progress_handler(lambda: time.monotonic() > deadline, 1000)
    try:
        yield
    except (sqlite3.OperationalError, OperationalError) as exc:
        if "interrupted" in str(exc):
            raise _too_slow(source, what) from exc
        raise
    finally:
        conn.set_progress_handler(None, 0)


def verify(path: Path, *, source: Path) -> None:
    """Check a freshly built database; problems are reported against ``source``."""
    conn = sqlite3.connect(path)
    try:
        with _time_bound(conn, source, "checking the restored database"):
            _verify(conn, source)
    finally:
        conn.close()


def _verify(conn: sqlite3.Connection, source: Path) -> None:
    try:
        # one self-contained file, no -wal beside it, before it is moved into place
        conn.execute("PRAGMA journal_mode=DELETE")
        result = [row[0] for row in conn.execute("PRAGMA integrity_check(10)")]
        if result != ["ok"]:
            raise DatabaseDamaged(source, "; ".join(result))
        problems = schema_problems(conn)
        if problems:
            raise NotADatabase(source, "; ".join(problems[:3]))
        version = conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        if version != migrations.SCHEMA_VERSION:
            raise StorageError(
                source, f"restored to schema version {version}, not {migrations.SCHEMA_VERSION}"
            )
        dangling = conn.execute("PRAGMA foreign_key_check").fetchall()
        if dangling:
            tables = sorted({row[0] for row in dangling})
            raise DatabaseDamaged(
                source,
                f"{len(dangling)} row(s) point at rows that do not exist (in {', '.join(tables)})",
            )
        for table in ("contact_search", "contact_match"):
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
    except sqlite3.DatabaseError as exc:
        if "interrupted" in str(exc):
            raise
        raise DatabaseDamaged(source, str(exc)) from exc


# -- replacing the target ----------------------------------------------------------


# POSIX renames over an open file; Windows does not, so there the lock is let go first
_HOLD_LOCK_FOR_RENAME = os.name != "nt"


@contextmanager
def _exclusive(target: Path) -> Iterator[None]:
    """Hold ``target`` out of WAL mode, under an exclusive lock, for the rename.

    Leaving WAL checkpoints every committed change into the main file and makes
    SQLite delete ``-wal`` and ``-shm``; it fails while any other connection
    (another netdesk window, a backup in progress) has the file open.
    """
    conn = sqlite3.connect(target, timeout=2.0, isolation_level=None)
    try:
        try:
            mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
            conn.execute("BEGIN EXCLUSIVE")
        except sqlite3.OperationalError as exc:
            raise DatabaseLocked(target) from exc
        if mode != "delete" or any(side.exists() for side in _side_files(target)[:2]):
            raise DatabaseLocked(target)
        if not _HOLD_LOCK_FOR_RENAME:
            conn.close()
        yield
    finally:
        conn.close()


def replace_database(
    target: Path, build: Builder, *, source: Path, keep: int = backups.DEFAULT_KEEP
) -> RestoreResult:
    """Build a database with ``build`` and put it in place of ``target``, all or nothing.

    ``target`` may be missing (it is created) or a healthy netdesk database
    (it is backed up first, reason ``prerestore``). A target that is damaged,
    not netdesk's, from a newer netdesk, read-only or in use is refused and
    left as it was. Low-level write errors (disk full…) become ``StorageError``.
    """
    target = Path(target)
    found = inspect(target)
    # a symlinked database: replace the file it points to, from beside that file
    destination = Path(os.path.realpath(target))
    _check_folder_writable(destination)
    try:
        with (
            database_lock.exclusive(destination),
            private_files.PrivateFile(
                destination, mark=TEMP_MARK, side_files=_SIDE_SUFFIXES
            ) as temp,
        ):
            remove_leftovers(destination)
            temp.close_descriptor()
            build(temp.path)
            verify(temp.path, source=source)
            previous = None
            if found.exists and not found.empty:
                previous = backups.rolling_backup(target, reason=PRE_RESTORE_REASON, keep=keep)
                if previous is None:  # unchanged since the newest backup: that one holds it
                    previous = backups.list_backups(target)[0].path
            if found.exists:
                with _exclusive(destination):
                    temp.commit()
            else:
                temp.commit()
    except BaseException as exc:
        translated = storage_error_for(exc, target)
        if translated is not None and translated is not exc:
            raise translated from exc
        raise
    log.info(
        "restored %s into %s (previous kept as %s)",
        source.name,
        target.name,
        previous.name if previous else "nothing",
    )
    return RestoreResult(target, previous)


def _copy_and_upgrade(
    source: Path, version: int, progress: backups.Progress | None = None
) -> Builder:
    def build(temp: Path) -> None:
        deadline = time.monotonic() + STEP_SECONDS

        def copied(done: int, total: int) -> None:
            if time.monotonic() > deadline:
                raise _too_slow(source, "copying the backup")
            if progress is not None:
                progress(done, total)

        backups.copy_database(source, temp, copied)
        # every object is checked before any migration runs: a trigger the backup
        # brought would run inside the upgrade's writes
        conn = sqlite3.connect(temp)
        try:
            with _time_bound(conn, source, "checking the backup"):
                problems = schema_problems(conn, version)
        finally:
            conn.close()
        if problems:
            raise NotADatabase(source, "; ".join(problems[:3]))
        if version < migrations.SCHEMA_VERSION:
            db = SqliteDatabase(str(temp), pragmas={"foreign_keys": 1})
            try:
                with _time_bound(db.connection(), source, "upgrading the backup"):
                    applied = migrations.upgrade(db)
            finally:
                db.close()
            log.info("upgraded the restored copy through schema versions %s", applied)

    return build


def check_source(source: Path) -> int:
    """Check a SQLite backup before use; its schema version, or a ``StorageError``."""
    found = inspect(source)
    if not found.exists:
        raise DatabaseMissing(source)
    if found.empty:
        raise NotADatabase(source, "it holds no netdesk data")
    return found.version


def restore_database(
    source: Path,
    target: Path,
    *,
    keep: int = backups.DEFAULT_KEEP,
    progress: backups.Progress | None = None,
) -> RestoreResult:
    """Restore the SQLite backup ``source`` over (or as) ``target``; see ``replace_database``.

    A backup from an older netdesk is upgraded in the temporary copy; the
    backup file itself is only read.
    """
    source, target = Path(source), Path(target)
    version = check_source(source)
    if target.exists() and os.path.samefile(source, target):
        raise StorageError(source, "this is the database itself; choose a backup of it")
    build = _copy_and_upgrade(source, version, progress)
    return replace_database(target, build, source=source, keep=keep)


# -- for the open-problem dialog -------------------------------------------------------


def latest_good_backup(db_path: Path) -> backups.BackupInfo | None:
    """The newest rolling backup of ``db_path`` that passes a check and this netdesk reads."""
    for info in backups.list_backups(db_path):
        try:
            check_source(info.path)
        except StorageError:
            log.info("skipped unusable backup %s", info.path.name)
            continue
        return info
    return None


def restore_beside(backup: Path, damaged: Path, *, now: dt.datetime | None = None) -> Path:
    """Restore ``backup`` into a new file next to ``damaged``, which is left untouched."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = damaged.with_name(f"{damaged.stem}-restored-{stamp}.sqlite3")
    number = 2
    while target.exists():
        target = damaged.with_name(f"{damaged.stem}-restored-{stamp}-{number}.sqlite3")
        number += 1
    restore_database(backup, target)
    return target


def read_setting(path: Path, key: str) -> str | None:
    """A setting's stored (JSON) text in the database at ``path``, read-only; None if absent."""
    if not path.is_file():
        return None
    try:
        conn = connect_read_only(path)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return row[0] if row else None

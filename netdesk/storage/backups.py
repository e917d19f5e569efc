"""Consistent copies of a database through SQLite's online backup API.

Rolling backups live beside the database, in ``<stem>-backups/``, named
``<stem>-<UTC time>-<reason>-<fingerprint>.sqlite3``. The fingerprint hashes
the copy's pages (less the header's change counters), so a backup of an
unchanged database is recognised and not kept twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from netdesk.storage import private_files
from netdesk.storage.errors import UnsafeFolder
from netdesk.storage.sqlite_files import connect_read_only

log = logging.getLogger(__name__)

DEFAULT_KEEP = 10
OWNER_ONLY = stat.S_IRUSR | stat.S_IWUSR
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<when>\d{8}T\d{6}\d{6}Z)-(?P<reason>[a-z]+)-(?P<fp>[0-9a-f]{16})\.sqlite3$"
)
# Header bytes SQLite rewrites on every checkpoint: file change counter, version-valid-for.
_VOLATILE_HEADER = ((24, 28), (92, 100))
_PAGES_PER_STEP = 1024
_HASH_BLOCK = 16 << 20
_STALE_SCRATCH_SECONDS = 24 * 3600
_SIDE = ("-journal", "-wal", "-shm")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    reason: str
    size: int
    fingerprint: str


@dataclass(frozen=True)
class BackupSummary:
    """What a quick read-only look into a backup file found (no integrity check)."""

    contacts: int | None
    version: int | None
    problem: str | None = None


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / f"{db_path.stem}-backups"


def unsafe_folder_problem(folder: Path) -> str | None:
    """Why backups must not go into ``folder`` (a symlink, not a folder, someone else's);
    None when it is a real folder of this user's, or does not exist yet."""
    try:
        found = folder.lstat()
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(found.st_mode):
        return "it is a symbolic link; backups are written only into a real folder"
    if not stat.S_ISDIR(found.st_mode):
        return "it is not a folder"
    if hasattr(os, "getuid") and found.st_uid != os.getuid():
        return "it belongs to another user"
    return None


def writable_backups_dir(db_path: Path) -> Path:
    """The backups folder of ``db_path``, made owner-only if missing; an
    ``UnsafeFolder`` error when it is a symlink or not this user's own."""
    folder = backups_dir(db_path)
    problem = unsafe_folder_problem(folder)
    if problem is not None:
        raise UnsafeFolder(folder, problem)
    return private_files.private_folder(folder)


def fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        head = bytearray(handle.read(100))
        for start, end in _VOLATILE_HEADER:
            head[start:end] = bytes(end - start)
        digest.update(head)
        # (large blocks: reading and hashing each leaves Python's lock to other threads,
        # and every block takes it back once)
        for block in iter(lambda: handle.read(_HASH_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def copy_database(source: Path, dest: Path, progress: Progress | None = None) -> None:
    """Copy ``source`` to ``dest`` (created owner-only) with the backup API.

    Safe while netdesk or another process has the source open: the copy is one
    consistent snapshot. ``dest`` appears only once complete.
    """
    with private_files.replacing(dest, side_files=_SIDE) as partial:
        _copy_into(source, partial, progress)


def _copy_into(source: Path, partial: Path, progress: Progress | None) -> None:
    """Copy ``source`` into the (empty) file ``partial`` with the backup API."""

    def report(status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    src = connect_read_only(source)
    try:
        dst = sqlite3.connect(partial)
        # no rollback journal for a file that is thrown away if anything fails
        dst.execute("PRAGMA journal_mode=OFF")
        try:
            # one read transaction around every step: a single snapshot, which
            # writers in other processes neither disturb nor keep restarting
            src.execute("BEGIN")
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if progress is None:
                # in one step: Python's lock is left to other threads all the while
                src.backup(dst)
            else:
                src.backup(dst, pages=_PAGES_PER_STEP, progress=report)
            src.rollback()
            # a backup is a single file: no WAL beside it
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The rolling backups of ``db_path``, newest first."""
    folder = backups_dir(db_path)
    found: list[BackupInfo] = []
    if not folder.is_dir() or unsafe_folder_problem(folder) is not None:
        return found
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if not match or match["stem"] != db_path.stem:
            continue
        taken = dt.datetime.strptime(match["when"], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=dt.UTC)
        found.append(BackupInfo(entry, taken, match["reason"], entry.stat().st_size, match["fp"]))
    found.sort(key=lambda info: info.taken_at, reverse=True)
    return found


def describe_backup(path: Path) -> BackupSummary:
    """Count the live contacts in a backup and read its schema version, read-only."""
    try:
        conn = connect_read_only(path)
    except sqlite3.Error as exc:
        return BackupSummary(None, None, str(exc))
    try:
        version = conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        contacts = conn.execute("SELECT count(*) FROM contact WHERE deleted_at IS NULL").fetchone()[
            0
        ]
        return BackupSummary(int(contacts), int(version or 0))
    except sqlite3.Error as exc:
        return BackupSummary(None, None, str(exc))
    finally:
        conn.close()


def prune_backups(db_path: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    removed = []
    for info in list_backups(db_path)[keep:]:
        info.path.unlink(missing_ok=True)
        removed.append(info.path)
    if removed:
        log.info("pruned %d old backup(s) of %s, keeping %d", len(removed), db_path.name, keep)
    return removed


def _remove_stale_scratch(folder: Path, db_path: Path) -> None:
    """Half-made copies a killed backup left behind (a day old: surely not in progress)."""
    if not folder.is_dir():
        return
    cutoff = dt.datetime.now().timestamp() - _STALE_SCRATCH_SECONDS
    for pattern in (f".{db_path.stem}-*.sqlite3", f"..{db_path.stem}-*.sqlite3.partial"):
        for leftover in folder.glob(pattern):
            try:
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()
            except OSError:
                pass


def rolling_backup(
    db_path: Path,
    *,
    reason: str = "auto",
    keep: int = DEFAULT_KEEP,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> Path | None:
    """Back up ``db_path`` into its backups folder, keeping the newest ``keep``.

    Returns the new backup's path, or None when the database has not changed
    since the newest backup (nothing new is kept then).
    """
    return keep_copy(copy_for_backup(db_path, reason=reason, now=now, progress=progress), keep)


@dataclass
class BackupCopy:
    """A rolling backup copied and synced to disk in its folder, not yet kept."""

    db_path: Path
    reason: str
    when: str
    scratch: private_files.PrivateFile
    fingerprint: str


def copy_for_backup(
    db_path: Path,
    *,
    reason: str = "auto",
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> BackupCopy:
    """The first half of ``rolling_backup``: a consistent copy of ``db_path`` (one
    snapshot), fingerprinted and synced to disk under a temporary name in the backups
    folder. ``keep_copy`` makes it a backup, ``discard_copy`` removes it."""
    if not re.fullmatch(r"[a-z]+", reason):
        raise ValueError(f"backup reason must be lower-case letters: {reason!r}")
    when = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    folder = writable_backups_dir(db_path)
    _remove_stale_scratch(folder, db_path)
    temp = private_files.PrivateFile(folder / f"{db_path.stem}-{when}.sqlite3", side_files=_SIDE)
    try:
        temp.close_descriptor()
        _copy_into(db_path, temp.path, progress)
        new_print = fingerprint(temp.path)
        temp.sync()
    except BaseException:
        temp.discard()
        raise
    return BackupCopy(db_path, reason, when, temp, new_print)


def keep_copy(copy: BackupCopy, keep: int = DEFAULT_KEEP) -> Path | None:
    """Keep a copy as the newest rolling backup (renamed into place, the oldest past
    ``keep`` pruned); None, and the copy removed, when the newest backup already holds
    the very same database."""
    db_path = copy.db_path
    existing = list_backups(db_path)
    if existing and existing[0].fingerprint == copy.fingerprint:
        copy.scratch.discard()
        log.info("backup (%s) of %s skipped: unchanged since the newest", copy.reason, db_path.name)
        return None
    final = copy.scratch.target.with_name(
        f"{db_path.stem}-{copy.when}-{copy.reason}-{copy.fingerprint}.sqlite3"
    )
    copy.scratch.target = final
    try:
        copy.scratch.commit()
    except BaseException:
        copy.scratch.discard()
        raise
    log.info("backup (%s) of %s taken: %d bytes", copy.reason, db_path.name, final.stat().st_size)
    prune_backups(db_path, max(1, keep))
    return final


def discard_copy(copy: BackupCopy) -> None:
    copy.scratch.discard()

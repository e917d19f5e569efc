"""The rolling backups netdesk keeps of a database: when it takes one, and the list of them.

netdesk backs a database up on its own when it opens it, before a write that
changes many contacts at once (an import, merging duplicates: no backup, no
write), and when a person asks (File ▸ Back Up Now). Each keeps the newest
``backup.keep`` (``settings.backups_to_keep``). The files, their names and
their folder are ``netdesk.storage.backups``'s.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from netdesk.domain import settings
from netdesk.storage import backups
from netdesk.storage.backups import BackupInfo, BackupSummary
from netdesk.storage.errors import StorageError, storage_error_for

__all__ = [
    "BackupInfo",
    "BackupRow",
    "BackupSummary",
    "back_up_at_opening",
    "back_up_now",
    "back_up_or_refuse",
    "backup_rows",
    "contacts_in",
    "keep_backup_copy",
    "newest_backup",
]

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BackupRow:
    """A backup as the restore list shows it: when and why it was taken, what it holds."""

    info: BackupInfo
    summary: BackupSummary


def back_up_or_refuse(path: Path, *, reason: str, refused: str) -> Path | None:
    """A rolling backup of ``path`` before a large write, with the database's own
    ``backup.keep``; when none can be taken the write must not happen: ``StorageError``
    saying nothing was ``refused`` ("imported", "merged")."""
    try:
        return backups.rolling_backup(path, reason=reason, keep=settings.backups_to_keep())
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(
            path, f"no backup could be taken, so nothing was {refused} ({exc})"
        ) from exc


def keep_backup_copy(copy: backups.BackupCopy, keep: int, *, refused: str) -> Path | None:
    """Keep a copy made ahead (``backups.copy_for_backup``) as the rolling backup before a
    large write; ``StorageError`` as ``back_up_or_refuse`` when it cannot be kept."""
    try:
        return backups.keep_copy(copy, keep)
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(
            copy.db_path, f"no backup could be taken, so nothing was {refused} ({exc})"
        ) from exc


def back_up_now(path: Path, keep: int, progress: Progress | None = None) -> Path | None:
    """A backup a person asked for; None when nothing changed since the newest one.

    ``keep`` is read by the caller (``settings.backups_to_keep``) on the thread that
    owns the database: this runs in a worker, which reads the file and nothing else.
    """
    try:
        return backups.rolling_backup(path, reason="manual", keep=keep, progress=progress)
    except (OSError, sqlite3.Error) as exc:
        where = backups.backups_dir(path)
        raise (storage_error_for(exc, where) or StorageError(where, str(exc))) from exc


def back_up_at_opening(path: Path, keep: int) -> None:
    """The backup taken each time a database opens (in a worker, as ``back_up_now``).

    A failure is logged and stops nothing: netdesk still works, and the next
    opening tries again.
    """
    try:
        backups.rolling_backup(path, reason="open", keep=keep)
    except (OSError, sqlite3.Error, StorageError) as exc:
        problem = storage_error_for(exc, backups.backups_dir(path))
        log.warning("backup at opening failed: %s", problem.problem if problem else type(exc))


def backup_rows(path: Path) -> list[BackupRow]:
    """The rolling backups of ``path``, newest first, each with what it holds."""
    return [
        BackupRow(info, backups.describe_backup(info.path)) for info in backups.list_backups(path)
    ]


def newest_backup(path: Path) -> BackupInfo | None:
    found = backups.list_backups(path)
    return found[0] if found else None


def contacts_in(backup: Path) -> int | None:
    """How many contacts a backup file holds (None when it cannot be read)."""
    return backups.describe_backup(backup).contacts

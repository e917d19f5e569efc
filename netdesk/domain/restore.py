"""Restoring a database from a backup file: a SQLite copy or the JSON backup.

Both kinds go through ``netdesk.storage.database_swap.replace_database``: the
restored database is built and checked in a temporary file beside the target
and then renamed over it, after the target was backed up. A JSON backup is
read and checked in full before anything is built.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netdesk.domain import json_backup, settings, stored_text
from netdesk.domain.json_backup import BackupFormatError
from netdesk.storage import database_swap
from netdesk.storage.backups import BackupInfo
from netdesk.storage.database import SQLITE_HEADER, close_database, open_database
from netdesk.storage.errors import StorageError
from netdesk.storage.models import database

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

SQLITE = "sqlite"
JSON = "json"


@dataclass(frozen=True)
class RestoreReport:
    target: Path
    kind: str  # SQLITE or JSON
    # the backup of what the target held before (restore it to undo), or None
    previous: Path | None


def backup_kind(path: Path) -> str:
    """SQLITE or JSON, from the file's first bytes; ``BackupFormatError`` for anything else."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise json_backup.unreadable(path, exc) from exc
    if head.startswith(SQLITE_HEADER):
        return SQLITE
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return JSON
    if not head:
        raise BackupFormatError(f"{path}: the file is empty")
    raise BackupFormatError(
        f"{path}: not a netdesk backup (neither a netdesk database nor a JSON backup)"
    )


def backups_to_keep(target: Path) -> int:
    """The target's own ``backup.keep`` setting, read without opening it for writing."""
    raw = database_swap.read_setting(target, "backup.keep")
    try:
        value = json.loads(raw) if raw is not None else None
    except ValueError:
        value = None
    return settings.keep_count(value)


def _json_builder(document: dict[str, Any], progress: Progress | None) -> database_swap.Builder:
    def build(temp: Path) -> None:
        db = open_database(temp, create=True, bind=False)
        try:
            # bound for this thread alone: other threads never see the file being built
            with database.bound_here(db):
                json_backup.restore_document(document, progress, checked=True)
        finally:
            db.close()

    return build


def _clean_restored_text(target: Path) -> None:
    """Bring a restored SQLite file's text under the one rule for text.

    A SQLite backup is restored as the file it is, so its text never went
    through netdesk's checks. The file is bound for this thread alone while it
    is cleaned, as a JSON restore builds its file.
    """
    try:
        db = open_database(target, integrity=False, bind=False)
        try:
            with database.bound_here(db):
                stored_text.clean_stored_text()
        finally:
            db.close()
    except StorageError as exc:  # the restore is done and stays; only this cleaning failed
        log.warning("the restored text could not be cleaned: %s", exc)


def restore_file(source: Path, target: Path, *, progress: Progress | None = None) -> RestoreReport:
    """Restore the backup ``source`` (either kind) over or as ``target``, all or nothing.

    The caller ends its own use of the database first (``close_database``; it is
    done here too, for this thread) and opens the restored target after, on the
    thread that owns the database's lifetime: nothing here leaves a database
    bound. Refused with ``DatabaseInUse`` while another netdesk has ``target`` open.
    """
    source, target = Path(source), Path(target)
    kind = backup_kind(source)
    keep = backups_to_keep(target)
    # this thread's own connection would hold the target open against the swap
    close_database()
    if kind == SQLITE:
        result = database_swap.restore_database(source, target, keep=keep, progress=progress)
        _clean_restored_text(target)
    else:
        document = json_backup.read_backup(source)
        result = database_swap.replace_database(
            target, _json_builder(document, progress), source=source, keep=keep
        )
    log.info("restore from a %s backup finished", kind)
    return RestoreReport(target, kind, result.previous)


def latest_good_backup(path: Path) -> BackupInfo | None:
    """The newest rolling backup of ``path`` that passes a check and this netdesk reads."""
    return database_swap.latest_good_backup(path)


def restore_beside(backup: Path, damaged: Path) -> Path:
    """Restore ``backup`` into a new file next to ``damaged`` (left exactly as it is), its
    text brought under the one rule as any restored SQLite file's; the new file's path."""
    restored = database_swap.restore_beside(backup, damaged)
    _clean_restored_text(restored)
    log.info("restored a backup beside a database that could not be used")
    return restored

"""The database in use: opening it (storage checks and migrations, then derived data),
checking it, and ending its use.

The thread that opens the database owns its lifetime and alone closes it
(``close_workspace``); a worker thread ends its own connection with
``close_thread_connection``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from peewee import SqliteDatabase

from netdesk.domain import score_cache
from netdesk.storage import migrations
from netdesk.storage.database import (
    close_connection,
    close_database,
    inspect,
    open_database,
)
from netdesk.storage.errors import StorageError, storage_error_for
from netdesk.storage.models import Contact


def open_workspace(
    path: Path | str,
    *,
    create: bool = False,
    write: bool = True,
    integrity: bool = True,
    backup: bool = False,
    hold: bool = False,
) -> SqliteDatabase:
    """Open ``path`` (see ``open_database``) and bring the score cache up to date."""
    db = open_database(
        path, create=create, write=write, integrity=integrity, backup=backup, hold=hold
    )
    if not db.connect_params.get("uri"):
        score_cache.refresh_if_needed()
    return db


def open_unchecked(path: Path) -> bool:
    """Open an existing, up-to-date database as it is, before its integrity check.

    Nothing is read but the header and the schema version, and nothing is
    written: the caller owes the check (``integrity_problem``) before any write,
    and the score cache's refresh after it. False, with nothing opened, when the
    file needs more than that (it is new, empty or older): ``open_workspace`` then.
    """
    found = inspect(path, integrity=False)
    if not found.exists or found.empty or found.version != migrations.SCHEMA_VERSION:
        return False
    open_database(path, integrity=False, inspected=found, hold=True)
    return True


def integrity_problem(path: Path) -> str:
    """What a full check of the file finds wrong with it; "" when it is healthy."""
    try:
        inspect(path, integrity=True)
    except StorageError as exc:
        return str(exc)
    return ""


def is_empty() -> bool:
    """The open database holds no contact at all (not even a deleted one)."""
    return not Contact.select().exists()


def save_copy(source: Path, destination: Path) -> None:
    """Copy the database at ``source`` to ``destination`` (which it replaces whole)."""
    from netdesk.storage import backups  # rarely needed: not loaded with the window

    try:
        backups.copy_database(source, destination)
    except (OSError, sqlite3.Error) as exc:
        raise (storage_error_for(exc, destination) or StorageError(destination, str(exc))) from exc


def close_workspace() -> None:
    """End the use of the open database (on the thread that opened it)."""
    from netdesk.domain.importers import preview_cache

    preview_cache.forget()  # (a preview of this database is of no use to the next)
    close_database()


def close_thread_connection() -> None:
    """A worker thread is done with the database: its own connection closes."""
    close_connection()

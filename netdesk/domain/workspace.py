"""Opening a database for use: storage checks and migrations, then derived data."""

from __future__ import annotations

from pathlib import Path

from peewee import SqliteDatabase

from netdesk.domain import score_cache
from netdesk.storage.database import open_database


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

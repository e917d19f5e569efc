"""Opening a SQLite file read-only, including one in a read-only place.

A WAL database needs its ``-shm`` file even to be read. In a read-only folder
that file cannot be created, so SQLite refuses a plain read-only open ("unable
to open database file"). When no ``-wal`` file exists either, the database is
entirely in the main file and can be read as immutable, which needs neither.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def read_only_uri(path: Path) -> str:
    """The URI that opens ``path`` read-only here (immutable where it must be)."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        probe = sqlite3.connect(uri, uri=True)
    except sqlite3.Error:
        return uri
    try:
        probe.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.OperationalError as exc:
        wal = path.with_name(path.name + "-wal")
        if "unable to open" in str(exc) and not wal.exists():
            return f"{uri}&immutable=1"
    except sqlite3.Error:
        pass
    finally:
        probe.close()
    return uri


def connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(read_only_uri(path), uri=True)

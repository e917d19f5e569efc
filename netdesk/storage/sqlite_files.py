"""Reading a SQLite file without changing it or leaving anything beside it.

A WAL database needs its ``-shm`` file even to be read, and SQLite creates
``-wal`` and ``-shm`` for any reader. A read-only connection cannot remove
them again, so a plain ``mode=ro`` look at a file would leave both behind.
When neither exists yet (nobody has the database open), a writable
connection that is only allowed to query (``query_only``) reads the same and,
being the last to close, removes what it created; it writes nothing.

In a read-only folder ``-shm`` cannot be created, so SQLite refuses a plain
read-only open ("unable to open database file"). When no ``-wal`` file exists
either, the database is entirely in the main file and is read as immutable.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


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
    """A connection that reads ``path`` and leaves it, and its folder, as they were."""
    untouched = not any(path.with_name(path.name + s).exists() for s in _SIDE_SUFFIXES)
    if (
        untouched
        and os.access(path, os.R_OK | os.W_OK)
        and os.access(path.parent, os.W_OK | os.X_OK)
    ):
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True)
        conn.execute("PRAGMA query_only = 1")
        return conn
    return sqlite3.connect(read_only_uri(path), uri=True)

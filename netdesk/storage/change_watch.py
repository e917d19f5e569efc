"""Whether anything was committed to a database file since a moment, whoever wrote it.

A ``ChangeWatch`` keeps a connection of its own to the file that never writes.
SQLite's ``PRAGMA data_version`` on a connection changes whenever any *other*
connection commits to the file (another thread's, another process's), so on this
one it changes with every commit at all. ``token()`` marks a moment;
``unchanged_since(token)`` says whether nothing was committed since and the file
is still the same file. Asked inside a write transaction (which holds the write
lock), the answer stays true until that transaction ends.

The watch opens its connection the first time it is asked and keeps it until
``close`` (the database's owner closes it with the database).
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import threading
from pathlib import Path
from typing import NamedTuple

_watches = itertools.count(1)


class ChangeToken(NamedTuple):
    watch: int  # which watch made it (a token means nothing to another)
    device: int
    inode: int
    version: int


class ChangeWatch:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._number = next(_watches)
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._closed = False

    def token(self) -> ChangeToken | None:
        """This moment, or None when it cannot be told (the watch closed, the file gone)."""
        with self._lock:
            if self._closed:
                return None
            try:
                found = os.stat(self.path)
                if self._connection is None:
                    self._connection = sqlite3.connect(
                        self.path, check_same_thread=False, isolation_level=None
                    )
                    self._connection.execute("PRAGMA query_only = 1")
                (version,) = self._connection.execute("PRAGMA data_version").fetchone()
            except (OSError, sqlite3.Error):
                return None
            return ChangeToken(self._number, found.st_dev, found.st_ino, version)

    def unchanged_since(self, token: ChangeToken | None) -> bool:
        """Whether nothing was committed to the file since ``token`` was taken (False
        when that cannot be told)."""
        return token is not None and self.token() == token

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._connection is not None:
                self._connection.close()
                self._connection = None

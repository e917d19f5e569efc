"""A large write's log copied into the database file while nobody waits for it.

In WAL mode SQLite appends each commit to the write-ahead log, and once the log
has grown past ``wal_autocheckpoint`` pages (a thousand) it copies the log back
into the database file as part of the commit that crossed the mark. That commit
is the one that wrote the most: an import of thousands of contacts waits for
twenty-odd megabytes copied and synced, about a tenth of its time. The commit
is durable before the copy (``synchronous=FULL`` syncs the log at every
commit), so nothing is gained by waiting for it.

``deferred`` lets such a write commit without the copy and then makes it in a
thread of its own, on a connection of its own: a passive checkpoint, which
never blocks anyone reading or writing meanwhile. ``wait`` waits for it;
``close_database`` calls it, so a database is never closed, unlocked or
swapped for another while its log is being copied.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from peewee import Database

log = logging.getLogger(__name__)

_lock = threading.Lock()
_running: list[threading.Thread] = []


@contextlib.contextmanager
def deferred(db: Database) -> Iterator[None]:
    """Commit the writes made inside (in transactions of their own) to ``db`` without
    copying the log into its file; then copy it in a thread."""
    path = Path(db.database)
    conn = db.connection()
    (limit,) = conn.execute("PRAGMA wal_autocheckpoint").fetchone()
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(limit)}")
        _start(path)


def _start(path: Path) -> None:
    if not path.is_file():  # (a database in memory has no log)
        return
    thread = threading.Thread(target=_checkpoint, args=(path,), name="wal-checkpoint")
    with _lock:
        _running[:] = [t for t in _running if t.is_alive()]
        _running.append(thread)
    thread.start()


def _checkpoint(path: Path) -> None:
    try:
        # (mode=rw: a file no longer there is not created again)
        uri = f"{path.resolve().as_uri()}?mode=rw"
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=5)) as conn:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    except sqlite3.Error as exc:
        log.info("log of %s not copied now (%s); SQLite copies it later", path.name, exc)


def wait() -> None:
    """Return once every log copy started here is done."""
    with _lock:
        running, _running[:] = list(_running), []
    for thread in running:
        thread.join()

"""Failing a write part way through a user action, to prove the action is all or nothing.

``failing_write(n)`` makes the ``n``-th statement that changes the database
(INSERT, UPDATE, DELETE, REPLACE; through peewee or the raw connection, one
``executemany`` counting once) raise ``InjectedFault`` instead of running, on the
database bound for the test. ``assert_all_or_nothing(action)`` runs ``action``
with its first write failing, then its second, and so on until it runs through;
after every failure the file must hold exactly what it held before (every table,
the search index's included) and no transaction may be left open. An action that
writes only once proves nothing this way: it is refused (``writes_at_least``).

The model is the import's "cancel at every progress step"
(``tests/domain/importers/test_plan_and_apply.py``), for every transaction.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from netdesk.storage.models import database

T = TypeVar("T")

_WRITE = re.compile(r"^\s*(?:WITH\b.*?\b)?(INSERT|UPDATE|DELETE|REPLACE)\b", re.I | re.S)


class InjectedFault(Exception):
    """The write a test asked to fail (no code of netdesk's catches it)."""


class WriteCounter:
    """Counts the writes on one connection; the ``fail_at``-th raises ``InjectedFault``."""

    def __init__(self, fail_at: int | None) -> None:
        self.fail_at = fail_at
        self.writes: list[str] = []
        self.fired = False

    def before(self, sql: str) -> None:
        if not _WRITE.match(sql):
            return
        self.writes.append(" ".join(sql.split())[:80])
        if len(self.writes) == self.fail_at:
            self.fired = True
            raise InjectedFault(f"write {self.fail_at} failed: {self.writes[-1]}")


def _cursor_class(counter: WriteCounter) -> type[sqlite3.Cursor]:
    class CountingCursor(sqlite3.Cursor):
        def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
            counter.before(sql)
            return super().execute(sql, parameters)

        def executemany(self, sql: str, seq: Any, /) -> sqlite3.Cursor:
            counter.before(sql)
            return super().executemany(sql, seq)

    return CountingCursor


class _CountingConnection:
    """The raw connection as ``database.connection()`` hands it out, writes counted."""

    def __init__(self, real: sqlite3.Connection, counter: WriteCounter) -> None:
        self._real = real
        self._counter = counter
        self._cursor = _cursor_class(counter)

    def cursor(self, *args: Any) -> sqlite3.Cursor:
        return self._real.cursor(self._cursor)

    def execute(self, sql: str, parameters: Any = ()) -> sqlite3.Cursor:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, seq: Any) -> sqlite3.Cursor:
        return self.cursor().executemany(sql, seq)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@contextmanager
def failing_write(fail_at: int | None) -> Iterator[WriteCounter]:
    """Count the writes to the bound database; the ``fail_at``-th fails (None: none)."""
    db = database.obj
    assert db is not None, "failing_write needs a bound database (the db fixture)"
    counter = WriteCounter(fail_at)
    real = db.connection()
    counting = _CountingConnection(real, counter)
    db.cursor = counting.cursor
    db.connection = lambda: counting
    try:
        yield counter
    finally:
        del db.cursor
        del db.connection


def database_contents(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table in the file (the search index's own tables too),
    as committed: read through a connection of its own."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name in names
        }
    finally:
        conn.close()


def assert_all_or_nothing(action: Callable[[], T], *, writes_at_least: int = 2) -> T:
    """Fail ``action``'s first write, then its second, … until it runs through; after each
    failure nothing of it may be stored. Returns what the action returned in the end."""
    db = database.obj
    assert db is not None, "assert_all_or_nothing needs a bound database (the db fixture)"
    before = database_contents(db.path)
    fail_at = 0
    while True:
        fail_at += 1
        with failing_write(fail_at) as counter:
            try:
                result = action()
            except InjectedFault:
                pass
            else:
                assert not counter.fired, f"the action went on after write {fail_at} failed"
                break
        assert not db.in_transaction(), f"a transaction was left open after write {fail_at}"
        after = database_contents(db.path)
        changed = sorted(name for name in before | after if before.get(name) != after.get(name))
        assert not changed, (
            f"write {fail_at} ({counter.writes[-1]}) failed, but what came before it "
            f"was stored: {', '.join(changed)} changed"
        )
    writes = len(counter.writes)
    assert writes >= writes_at_least, (
        f"the action wrote {writes} time(s): a failure part way through cannot be tested"
    )
    return result

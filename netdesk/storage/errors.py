"""Errors that mean "this file cannot be used", told apart from bugs.

Each carries a message meant for a person: it names the file and the problem.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from peewee import PeeweeException


class StorageError(Exception):
    """The environment or the file is the problem, not netdesk's code."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class DatabaseMissing(StorageError):
    def __init__(self, path: Path | str) -> None:
        super().__init__(path, "no such database file")


class NotADatabase(StorageError):
    def __init__(self, path: Path | str, detail: str = "") -> None:
        text = "not a netdesk database (the file is not SQLite)"
        super().__init__(path, f"{text}{': ' + detail if detail else ''}")


class DatabaseDamaged(StorageError):
    def __init__(self, path: Path | str, detail: str) -> None:
        super().__init__(path, f"the database is damaged ({detail})")


class DatabaseTooNew(StorageError):
    def __init__(self, path: Path | str, found: int, supported: int) -> None:
        self.found = found
        self.supported = supported
        super().__init__(
            path,
            f"written by a newer netdesk (schema version {found}; "
            f"this netdesk reads up to {supported})",
        )


class DatabaseReadOnly(StorageError):
    def __init__(self, path: Path | str, detail: str = "") -> None:
        self.detail = detail
        text = "cannot write to the database location"
        super().__init__(path, f"{text}{' (' + detail + ')' if detail else ''}")


class DatabaseLocked(StorageError):
    def __init__(self, path: Path | str) -> None:
        super().__init__(path, "the database is busy (another program holds a lock on it)")


class UnsafeFolder(StorageError):
    """A folder netdesk would write into is not safely the user's own."""

    def __init__(self, path: Path | str, detail: str) -> None:
        super().__init__(path, f"netdesk will not write here: {detail}")


class NotARegularFile(StorageError):
    """The database path names a device, a pipe, a folder or a dangling link."""

    def __init__(self, path: Path | str, detail: str) -> None:
        super().__init__(path, f"not a database file ({detail}); netdesk uses only regular files")


class NotReplaceable(StorageError):
    """A file netdesk would write is in the place of a device, a pipe or a socket."""

    def __init__(self, path: Path | str, detail: str) -> None:
        super().__init__(path, f"netdesk will not write over it ({detail}); choose a file")


class DatabaseInUse(StorageError):
    def __init__(self, path: Path | str, pid: int | None) -> None:
        self.pid = pid
        holder = f" (pid {pid})" if pid else ""
        super().__init__(path, f"netdesk has this database open{holder}; close it first")


class DatabaseReplaced(StorageError):
    def __init__(self, path: Path | str) -> None:
        super().__init__(
            path,
            "the database file was replaced or removed while netdesk had it open; "
            "nothing more was written (open it again to see what it holds now)",
        )


class DiskFull(StorageError):
    def __init__(self, path: Path | str) -> None:
        super().__init__(
            path, "the disk is full; nothing was changed (free some space and try again)"
        )


class WriteFailed(StorageError):
    def __init__(self, path: Path | str, detail: str) -> None:
        super().__init__(path, f"could not write ({detail}); nothing was changed")


_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}


def storage_error_for(exc: BaseException, path: Path | str) -> StorageError | None:
    """The ``StorageError`` a low-level write error means, or None if it is not one.

    SQLite's errors arrive as ``sqlite3`` or peewee exceptions carrying SQLite's
    message; file errors as ``OSError`` with an errno. Anything else is a bug
    and is left to propagate.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    # an error while handling another (a failed ROLLBACK after SQLITE_FULL, which
    # SQLite had already rolled back) hides the one that explains it: look down the chain
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        found = _translate(current, path)
        if found is not None:
            return found
        current = current.__cause__ or current.__context__
    return None


def _translate(exc: BaseException, path: Path | str) -> StorageError | None:
    if isinstance(exc, StorageError):
        return exc
    if isinstance(exc, OSError):
        if exc.errno in _FULL_ERRNOS:
            return DiskFull(path)
        if exc.errno in _READ_ONLY_ERRNOS:
            return DatabaseReadOnly(path, exc.strerror or str(exc))
        if exc.errno == errno.EIO:
            return WriteFailed(path, exc.strerror or "input/output error")
        return None
    if not isinstance(exc, sqlite3.Error | PeeweeException):
        return None
    text = str(exc).lower()
    if "disk is full" in text:
        return DiskFull(path)
    if "readonly" in text or "read-only" in text:
        return DatabaseReadOnly(path, str(exc))
    if "disk i/o error" in text:
        return WriteFailed(path, "disk I/O error")
    if "locked" in text or "busy" in text:
        return DatabaseLocked(path)
    if "unable to open database file" in text:
        return DatabaseReadOnly(path, "the file cannot be opened for writing")
    return None

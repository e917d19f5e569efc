"""The errors a person reads about, told apart from bugs.

Two kinds reach the edges (the window, the command line) as messages:

- ``DomainError``: netdesk refuses what was asked and says why, in words for a
  person. ``ValidationError`` (a value is not acceptable), ``NotFound`` (what was
  asked for does not exist, or not as one), ``MergeError``, ``BackupFormatError``
  and ``ImportFileError`` are its kinds.
- ``StorageError`` and its kinds (``netdesk.storage.errors``, passed on here as
  they are): the file, the disk or another program is the problem.

Anything else is a bug: it is logged and shown as one, never as a message about
the data. ``user_problem`` is the one question the edges ask.
"""

from __future__ import annotations

from pathlib import Path

from netdesk.storage.errors import (
    DatabaseDamaged,
    DatabaseInUse,
    DatabaseLocked,
    DatabaseReadOnly,
    DatabaseReplaced,
    DatabaseTooNew,
    DiskFull,
    NotADatabase,
    StorageError,
    storage_error_for,
)
from netdesk.storage.models import database

__all__ = [
    "DatabaseDamaged",
    "DatabaseInUse",
    "DatabaseLocked",
    "DatabaseReadOnly",
    "DatabaseReplaced",
    "DatabaseTooNew",
    "DiskFull",
    "DomainError",
    "NotADatabase",
    "NotFound",
    "StorageError",
    "USER_ERRORS",
    "user_problem",
]


class DomainError(Exception):
    """netdesk refuses what was asked; the message says why, for a person."""


class NotFound(DomainError, LookupError):
    """What was asked for does not exist (any more), or more than one thing answers to it."""


# what a person should read about, as it is raised
USER_ERRORS: tuple[type[Exception], ...] = (DomainError, StorageError)


def user_problem(exc: BaseException, path: Path | str | None = None) -> Exception | None:
    """The error a person should read for ``exc``, or None when ``exc`` is a bug.

    A ``DomainError`` or ``StorageError`` is itself. A database or file error under a
    write (the disk full, the file read-only, another program's lock) becomes the
    ``StorageError`` it means, naming ``path`` (by default the bound database). Any
    other ``OSError`` is the environment failing too, never a bug: it is itself.
    """
    if isinstance(exc, USER_ERRORS):
        return exc
    if path is None:
        bound = database.obj
        path = getattr(bound, "path", None) or Path("the database")
    found = storage_error_for(exc, path)
    if found is None and isinstance(exc, OSError):
        return exc
    return found

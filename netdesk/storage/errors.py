"""Errors that mean "this file cannot be used", told apart from bugs.

Each carries a message meant for a person: it names the file and the problem.
"""

from __future__ import annotations

from pathlib import Path


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
        text = "cannot write to the database location"
        super().__init__(path, f"{text}{' (' + detail + ')' if detail else ''}")


class DatabaseLocked(StorageError):
    def __init__(self, path: Path | str) -> None:
        super().__init__(path, "the database is busy (another program holds a lock on it)")

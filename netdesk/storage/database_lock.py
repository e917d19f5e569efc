"""Who has a database open: an advisory lock on a small file beside it.

A netdesk that uses a database (the window, a command that writes) holds a
shared lock on ``.<name>.lock`` and writes its process id into it; many may
hold it at once (SQLite itself makes their writes take turns). Anything that
swaps the file for another (a restore) needs the lock exclusively: while any
other netdesk holds it, the swap is refused with ``DatabaseInUse`` naming the
process, instead of leaving that netdesk writing into a file that is no longer
there. The lock goes with the process: a killed netdesk holds nothing.

Where the platform has no ``fcntl`` (Windows) the lock is not taken; there a
file that is open cannot be renamed over in the first place.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from netdesk.storage.errors import DatabaseInUse, DatabaseReadOnly
from netdesk.storage.private_files import PRIVATE_FILE

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_held: dict[Path, int] = {}  # the lock file's path -> this process's descriptor on it
_guard = threading.Lock()


def lock_path(db_path: Path) -> Path:
    real = Path(os.path.realpath(db_path))
    return real.with_name(f".{real.name}.lock")


def _open(path: Path) -> int:
    flags = os.O_RDWR | os.O_APPEND | os.O_CREAT
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(path, flags, PRIVATE_FILE)
    except OSError as exc:
        raise DatabaseReadOnly(path, exc.strerror or str(exc)) from exc


def _holders(fd: int) -> list[int]:
    """The live processes (other than this one) the lock file names."""
    os.lseek(fd, 0, os.SEEK_SET)
    text = os.read(fd, 1 << 16).decode("ascii", "replace")
    found = []
    for word in text.split():
        if word.isdigit() and int(word) != os.getpid():
            with suppress(ProcessLookupError, PermissionError, OverflowError):
                os.kill(int(word), 0)
                found.append(int(word))
    return found


def hold(db_path: Path) -> None:
    """Take (once per process) the shared lock that says this netdesk uses ``db_path``."""
    if fcntl is None:
        return
    path = lock_path(db_path)
    with _guard:
        if path in _held:
            return
        fd = _open(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)  # waits only while a swap is under way
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        except BaseException:
            os.close(fd)
            raise
        _held[path] = fd


def release(db_path: Path) -> None:
    """Let go of this process's lock on ``db_path`` (the last one out empties the file)."""
    if fcntl is None:
        return
    with _guard:
        fd = _held.pop(lock_path(db_path), None)
        if fd is None:
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.ftruncate(fd, 0)
        except OSError:
            pass  # others still hold it: their ids stay
        finally:
            os.close(fd)


def holds(db_path: Path) -> bool:
    return lock_path(db_path) in _held


@contextmanager
def exclusive(db_path: Path) -> Iterator[None]:
    """Hold ``db_path`` for a swap: ``DatabaseInUse`` while another netdesk uses it.

    This process's own shared lock, if it has one, is turned into the exclusive one
    for the while and back after.
    """
    if fcntl is None:
        yield
        return
    path = lock_path(db_path)
    with _guard:
        own = _held.get(path)
        fd = own if own is not None else _open(path)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if own is not None:  # a failed conversion may have dropped the shared lock
                    fcntl.flock(fd, fcntl.LOCK_SH)
                holders = _holders(fd)
                raise DatabaseInUse(db_path, holders[-1] if holders else None) from None
            os.ftruncate(fd, 0)
            try:
                yield
            finally:
                if own is not None:
                    os.write(fd, f"{os.getpid()}\n".encode("ascii"))
                    fcntl.flock(fd, fcntl.LOCK_SH)
        finally:
            if own is None:
                os.close(fd)

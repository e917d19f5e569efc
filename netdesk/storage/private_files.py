"""Writing a file whole or not at all, readable by its owner only.

Every file netdesk writes (exports, backups, the restored database, the
screenshot, the icon cache, small notes in the data folder) goes through
``replacing`` or ``writing``:

- the temporary file is created exclusively beside the target
  (``O_CREAT | O_EXCL | O_NOFOLLOW`` under a random name), so nothing made in
  advance at that name, a symlink least of all, is ever written through;
- it is owner-only (0600) whatever the umask;
- once complete it is synced to disk, renamed over the target (a symlink at
  the target is replaced, not followed), and the folder is synced too;
- on any failure the temporary file (and any SQLite side file beside it) is
  removed, and the target is as it was.

The temporary file's name carries the writer's process id,
``.<target>.<mark>-<pid>-<token>``, and a note naming it waits in the data
folder's ``pending-writes`` until it is renamed or removed: what a killed
netdesk left behind, wherever it was writing, is removed at the next start
(``remove_leftovers``) and by the next write of the same target.

Folders netdesk creates are owner-only (0700) whatever the umask
(``private_folder``).
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import IO, Any

log = logging.getLogger(__name__)

PRIVATE_FILE = stat.S_IRUSR | stat.S_IWUSR
PRIVATE_FOLDER = stat.S_IRWXU
DEFAULT_MARK = "partial"
PENDING_FOLDER = "pending-writes"
# what SQLite may leave beside a database file being built
SQLITE_SIDE_FILES = ("-journal", "-wal", "-shm")
_TEMP_NAME = re.compile(r"^\.(?P<target>.+)\.(?P<mark>[a-z]+)-(?P<pid>\d+)-(?P<token>[0-9a-f]{8})$")
_CREATE = os.O_CREAT | os.O_EXCL | os.O_RDWR | getattr(os, "O_NOFOLLOW", 0)
_CREATE |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def private_folder(folder: Path) -> Path:
    """Make ``folder`` (and any missing parent) owner-only, whatever the umask; returns it.

    Folders that already exist are left as they are.
    """
    folder = Path(folder)
    missing: list[Path] = []
    current = folder
    while not current.exists() and not current.is_symlink() and current != current.parent:
        missing.append(current)
        current = current.parent
    for part in reversed(missing):
        try:
            part.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            continue  # made meanwhile by someone else: theirs to keep as it is
        os.chmod(part, PRIVATE_FOLDER)  # mkdir's mode is cut by the umask
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder}: not a folder")
    return folder


def kind_of(mode: int) -> str:
    """What a file that is not a regular one is, in words ("it is a socket")."""
    if stat.S_ISDIR(mode):
        return "it is a folder"
    if stat.S_ISCHR(mode):
        return "it is a character device"
    if stat.S_ISBLK(mode):
        return "it is a block device"
    if stat.S_ISFIFO(mode):
        return "it is a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "it is a socket"
    return "it is not a regular file"


def _check_replaceable(target: Path) -> None:
    """A file (or a link, which is replaced, not followed) may be replaced; a device, a
    pipe or a folder at the target is refused before anything is written."""
    try:
        found = target.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISREG(found.st_mode) or stat.S_ISLNK(found.st_mode) or stat.S_ISDIR(found.st_mode):
        return  # (a folder: the rename fails, and says so)
    from netdesk.storage.errors import NotReplaceable

    raise NotReplaceable(target, kind_of(found.st_mode))


def temp_name(target: Path, mark: str, token: str) -> str:
    return f".{target.name}.{mark}-{os.getpid()}-{token}"


class PrivateFile:
    """A temporary file beside ``target`` that takes its place on ``commit``.

    Made exclusively (see the module's notes). Use as a context manager: when
    the block raises, or ends without ``commit``, the temporary file is removed.
    """

    def __init__(
        self, target: Path, *, mark: str = DEFAULT_MARK, side_files: tuple[str, ...] = ()
    ) -> None:
        if not re.fullmatch(r"[a-z]+", mark):
            raise ValueError(f"mark must be lower-case letters: {mark!r}")
        self.target = Path(target)
        self.side_files = side_files
        _check_replaceable(self.target)
        folder = private_folder(self.target.parent)
        remove_leftovers_of(self.target)
        for _ in range(100):
            token = secrets.token_hex(4)
            candidate = folder / temp_name(self.target, mark, token)
            try:
                self.fd: int | None = os.open(candidate, _CREATE, PRIVATE_FILE)
            except FileExistsError:
                continue
            break
        else:  # pragma: no cover - a hundred random names all taken
            raise FileExistsError(f"{folder}: no free temporary name")
        self.path = candidate
        self._note = _note_pending(candidate)
        self.done = False
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(self.fd, PRIVATE_FILE)  # the umask may have cut it further
        except BaseException:
            self.discard()
            raise

    def open(self, mode: str = "wb", **kwargs: Any) -> IO[Any]:
        """The temporary file as a Python file object (it owns the descriptor then)."""
        if self.fd is None:
            raise ValueError("the temporary file was already handed out")
        fd, self.fd = self.fd, None
        return open(fd, mode, **kwargs)  # noqa: SIM115 - the caller closes it

    def close_descriptor(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def sync(self) -> None:
        """Make the temporary file's contents durable now (``commit`` then finds
        little left to write)."""
        _fsync(self.path)

    def commit(self) -> None:
        """Sync the temporary file, rename it over the target, sync the folder."""
        self.close_descriptor()
        _fsync(self.path)
        os.replace(self.path, self.target)
        self.done = True
        _forget(self._note)
        for suffix in self.side_files:
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        fsync_folder(self.target.parent)

    def discard(self) -> None:
        """Remove the temporary file and its side files (nothing else is touched)."""
        with suppress(OSError):
            self.close_descriptor()
        if not self.done:
            for candidate in (self.path, *(Path(f"{self.path}{s}") for s in self.side_files)):
                with suppress(OSError):
                    candidate.unlink(missing_ok=True)
            self.done = True
        _forget(self._note)

    def __enter__(self) -> PrivateFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.discard()


@contextmanager
def replacing(
    target: Path, *, mark: str = DEFAULT_MARK, side_files: tuple[str, ...] = ()
) -> Iterator[Path]:
    """The path of an empty, owner-only temporary file that replaces ``target`` when the
    block ends without an error (for writers that take a path: SQLite, Qt)."""
    with PrivateFile(target, mark=mark, side_files=side_files) as temp:
        temp.close_descriptor()
        yield temp.path
        temp.commit()


@contextmanager
def writing(target: Path, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """A file object to write ``target`` with; the file takes its place when the block
    ends without an error. ``mode`` and ``kwargs`` as for ``open`` (``"w"`` or ``"wb"``)."""
    with PrivateFile(target) as temp:
        with temp.open(mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        temp.commit()


def write_bytes(target: Path, data: bytes) -> None:
    with writing(target, "wb") as handle:
        handle.write(data)


def write_text(target: Path, text: str, *, encoding: str = "utf-8") -> None:
    with writing(target, "w", encoding=encoding) as handle:
        handle.write(text)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the platform can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # Windows cannot open a folder; the rename is atomic all the same
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- what killed writers left behind ---------------------------------------------------


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # pragma: no cover - no signal 0 there: keep it, to be safe
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _is_leftover(path: Path) -> bool:
    """Whether ``path`` is a temporary file of a netdesk that no longer runs."""
    match = _TEMP_NAME.match(path.name)
    if match is None or _process_alive(int(match["pid"])):
        return False
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _remove_leftover(path: Path) -> bool:
    if not _is_leftover(path):
        return False
    for candidate in (path, *(Path(f"{path}{s}") for s in SQLITE_SIDE_FILES)):
        with suppress(OSError):
            candidate.unlink(missing_ok=True)
    log.info("removed a file a stopped netdesk left half-written (%s)", path.parent.name)
    return True


def remove_leftovers_of(target: Path) -> list[Path]:
    """Remove temporary files an earlier, stopped netdesk left while writing ``target``."""
    folder = Path(target).parent
    removed = []
    with suppress(OSError):
        for candidate in folder.glob(f".{Path(target).name}.*-*-*"):
            if _remove_leftover(candidate):
                removed.append(candidate)
    return removed


def remove_leftovers_in(folder: Path) -> list[Path]:
    """Remove every temporary file a stopped netdesk left in ``folder``."""
    removed = []
    with suppress(OSError):
        for candidate in Path(folder).iterdir():
            if candidate.name.startswith(".") and _remove_leftover(candidate):
                removed.append(candidate)
    return removed


def _pending_folder() -> Path:
    from netdesk.paths import data_dir

    return data_dir() / PENDING_FOLDER


def _note_pending(temp: Path) -> Path | None:
    """Write down where a temporary file is, so the next start finds it if this one dies."""
    match = _TEMP_NAME.match(temp.name)
    if match is None:  # pragma: no cover - every name made here matches
        return None
    note = _pending_folder() / f"{match['pid']}-{match['token']}"
    try:
        private_folder(note.parent)
        fd = os.open(note, _CREATE, PRIVATE_FILE)
    except OSError:
        return None  # the note helps cleaning up later; its absence harms nothing now
    try:
        os.write(fd, os.fsencode(str(temp.absolute())))
    finally:
        os.close(fd)
    return note


def _forget(note: Path | None) -> None:
    if note is not None:
        with suppress(OSError):
            note.unlink(missing_ok=True)


def remove_leftovers() -> list[Path]:
    """At start: remove the temporary files that netdesks which have stopped were writing."""
    folder = _pending_folder()
    removed: list[Path] = []
    try:
        notes = list(folder.iterdir())
    except OSError:
        return removed
    for note in notes:
        pid, _, _ = note.name.partition("-")
        if not pid.isdigit() or _process_alive(int(pid)):
            continue
        try:
            temp = Path(os.fsdecode(note.read_bytes()))
        except OSError:
            temp = None
        if temp is not None and _remove_leftover(temp):
            removed.append(temp)
        _forget(note)
    return removed

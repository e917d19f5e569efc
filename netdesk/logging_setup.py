"""The diagnostic log: one rotated file in the platform's log folder, owner-only.

What netdesk logs is about the program, never about the people in it: file
names, schema versions, counts, row ids, durations and the class of an error.
No names, emails, phone numbers, notes or needs, and no exception messages
that could quote them (SQL errors and validation messages can carry a value).
Only the ``netdesk`` logger writes here; peewee's query log, which shows
parameter values, never reaches the file.
"""

from __future__ import annotations

import logging
import os
import stat
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

from netdesk import paths
from netdesk.storage.private_files import private_folder

LOG_FILE = "netdesk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
OWNER_ONLY = stat.S_IRUSR | stat.S_IWUSR
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"

log = logging.getLogger("netdesk")


# a control character (a newline in a file name, an escape sequence) would split a
# record or act on the terminal reading the log: written as \xNN or \uNNNN instead
_ESCAPES = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F))
}


def escape_controls(text: str) -> str:
    """``text`` with every control and line-breaking character written as an escape."""
    return text.translate(_ESCAPES)


class OneLineFormatter(logging.Formatter):
    """Each record on one line: what a message quotes (a path) cannot break it."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = escape_controls(record.message)
        return super().formatMessage(record)


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A ``RotatingFileHandler`` whose files are created readable by their owner only."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, OWNER_ONLY)
        if hasattr(os, "fchmod") and stat.S_IMODE(os.fstat(fd).st_mode) != OWNER_ONLY:
            os.fchmod(fd, OWNER_ONLY)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


def log_file() -> Path:
    return paths.log_dir() / LOG_FILE


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send netdesk's log records to the rotated file (once per log file); its path.

    Logging never stops netdesk: when the folder cannot be written, there is
    no file log and None is returned.
    """
    target = log_file()
    for handler in list(log.handlers):
        if isinstance(handler, PrivateRotatingFileHandler):
            if Path(handler.baseFilename) == target.absolute():
                return target
            log.removeHandler(handler)
            handler.close()
    try:
        private_folder(target.parent)
        handler = PrivateRotatingFileHandler(
            target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(OneLineFormatter(FORMAT))
    log.addHandler(handler)
    log.setLevel(level)
    return target


def describe_failure(exc: BaseException) -> str:
    """An exception for the log: its class and where it was raised, not its message."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = " <- ".join(
        f"{Path(frame.filename).name}:{frame.lineno} {frame.name}" for frame in reversed(frames)
    )
    return f"{type(exc).__name__}" + (f" at {where}" if where else "")

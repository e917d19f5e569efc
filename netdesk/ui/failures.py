"""What the window shows when something fails: a message a person can act on, or a bug.

A step that fails because of the data or the file (``netdesk.domain.user_errors``:
a refused value, something no longer there, the disk full, the database busy)
is told in a message box with what the error says. Anything else is a bug in
netdesk: ``reported`` makes every exception nothing caught (in a slot, an undo
step, a timer) a bug report, logged (its class and where it was raised; the log
keeps no message, which may quote a person's data) and shown as a bug.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType

from PySide6.QtWidgets import QApplication, QWidget

from netdesk.domain.user_errors import user_problem
from netdesk.logging_setup import describe_failure, log_file

log = logging.getLogger(__name__)


def complain(parent: QWidget | None, what: str, exc: BaseException) -> bool:
    """Tell the person why ``what`` failed, if ``exc`` is theirs to act on; False for a bug."""
    problem = user_problem(exc)
    if problem is None:
        return False
    from PySide6.QtWidgets import QMessageBox  # (see netdesk.ui.main_window)

    QMessageBox.warning(parent, "netdesk", f"{what}:\n{problem}")
    return True


def report_bug(parent: QWidget | None, what: str, exc: BaseException) -> None:
    """Log ``exc`` as a bug and say so; what was being done did not happen."""
    log.error("bug: %s", describe_failure(exc))
    from PySide6.QtWidgets import QMessageBox  # (see netdesk.ui.main_window)

    QMessageBox.critical(
        parent,
        "netdesk",
        f"{what}: netdesk ran into a bug ({type(exc).__name__}), and this step was not done."
        f"\n\nThe log holds where it happened: {log_file()}",
    )


def _hook(kind: type[BaseException], exc: BaseException, trace: TracebackType | None) -> None:
    if not issubclass(kind, Exception):  # Ctrl+C at the terminal, an exit
        sys.__excepthook__(kind, exc, trace)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(trace)
    if not complain(QApplication.activeWindow(), "Something failed", exc):
        report_bug(QApplication.activeWindow(), "Something failed", exc)


@contextmanager
def reported() -> Iterator[None]:
    """While the window runs, every exception nothing caught is told to the person (see
    the module notes); the hook that was there before comes back after."""
    previous = sys.excepthook
    sys.excepthook = _hook
    try:
        yield
    finally:
        sys.excepthook = previous

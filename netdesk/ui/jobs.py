"""Long work off the UI thread, with a progress dialog and Cancel.

The job is a plain function ``job(progress)`` from the domain layer; it runs in
a worker thread (its own database connection: peewee connections are per
thread), calls ``progress(done, total, text)`` as it goes, and checks
``progress.cancelled`` (or lets ``progress`` raise ``Cancelled``) to stop. A job
that writes does so in one transaction, so Cancel or an error leaves the
database as it was. The result, or the error, comes back on the UI thread: an
error a person can act on (``netdesk.domain.user_errors.user_problem``) in the
result, a bug raised there for the bug report.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from netdesk.domain.user_errors import user_problem
from netdesk.domain.workspace import close_thread_connection


class Cancelled(Exception):
    """The person pressed Cancel; the job stopped and wrote nothing."""


class Progress:
    """Handed to the job: report progress, learn about Cancel."""

    def __init__(self, emit: Callable[[int, int, str], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def __call__(self, done: int, total: int, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self._emit(done, total, text)


@dataclass
class JobResult:
    value: Any = None
    error: BaseException | None = None
    cancelled: bool = False


class _Worker(QThread):
    progressed = Signal(int, int, str)

    def __init__(self, job: Callable[[Progress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.progress = Progress(self.progressed.emit)
        self.result = JobResult()

    def run(self) -> None:
        try:
            self.result.value = self.job(self.progress)
        except Cancelled:
            self.result.cancelled = True
        except BaseException as exc:  # handed to the UI thread, which reports it
            self.result.error = exc
        finally:
            close_thread_connection()


def run_job(
    parent: QWidget | None,
    title: str,
    job: Callable[[Progress], Any],
    *,
    on_dialog: Callable[[QProgressDialog, Progress], None] | None = None,
) -> JobResult:
    """Run ``job`` in a worker thread behind a modal progress dialog; wait for it.

    ``on_dialog`` is called with the dialog and the job's ``Progress`` once both
    exist (tests use it to press Cancel the way a person would).
    """
    worker = _Worker(job, parent)
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def on_progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        if text:
            dialog.setLabelText(text)

    worker.progressed.connect(on_progress)
    dialog.canceled.connect(worker.progress.cancel)
    worker.finished.connect(dialog.close)
    if on_dialog is not None:
        on_dialog(dialog, worker.progress)
    worker.start()
    while not worker.isFinished():
        # exec() returns when the worker finishes (dialog.close) or Cancel hides the
        # dialog; in the latter case show it again until the job has wound down
        dialog.exec()
        worker.wait(50)
    worker.wait()
    dialog.deleteLater()
    error = worker.result.error
    if error is not None:
        # what a person can act on comes back as the error to show; a bug is raised
        # here, on the UI thread, for the bug report (netdesk.ui.failures)
        problem = user_problem(error)
        if problem is None:
            raise error
        worker.result.error = problem
    return worker.result

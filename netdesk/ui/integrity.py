"""The full integrity check of the open database, off the UI thread, after start-up.

Reading every page of a large file takes a while (a quarter of a second at
50,000 contacts), so the window opens on an up-to-date database first and the
check runs right after in a worker thread on its own read-only connection.
Nothing is written before it has passed: writes wait for it (``wait``), and
work that would write at opening (refreshing stale scores) runs after it.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from netdesk.domain.workspace import integrity_problem


class IntegrityCheck(QObject):
    # "" when the file is healthy, else what is wrong with it (delivered on the UI thread)
    finished = Signal(str)

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._thread: threading.Thread | None = None
        self.problem: str | None = None  # None until done

    def start(self) -> None:
        """Start the check (once: later calls do nothing)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="netdesk-integrity", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        problem = integrity_problem(self._path)
        self.problem = problem
        self.finished.emit(problem)

    def started(self) -> bool:
        return self._thread is not None

    def wait(self) -> bool:
        """Block until the check is done (it runs for at most a moment); True if healthy.

        A check not started yet starts now: nothing is written before it has passed."""
        self.start()
        self._thread.join()
        return not self.problem

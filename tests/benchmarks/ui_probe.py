"""A child process for the UI benchmarks: start netdesk, or a bare window, and report.

    python -m tests.benchmarks.ui_probe bare              # an empty QMainWindow
    python -m tests.benchmarks.ui_probe netdesk DB        # netdesk --db DB
    python -m tests.benchmarks.ui_probe session DB ID     # netdesk, then a short session

``bare`` and ``netdesk`` print ``painted`` as soon as the window is painted (for
netdesk: the contact table painted with rows in it), then quit. The parent
times from before it started the process to that line. ``session`` goes on
after the first paint (search as you type, open contact ``ID``, scroll to the
end of the list) and prints the peak resident memory in KiB.
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

SESSION_QUERIES = ("jose", "realtor", "waterloo bookkeeping", "chen")


def peak_memory_kib() -> int:
    """This process's peak resident memory. ``VmHWM`` where there is /proc: ``ru_maxrss``
    of a child started by a large parent can still hold the parent's peak from before exec."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class FirstPaint(QObject):
    """Calls ``then(window)`` once, when ``is_filled(widget)`` holds for a painted widget."""

    def __init__(self, is_filled, then) -> None:
        super().__init__()
        self._is_filled = is_filled
        self._then = then
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self._done
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and self._is_filled(watched)
        ):
            self._done = True
            print("painted", flush=True)
            window = watched.window()
            QTimer.singleShot(0, lambda: self._then(window))
        return False


def contact_table_with_rows(widget: QWidget) -> bool:
    table = widget.parent()
    return (
        table is not None
        and table.objectName() == "contactTable"
        and table.model() is not None
        and table.model().rowCount() > 0
    )


def run_session(window, contact_id: int) -> None:
    from PySide6.QtTest import QTest

    app = QApplication.instance()
    search = window.contact_list.search
    for query in SESSION_QUERIES:
        for char in query:
            QTest.keyClicks(search, char)
            app.processEvents()
        search.clear()
        app.processEvents()
    window.contact_list.reveal_contact(contact_id)
    window.detail.load_pending()
    window.repaint()
    window.contact_list.view.scrollToBottom()
    window.repaint()
    app.processEvents()
    print(f"maxrss_kib {peak_memory_kib()}", flush=True)
    app.quit()


def main(argv: list[str]) -> int:
    mode = argv[0]
    app = QApplication(sys.argv[:1])
    if mode == "bare":
        window = QMainWindow()
        probe = FirstPaint(lambda widget: widget is window, lambda w: app.quit())
        window.installEventFilter(probe)
        window.resize(800, 600)
        window.show()
        app.exec()
        if len(argv) > 1 and argv[1] == "rss":
            print(f"maxrss_kib {peak_memory_kib()}")
        return 0

    from netdesk.cli import main as netdesk_main

    db = argv[1]
    if mode == "netdesk":
        then = lambda window: app.quit()  # noqa: E731
    else:
        contact_id = int(argv[2])
        then = lambda window: run_session(window, contact_id)  # noqa: E731
    probe = FirstPaint(contact_table_with_rows, then)
    app.installEventFilter(probe)
    return netdesk_main(["--db", db])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""A child process for the UI benchmarks: start netdesk, or a bare window, and report.

    python -m tests.benchmarks.ui_probe bare              # an empty QMainWindow
    python -m tests.benchmarks.ui_probe stack DB          # the same stack, no netdesk
    python -m tests.benchmarks.ui_probe netdesk DB        # netdesk --db DB
    python -m tests.benchmarks.ui_probe session DB ID     # netdesk, then a short session

``bare``, ``stack`` and ``netdesk`` print ``painted`` once the window's first paint
is complete (for netdesk: with the contact table filled); ``netdesk`` then prints
``usable`` once the window is painted with its features installed (the side
panel's tabs, their menus and shortcuts) and the first contact's details, chart
and timeline shown. Each then quits; the parent times from before it started the
process to each line. ``session`` goes on once netdesk is usable (search as you
type, open contact ``ID``, scroll to the end of the list) and prints the peak
resident memory in KiB.

``stack`` is the floor netdesk's libraries set: it loads what netdesk's command
line loads before Qt (argparse, logging's handlers, peewee, platformdirs), opens
the file with peewee, counts the live contacts, reads the first 100 names and
paints them in a table under a search box, in a window of netdesk's default size.
``bare`` is painted at that size too.

All are watched the same way: an event filter on the main window alone sees its
first paint event and posts a marker at high priority, which arrives once that
paint (the window and every widget in it) is done. netdesk starts as the
``netdesk`` command starts it (``netdesk.start.main``): the garbage collector
paused, netdesk's command line imported, and Qt loaded by netdesk itself once
the command line is read (the probe's own Qt side, ``first_paint``, comes in
with the window's module).
"""

from __future__ import annotations

import importlib.util
import resource
import sys
from pathlib import Path

if __name__ == "__main__" and sys.argv[1:2] in (["netdesk"], ["session"]):
    # as the netdesk command starts (netdesk.start.main): the collector paused, then
    # netdesk's command line imported, before Qt
    from netdesk import start

    start.pause_collector()
    import netdesk.cli  # noqa: F401
elif __name__ == "__main__" and sys.argv[1:2] == ["stack"]:
    import argparse  # noqa: F401  (what netdesk's command line loads before Qt)
    import logging.handlers  # noqa: F401

    import peewee
    import platformdirs  # noqa: F401

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


def contact_table_filled(window) -> bool:
    table = window.contact_list.view
    return table.isVisible() and table.model().rowCount() > 0


def usable(window) -> bool:
    """Features installed, and the first contact's details, chart and timeline filled."""
    detail = window.detail
    return (
        window._features_installed
        and detail.current_contact_id() != 0
        and detail.timeline_data is not None
        and detail.timeline_data.contact_id == detail.current_contact_id()
    )


def run_session(window, contact_id: int) -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

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


def stack_window(db: str) -> int:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
    from PySide6.QtWidgets import (
        QApplication,
        QLineEdit,
        QMainWindow,
        QTableView,
        QVBoxLayout,
        QWidget,
    )

    from tests.benchmarks.first_paint import FirstPaint

    class FirstPage(QAbstractTableModel):
        def __init__(self, rows: list[tuple]) -> None:
            super().__init__()
            self.rows = rows

        def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else len(self.rows)

        def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else 3

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.rows[index.row()][index.column()]
            return None

    database = peewee.SqliteDatabase(db, pragmas={"journal_mode": "wal"})
    database.connect()
    live = "FROM contact WHERE deleted_at IS NULL"
    database.execute_sql(f"SELECT count(*) {live}").fetchone()
    rows = database.execute_sql(
        f"SELECT display_name, organisation, title {live} ORDER BY sort_key LIMIT 100"
    ).fetchall()
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    central = QWidget(window)
    layout = QVBoxLayout(central)
    layout.addWidget(QLineEdit(central))
    table = QTableView(central)
    model = FirstPage(rows)
    table.setModel(model)
    layout.addWidget(table)
    window.setCentralWidget(central)
    FirstPaint(window, lambda w: True, lambda w: app.quit())
    window.resize(1440, 900)  # netdesk's default size (netdesk.ui.main_window.DEFAULT_SIZE)
    window.show()
    app.exec()
    database.close()
    return 0


def main(argv: list[str]) -> int:
    mode = argv[0]
    if mode == "bare":
        from PySide6.QtWidgets import QApplication, QMainWindow

        from tests.benchmarks.first_paint import FirstPaint

        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        FirstPaint(window, lambda w: True, lambda w: app.quit())
        window.resize(1440, 900)  # netdesk's default size (netdesk.ui.main_window.DEFAULT_SIZE)
        window.show()
        app.exec()
        if len(argv) > 1 and argv[1] == "rss":
            print(f"maxrss_kib {peak_memory_kib()}")
        return 0

    if mode == "stack":
        return stack_window(argv[1])

    db = argv[1]
    if mode == "netdesk":
        then = _quit
    else:
        contact_id = int(argv[2])
        then = lambda window: run_session(window, contact_id)  # noqa: E731
    sys.meta_path.insert(0, _WatchMainWindow(then))
    return start.main(["--db", db])


def _quit(window) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.instance().quit()


class _WatchMainWindow:
    """Watches netdesk's main window for its first paint, from when netdesk itself
    imports the window's module: importing it here, or Qt, would load Qt before
    netdesk's command line has run, which the netdesk command does not do."""

    name = "netdesk.ui.main_window"

    def __init__(self, then) -> None:
        self._then = then

    def find_spec(self, name, path, target=None):
        if name != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module
        then = self._then

        def exec_module(module) -> None:
            load(module)
            from tests.benchmarks.first_paint import FirstPaint

            built = module.MainWindow.__init__

            def watched_init(window, *args, **kwargs) -> None:
                built(window, *args, **kwargs)
                FirstPaint(window, contact_table_filled, then, is_usable=usable)

            module.MainWindow.__init__ = watched_init

        spec.loader.exec_module = exec_module
        return spec


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""Starting the GUI: pick and open the database, show the window, or take a screenshot."""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from netdesk import __version__
from netdesk.domain import demo, settings
from netdesk.domain.workspace import open_workspace
from netdesk.paths import resolve_db_path
from netdesk.storage import backups
from netdesk.storage.errors import StorageError, storage_error_for
from netdesk.storage.models import Contact
from netdesk.ui.icons import app_icon
from netdesk.ui.open_problem_dialog import resolve_open_problem

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ERROR = 2


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName("netdesk")
    app.setOrganizationName("netdesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("io.github.netdesk.Netdesk")
    app.setWindowIcon(app_icon())
    return app


def open_gui_database(path: Path, *, with_demo: bool) -> None:
    """Open (creating if need be) the database the window will show."""
    open_workspace(path, create=True)
    if with_demo and not Contact.select().exists():
        demo.build_demo()


def _open_backup(path: Path, keep: int) -> None:
    try:
        backups.rolling_backup(path, reason="open", keep=keep)
    except (OSError, sqlite3.Error) as exc:
        # netdesk still works; the next opening tries again
        problem = storage_error_for(exc, backups.backups_dir(path))
        log.warning("backup at opening failed: %s", problem.problem if problem else type(exc))


def start_backup_thread(path: Path) -> threading.Thread:
    """The rolling backup taken each time the app opens a database, off the UI thread."""
    keep = int(settings.get("backup.keep"))
    thread = threading.Thread(
        target=_open_backup,
        args=(path, keep),
        name="netdesk-open-backup",
        daemon=False,
    )
    thread.start()
    return thread


def save_screenshot(window, target: Path) -> bool:
    QApplication.processEvents()
    return window.grab().save(str(target), "PNG")


def run_gui(args: argparse.Namespace) -> int:
    path = resolve_db_path(args.db, demo=args.demo)
    app = application()
    while True:
        try:
            open_gui_database(path, with_demo=args.demo)
            break
        except StorageError as exc:
            print(f"netdesk: error: {exc}", file=sys.stderr)
            if args.screenshot:
                return EXIT_ERROR
            # the file is left as it was; the person picks a safe way on, or quits
            path = resolve_open_problem(path, exc)
            if path is None:
                return EXIT_ERROR
    backup_thread = start_backup_thread(path)

    from netdesk.ui.main_window import MainWindow

    window = MainWindow(path)
    view = getattr(args, "view", "contacts")
    if view not in window.view_names():
        print(
            f"netdesk: error: unknown view {view!r} (choose from {', '.join(window.view_names())})",
            file=sys.stderr,
        )
        backup_thread.join()
        return EXIT_ERROR
    window.show()
    window.show_view(view)
    status = EXIT_OK
    if args.screenshot:
        target = Path(args.screenshot)

        def shoot() -> None:
            nonlocal status
            if not save_screenshot(window, target):
                print(f"netdesk: error: could not write {target}", file=sys.stderr)
                status = EXIT_ERROR
            app.quit()

        QTimer.singleShot(0, shoot)
    app.exec()
    backup_thread.join()
    return status

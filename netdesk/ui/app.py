"""Starting the GUI: pick and open the database, show the window, or take a screenshot."""

from __future__ import annotations

import logging
import sqlite3
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from netdesk import __version__
from netdesk.domain import score_cache, settings
from netdesk.domain.workspace import open_workspace
from netdesk.paths import resolve_db_path
from netdesk.start import resume_collector
from netdesk.storage import migrations
from netdesk.storage.database import inspect, open_database
from netdesk.storage.errors import DatabaseDamaged, StorageError, storage_error_for
from netdesk.storage.models import Contact
from netdesk.ui.icons import app_icon

if TYPE_CHECKING:
    import argparse

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_ERROR = 2
# the integrity check starts once the window is usable, or after this long at the latest
CHECK_AT_THE_LATEST_MS = 1000
# the start's background work (the integrity check, the rolling backup) waits this long
# after the first contact is shown, for that to be painted
SETTLED_MS = 100


def when_usable(window, then) -> None:
    """Call ``then`` once the window is usable: its first contact shown (its features are
    installed before it) and painted, or ``CHECK_AT_THE_LATEST_MS`` after the window's
    first paint, whichever comes first. The start's background work reads the whole
    file: begun at the first paint, it slowed the rest of the start by a fifth."""
    done = False

    def once() -> None:
        nonlocal done
        if not done:
            done = True
            then()

    window.detail.contact_shown.connect(lambda _contact: QTimer.singleShot(SETTLED_MS, once))
    if window.is_painted():
        QTimer.singleShot(CHECK_AT_THE_LATEST_MS, once)
    else:
        window.first_painted.connect(lambda: QTimer.singleShot(CHECK_AT_THE_LATEST_MS, once))


def resolve_open_problem(path: Path, problem: StorageError) -> Path | None:
    """Ask the person how to go on with a file that cannot be used (the dialog loads then)."""
    from netdesk.ui.open_problem_dialog import resolve_open_problem as ask

    return ask(path, problem)


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


def open_gui_database(path: Path, *, with_demo: bool, check_later: bool = False) -> bool:
    """Open (creating if need be) the database the window will show.

    With ``check_later``, an existing, up-to-date database opens without the
    integrity check (nothing is written on the way): the caller owes it, before
    any write, and True says so (see ``netdesk.ui.integrity``). Anything that
    needs writing at opening (a new file, an upgrade, the demo) is checked first.
    """
    if check_later and not with_demo:
        found = inspect(path, integrity=False)
        if found.exists and not found.empty and found.version == migrations.SCHEMA_VERSION:
            open_database(path, integrity=False, inspected=found, hold=True)
            return True
    open_workspace(path, create=True, hold=True)
    if with_demo and not Contact.select().exists():
        from netdesk.domain import demo

        demo.build_demo()
    return False


def _open_backup(path: Path, keep: int) -> None:
    from netdesk.storage import backups  # after the first paint: the window needs none of it

    try:
        backups.rolling_backup(path, reason="open", keep=keep)
    except (OSError, sqlite3.Error, StorageError) as exc:
        # netdesk still works; the next opening tries again
        problem = storage_error_for(exc, backups.backups_dir(path))
        log.warning("backup at opening failed: %s", problem.problem if problem else type(exc))


# backups taken at opening that may still be running (a restore waits for them)
_opening_backups: list[threading.Thread] = []


def start_backup_thread(path: Path) -> threading.Thread:
    """The rolling backup taken each time the app opens a database, off the UI thread."""
    keep = int(settings.get("backup.keep"))
    thread = threading.Thread(
        target=_open_backup,
        args=(path, keep),
        name="netdesk-open-backup",
        daemon=False,
    )
    _opening_backups[:] = [t for t in _opening_backups if t.is_alive()]
    _opening_backups.append(thread)
    thread.start()
    return thread


def wait_for_opening_backups() -> None:
    """Let the backups taken at opening finish: a restore needs the file to itself (a
    backup in progress reads it, and the restore's swap would find it locked)."""
    for thread in list(_opening_backups):
        thread.join()
    _opening_backups.clear()


def save_screenshot(window, target: Path) -> bool:
    QApplication.processEvents()
    # the selected contact's details, chart and timeline are filled before the picture
    window.detail.load_pending()
    QApplication.processEvents()
    from netdesk.storage import private_files

    picture = window.grab()
    try:
        with private_files.replacing(target) as partial:
            if not picture.save(str(partial), "PNG"):
                raise OSError(f"{target}: the picture could not be written")
    except OSError:
        return False
    return True


def start_integrity_check(window, path: Path, reopen) -> None:
    """Check the whole file right after the window appears (once it is usable, so the
    check's reading does not compete with the start; at the latest after
    ``CHECK_AT_THE_LATEST_MS``, for a window that is not painted, such as a minimised one).

    A damaged file closes the window and offers the safe ways on (the file
    itself is left as it was); ``reopen(new_path)`` shows the one chosen.
    """
    from netdesk.ui.integrity import IntegrityCheck

    check = IntegrityCheck(path, window)
    window.integrity = check

    def finished(problem: str) -> None:
        if not window.isVisible():
            return  # the window was closed meanwhile, and its database with it
        if problem:
            print(f"netdesk: error: {problem}", file=sys.stderr)
            # ask before closing: closing the last window would end the app
            chosen = resolve_open_problem(path, DatabaseDamaged(path, problem))
            window.close()
            if chosen is None:
                QApplication.exit(EXIT_ERROR)
            else:
                reopen(chosen)
            return
        # work that writes at opening waited for the check
        if score_cache.refresh_if_needed():
            window.events.contacts_changed.emit([])

    check.finished.connect(finished)
    when_usable(window, check.start)
    QTimer.singleShot(CHECK_AT_THE_LATEST_MS, check, check.start)


def open_until_usable(path: Path, args: argparse.Namespace) -> tuple[Path, bool] | None:
    """Open ``path``, or whatever safe choice the person makes when it cannot be used.

    Returns the path opened and whether its integrity check is still owed, or
    None when the person chose to quit (or a screenshot cannot be taken).
    """
    while True:
        try:
            owed = open_gui_database(path, with_demo=args.demo, check_later=not args.screenshot)
            return path, owed
        except StorageError as exc:
            print(f"netdesk: error: {exc}", file=sys.stderr)
            if args.screenshot:
                return None
            # the file is left as it was; the person picks a safe way on, or quits
            resume_collector()  # (see netdesk.start) a person may take their time
            chosen = resolve_open_problem(path, exc)
            if chosen is None:
                return None
            path = chosen


def run_gui(args: argparse.Namespace) -> int:
    app = application()
    opened = open_until_usable(resolve_db_path(args.db, demo=args.demo), args)
    if opened is None:
        return EXIT_ERROR

    from netdesk.ui.main_window import MainWindow

    backups_started: list[threading.Thread] = []
    windows: list = []

    def show(path: Path, check_owed: bool):
        # a screenshot shows the default layout, not whatever the last session left;
        # the contact list shows first, the features' panes right after it
        window = MainWindow(
            path,
            remember_layout=not args.screenshot,
            defer_features=not args.screenshot and view == "contacts",
        )
        windows.append(window)
        # the rolling backup reads the whole file: it starts once the window is usable
        # (a screenshot's window lives for its first paint only: then)
        take_backup = lambda: backups_started.append(start_backup_thread(path))  # noqa: E731
        if args.screenshot:
            window.first_painted.connect(take_backup)
        else:
            when_usable(window, take_backup)
        window.show()
        if check_owed:
            start_integrity_check(window, path, lambda chosen: show(chosen, False))
        return window

    view = getattr(args, "view", "contacts")
    window = show(*opened)
    if view not in window.view_names():
        print(
            f"netdesk: error: unknown view {view!r} (choose from {', '.join(window.view_names())})",
            file=sys.stderr,
        )
        return EXIT_ERROR
    window.show_view(view)
    if getattr(args, "need", None):
        window.show_view("match")
        window.referral_feature.match.set_need(args.need)
        window.referral_feature.match.run_match()
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
    resume_collector()  # everything made so far lives as long as the window (netdesk.start)
    result = app.exec()
    for thread in backups_started:
        thread.join()
    return status if result == 0 else EXIT_ERROR

"""Starting the GUI: pick and open the database, show the window, or take a screenshot."""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from netdesk import __version__
from netdesk.domain import score_cache, settings, workspace
from netdesk.domain.user_errors import DatabaseDamaged, StorageError
from netdesk.domain.workspace import open_workspace
from netdesk.paths import resolve_db_path
from netdesk.start import resume_collector
from netdesk.ui import failures
from netdesk.ui.icons import app_icon

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
        # a window closed meanwhile (its database with it) is no longer owed anything
        if not done and window.isVisible():
            done = True
            then()

    window.detail.contact_shown.connect(
        lambda _contact: QTimer.singleShot(SETTLED_MS, window, once)
    )
    if window.is_painted():
        QTimer.singleShot(CHECK_AT_THE_LATEST_MS, window, once)
    else:
        window.first_painted.connect(
            lambda: QTimer.singleShot(CHECK_AT_THE_LATEST_MS, window, once)
        )


def resolve_open_problem(path: Path, problem: StorageError) -> Path | None:
    """Ask the person how to go on with a file that cannot be used (the dialog loads then)."""
    from netdesk.ui.open_problem_dialog import resolve_open_problem as ask

    return ask(path, problem)


def application(qt_options: list[str] | None = None) -> QApplication:
    """The application, made once; ``qt_options`` are Qt's own from the command line."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1] + list(qt_options or []))
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
    if check_later and not with_demo and workspace.open_unchecked(path):
        return True
    open_workspace(path, create=True, hold=True)
    if with_demo and workspace.is_empty():
        from netdesk.domain import demo

        demo.build_demo()
    return False


def _open_backup(path: Path, keep: int) -> None:
    # after the first paint: the window needs none of it
    from netdesk.domain.rolling_backups import back_up_at_opening

    back_up_at_opening(path, keep)


# backups taken at opening that may still be running (a restore waits for them)
_opening_backups: list[threading.Thread] = []


def start_backup_thread(path: Path) -> threading.Thread:
    """The rolling backup taken each time the app opens a database, off the UI thread."""
    keep = settings.backups_to_keep()
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


def start_reminders(window) -> None:
    window.install_features()
    window.reminders.start()


class Windows:
    """The main window of this run, on one database at a time: File ▸ Open Database…
    (and the welcome pane's demo) close it and open the next in its place."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.view = getattr(args, "view", "contacts")
        self.backups_started: list[threading.Thread] = []
        self.windows: list = []

    def show(self, path: Path, check_owed: bool):
        from netdesk.ui.main_window import MainWindow

        args = self.args
        # a screenshot shows the default layout, not whatever the last session left;
        # the contact list shows first, the features' panes right after it
        window = MainWindow(
            path,
            remember_layout=not args.screenshot,
            defer_features=not args.screenshot
            and self.view == "contacts"
            and not getattr(args, "need", None),
            fit_screen=not args.screenshot,
        )
        self.windows.append(window)
        # the rolling backup reads the whole file: it starts once the window is usable
        # (a screenshot's window lives for its first paint only: then)
        take_backup = lambda: self.backups_started.append(start_backup_thread(path))  # noqa: E731
        if args.screenshot:
            window.first_painted.connect(take_backup)
        else:
            when_usable(window, take_backup)
        window.open_database_requested.connect(
            lambda chosen, demo: self.switch(window, chosen, demo=demo)
        )
        if not args.screenshot:
            # reminders begin once the window is up (their first look a moment later)
            window.first_painted.connect(lambda: start_reminders(window))
        window.show()
        if check_owed:
            # a damaged file: the window closes, and the file chosen instead opens in its
            # place (its database bound, not the damaged one's)
            start_integrity_check(window, path, lambda chosen: self.switch(window, chosen))
        return window

    def switch(self, window, path: Path, *, demo: bool = False):
        """Close ``window`` and its database, and open ``path`` (the demo network, made if
        need be, with ``demo``) in a window of its own: one window, never two. Returns
        the new window, or None when the person chose to quit instead."""
        path = Path(path)
        if path.resolve() == Path(window.db_path).resolve() and window.isVisible():
            window.activateWindow()
            return window
        app = QApplication.instance()
        quit_on_close = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)  # (between the two windows there are none)
        try:
            if window.integrity is not None:
                window.integrity.wait()
            wait_for_opening_backups()
            window.close()
            workspace.close_workspace()
            how = argparse.Namespace(demo=demo, screenshot=None)
            opened = open_until_usable(path, how)
            if opened is None:
                app.quit()
                return None
            new = self.show(*opened)
            window.deleteLater()
            return new
        finally:
            app.setQuitOnLastWindowClosed(quit_on_close)


def quiet_about_size_hints():
    """Leave out the one line a headless platform (offscreen) prints for every window it
    cannot size the way a window manager would; every other message goes on as before.
    Returns what undoes it."""
    from PySide6.QtCore import qInstallMessageHandler

    previous = None

    def handler(mode, context, message: str) -> None:
        if "does not support propagateSizeHints" in message:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)
    return lambda: qInstallMessageHandler(previous)


def run_gui(args: argparse.Namespace) -> int:
    with failures.reported():  # what nothing catches is shown, a bug as a bug
        app = application(getattr(args, "qt_options", None))
        if args.screenshot:
            restore_messages = quiet_about_size_hints()
            try:
                return _run_gui(app, args)
            finally:
                restore_messages()
        return _run_gui(app, args)


def _run_gui(app: QApplication, args: argparse.Namespace) -> int:
    opened = open_until_usable(resolve_db_path(args.db, demo=args.demo), args)
    if opened is None:
        return EXIT_ERROR
    theme = settings.get("ui.theme")
    if theme != "system":
        from netdesk.ui.theme import apply_theme

        apply_theme(theme)

    session = Windows(args)
    view = session.view
    window = session.show(*opened)
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
    for thread in session.backups_started:
        thread.join()
    return status if result == 0 else EXIT_ERROR

"""One window, one database: File ▸ Open Database… and the welcome pane's demo open in
the window's place, never beside it."""

import argparse

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netdesk import paths
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database
from netdesk.ui import app, open_problem_dialog
from tests.helpers import make_contact

CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def main_windows():
    from netdesk.ui.main_window import MainWindow

    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]


@pytest.fixture
def session(qtbot):
    windows = app.Windows(argparse.Namespace(screenshot=None, view="contacts"))
    yield windows
    for window in main_windows():
        window.close()


def shown(session, path, qtbot):
    opened = app.open_until_usable(path, argparse.Namespace(demo=False, screenshot=None))
    window = session.show(*opened)  # (closed by the session fixture, or by the switch)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_open_database_takes_the_windows_place(tmp_path, session, qtbot, monkeypatch):
    other = tmp_path / "other.sqlite3"
    open_workspace(other, create=True)
    make_contact("Zoe", "Other")
    close_database()
    mine = tmp_path / "mine.sqlite3"
    window = shown(session, mine, qtbot)
    monkeypatch.setattr(open_problem_dialog, "choose_database_file", lambda parent, start: other)
    qtbot.keyClick(window.contact_list.view, Qt.Key.Key_O, CTRL_ALT)  # File ▸ Open Database…
    qtbot.waitUntil(lambda: [w.db_path for w in main_windows()] == [other])
    [now] = main_windows()
    assert now.contact_list.model.total == 1
    assert now.windowTitle() == "netdesk — other.sqlite3"


def test_the_demo_from_the_welcome_pane_leaves_one_window(tmp_path, session, qtbot):
    empty = tmp_path / "empty.sqlite3"
    window = shown(session, empty, qtbot)
    assert window.center.currentWidget() is window.welcome
    qtbot.mouseClick(window.welcome.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: [w.db_path for w in main_windows()] == [paths.demo_db_path()], timeout=30000
    )
    [demo] = main_windows()
    assert demo.contact_list.model.total > 50
    assert empty.exists()  # the empty database is left as it was


def test_the_file_chosen_after_a_damaged_one_opens_in_its_place(
    tmp_path, session, qtbot, monkeypatch
):
    from netdesk.ui.integrity import IntegrityCheck

    good = tmp_path / "good.sqlite3"
    open_workspace(good, create=True)
    make_contact("Gus", "Good")
    close_database()
    mine = tmp_path / "mine.sqlite3"
    open_workspace(mine, create=True)
    make_contact("Ana")
    make_contact("Ben")
    close_database()
    monkeypatch.setattr(IntegrityCheck, "_run", lambda self: self.finished.emit("it is damaged"))
    monkeypatch.setattr(app, "resolve_open_problem", lambda path, problem: good)
    opened = app.open_until_usable(mine, argparse.Namespace(demo=False, screenshot=None))
    assert opened == (mine, True)  # its check is owed: it runs once the window is up
    session.show(*opened)
    qtbot.waitUntil(lambda: [w.db_path for w in main_windows()] == [good])
    [now] = main_windows()
    assert now.contact_list.model.total == 1  # the good file's contact, read from it

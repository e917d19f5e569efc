"""A database that cannot be opened: the dialog explains it and offers only safe ways on."""

import argparse
import hashlib
import sqlite3

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from netdesk import paths
from netdesk.domain.workspace import open_workspace
from netdesk.storage import backups
from netdesk.storage.database import close_database
from netdesk.storage.errors import (
    DatabaseDamaged,
    DatabaseReadOnly,
    DatabaseTooNew,
    NotADatabase,
)
from netdesk.storage.models import Contact
from netdesk.ui import open_problem_dialog
from netdesk.ui.app import run_gui
from netdesk.ui.main_window import MainWindow
from netdesk.ui.open_problem_dialog import Choice, OpenProblemDialog, resolve_open_problem
from tests.helpers import table_rows
from tests.ui.modal import when_modal


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def database_with_backup(path, people=("Ana", "Ben")):
    open_workspace(path, create=True)
    for name in people:
        Contact.create(display_name=name)
    close_database()
    return backups.rolling_backup(path)


def damage(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2 :] = b"\xff" * (len(data) - len(data) // 2)
    path.write_bytes(bytes(data))


def click(choice):
    def answer(dialog):
        dialog.buttons[choice].click()

    return answer


def test_a_damaged_database_opens_its_latest_good_backup_in_a_new_file(tmp_path, qtbot):
    path = tmp_path / "netdesk.sqlite3"
    database_with_backup(path)
    damage(path)
    before = digest(path)
    seen = []
    when_modal(OpenProblemDialog, click(Choice.BACKUP), seen)

    chosen = resolve_open_problem(path, DatabaseDamaged(path, "page 7 is damaged"))

    dialog = seen[0]
    assert dialog.headline == "This netdesk database is damaged."
    assert "has not changed the file" in dialog.informativeText()
    assert "2 contacts" in dialog.informativeText()
    assert list(dialog.buttons) == [Choice.BACKUP, Choice.OTHER, Choice.QUIT]
    assert chosen.parent == tmp_path and chosen.name.startswith("netdesk-restored-")
    assert digest(path) == before  # the damaged file is exactly as it was
    assert [row[3] for row in table_rows(chosen)["contact"]] == ["Ana", "Ben"]


def test_without_a_backup_another_file_can_be_chosen(tmp_path, qtbot, monkeypatch):
    path = tmp_path / "notes.sqlite3"
    path.write_text("not a database")
    other = tmp_path / "fresh.sqlite3"
    monkeypatch.setattr(open_problem_dialog, "choose_database_file", lambda parent, start: other)
    seen = []
    when_modal(OpenProblemDialog, click(Choice.OTHER), seen)

    chosen = resolve_open_problem(path, NotADatabase(path))

    assert Choice.BACKUP not in seen[0].buttons  # nothing to offer, so it is not offered
    assert seen[0].headline == "This file is not a netdesk database."
    assert chosen == other
    assert path.read_text() == "not a database"


def test_a_newer_database_can_be_left_alone(tmp_path, qtbot):
    path = tmp_path / "netdesk.sqlite3"
    database_with_backup(path)
    seen = []

    def press_escape(dialog):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    when_modal(OpenProblemDialog, press_escape, seen)
    assert resolve_open_problem(path, DatabaseTooNew(path, 9, 3)) is None
    assert "schema version 9" in seen[0].informativeText()
    assert "newer" in seen[0].headline


def test_a_read_only_database_can_be_opened_as_a_copy(tmp_path, qtbot, monkeypatch):
    path = tmp_path / "netdesk.sqlite3"
    database_with_backup(path)
    before = digest(path)
    copy = tmp_path / "elsewhere" / "netdesk-copy.sqlite3"
    monkeypatch.setattr(open_problem_dialog, "choose_copy_destination", lambda parent, s: copy)
    seen = []
    when_modal(OpenProblemDialog, click(Choice.COPY), seen)

    chosen = resolve_open_problem(path, DatabaseReadOnly(path, "its folder is read-only"))

    assert list(seen[0].buttons) == [Choice.COPY, Choice.OTHER, Choice.QUIT]
    assert "its folder is read-only" in seen[0].informativeText()
    assert chosen == copy
    assert table_rows(copy) == table_rows(path)
    assert digest(path) == before


def _start_and_read_window(args) -> tuple:
    """Run the app once; the window's database and contact count as it first shows."""
    windows = []

    def close_when_shown():
        shown = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        ]
        if shown:
            windows.append((shown[0].db_path, shown[0].status_counts.text()))
            shown[0].close()
        else:
            QTimer.singleShot(20, close_when_shown)

    QTimer.singleShot(0, close_when_shown)
    assert run_gui(args) == 0
    close_database()
    return windows[0]


def test_starting_on_a_damaged_database_shows_the_dialog_then_the_window(tmp_path, qtbot, capfd):
    path = tmp_path / "netdesk.sqlite3"
    database_with_backup(path, ("Ana", "Ben", "Carla"))
    damage(path)
    before = digest(path)
    seen = []
    when_modal(OpenProblemDialog, click(Choice.BACKUP), seen)
    args = argparse.Namespace(db=str(path), demo=False, screenshot=None, view="contacts")

    opened, counts = _start_and_read_window(args)

    err = capfd.readouterr().err
    assert err.count("netdesk: error:") == 1 and "the database is damaged" in err
    assert len(seen) == 1
    assert opened.name.startswith("netdesk-restored-")
    assert counts == "3 of 3 contacts"
    assert digest(path) == before
    conn = sqlite3.connect(opened)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_a_new_database_in_a_read_only_folder_offers_no_copy(tmp_path, qtbot):
    path = tmp_path / "locked-away" / "netdesk.sqlite3"
    seen = []
    when_modal(OpenProblemDialog, click(Choice.QUIT), seen)
    assert resolve_open_problem(path, DatabaseReadOnly(path, "its folder is read-only")) is None
    assert list(seen[0].buttons) == [Choice.OTHER, Choice.QUIT]
    assert not path.exists()


def test_a_restored_default_database_is_the_one_opened_from_then_on(qtbot, capfd):
    default = paths.default_db_path()
    default.parent.mkdir(parents=True, exist_ok=True)
    database_with_backup(default, ("Ana", "Ben", "Carla"))
    damage(default)
    before = digest(default)
    seen = []
    when_modal(OpenProblemDialog, click(Choice.BACKUP), seen)
    args = argparse.Namespace(db=None, demo=False, screenshot=None, view="contacts")

    restored, counts = _start_and_read_window(args)
    assert restored.name.startswith("netdesk-restored-") and counts == "3 of 3 contacts"
    assert len(seen) == 1

    # the next start, and every command, opens the restored file: no dialog this time
    assert paths.resolve_db_path(None) == restored.resolve()
    again, counts = _start_and_read_window(args)
    assert again == restored and counts == "3 of 3 contacts"
    assert len(seen) == 1
    assert digest(default) == before  # the damaged file is kept as it was
    capfd.readouterr()


def test_a_stand_in_that_is_gone_leaves_the_default_in_place(tmp_path):
    paths.set_stand_in(tmp_path / "gone.sqlite3")
    assert paths.resolve_db_path(None) == paths.default_db_path()
    paths.stand_in_note().write_text("not a path\n", encoding="utf-8")
    assert paths.resolve_db_path(None) == paths.default_db_path()

"""File → Back Up Now and File → Restore from Backup…, driven from the keyboard."""

import datetime as dt
import subprocess
import sys

from PySide6.QtCore import Qt

from netdesk.domain import settings
from netdesk.domain.rolling_backups import backup_rows
from netdesk.storage import backups
from netdesk.storage.models import Contact
from netdesk.ui.app import start_backup_thread
from netdesk.ui.backup_menu.restore_dialog import RestoreDialog
from netdesk.ui.format import medium_date_time
from netdesk.ui.main_window import MainWindow
from tests.conftest import REPO_ROOT, run_netdesk_env
from tests.helpers import make_contact
from tests.ui.modal import when_modal

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def open_window(db_path, qtbot):
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def names(window):
    model = window.contact_list.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_the_file_menu_shows_both_actions_with_their_shortcuts(db, db_path, qtbot):
    window = open_window(db_path, qtbot)
    actions = {a.text(): a.shortcut().toString() for a in window.file_menu.actions()}
    assert actions["&Back Up Now"] == "Ctrl+Shift+B"
    assert actions["&Restore from Backup…"] == "Ctrl+Shift+R"
    assert window.file_menu.actions()[-1] is window.quit_action


def test_back_up_now_keeps_a_copy_and_says_where(db, db_path, qtbot):
    make_contact("Ana")
    window = open_window(db_path, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_B, CTRL_SHIFT)
    made = backups.list_backups(db_path)
    assert [info.reason for info in made] == ["manual"]
    assert f"Backed up to {made[0].path.name}" in window.statusBar().currentMessage()
    qtbot.waitUntil(window.isActiveWindow)  # the window has the keyboard back
    qtbot.keyClick(window, Qt.Key.Key_B, CTRL_SHIFT)  # nothing changed since
    assert len(backups.list_backups(db_path)) == 1
    assert "Nothing changed since the backup of" in window.statusBar().currentMessage()


def test_the_restore_dialog_lists_date_size_and_contacts(db, db_path, qtbot):
    make_contact("Ana")
    first = backups.rolling_backup(db_path, now=dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC))
    make_contact("Ben")
    backups.rolling_backup(db_path, reason="manual")
    first.with_name("netdesk-20261101T090000000000Z-open-0000000000000000.sqlite3").write_bytes(
        b"garbage"
    )
    rows = backup_rows(db_path)
    dialog = RestoreDialog(rows, db_path.parent)
    qtbot.addWidget(dialog)
    shown = [
        [dialog.list.topLevelItem(r).text(c) for c in range(4)]
        for r in range(dialog.list.topLevelItemCount())
    ]
    assert [row[1:] for row in shown] == [
        ["2", shown[0][2], "backed up by hand"],
        ["1", shown[1][2], "automatic"],
        ["unreadable", "1 kB", "when netdesk opened it"],
    ]
    taken = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC).astimezone()
    assert shown[1][0] == medium_date_time(taken)  # the locale's way, as every date shown
    assert shown[0][2].endswith(" kB")
    assert dialog.restore_button.isEnabled()


def test_restore_from_backup_then_undo_and_redo(db, db_path, qtbot):
    make_contact("Ana")
    make_contact("Ben")
    backups.rolling_backup(db_path)
    make_contact("Carla")
    make_contact("Dev")
    window = open_window(db_path, qtbot)
    assert names(window) == ["Ana", "Ben", "Carla", "Dev"]
    seen = []

    def choose_first(dialog):
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)

    when_modal(RestoreDialog, choose_first, seen)
    qtbot.keyClick(window, Qt.Key.Key_R, CTRL_SHIFT)

    assert names(window) == ["Ana", "Ben"]
    assert window.status_counts.text() == "2 of 2 contacts"
    assert "Edit → Undo puts back what it replaced" in window.statusBar().currentMessage()
    assert window.undo_action.text().startswith("&Undo Restore")
    kept = [info for info in backups.list_backups(db_path) if info.reason == "prerestore"]
    assert len(kept) == 1

    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names(window) == ["Ana", "Ben", "Carla", "Dev"]
    assert Contact.select().count() == 4  # the data itself, not only the list
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL_SHIFT)
    assert names(window) == ["Ana", "Ben"]


def test_the_backup_at_opening_keeps_only_the_configured_number(db, db_path):
    settings.put("backup.keep", 3)
    for n in range(6):
        make_contact(f"Person {n}")
        start_backup_thread(db_path).join()
    kept = backups.list_backups(db_path)
    assert len(kept) == 3 and {info.reason for info in kept} == {"open"}
    assert len(list(backups.backups_dir(db_path).iterdir())) == 3
    assert backups.describe_backup(kept[0].path).contacts == 6


def test_opening_the_app_leaves_an_automatic_backup(tmp_path):
    target = tmp_path / "mine.sqlite3"
    env = run_netdesk_env()
    seeded = subprocess.run(
        [sys.executable, "-m", "netdesk", "seed", "--contacts", "20", "--db", str(target)],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        timeout=60,
    )
    assert seeded.returncode == 0
    assert backups.list_backups(target) == []
    shot = subprocess.run(
        [
            sys.executable,
            "-m",
            "netdesk",
            "--db",
            str(target),
            "--screenshot",
            str(tmp_path / "s.png"),
        ],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        timeout=120,
    )
    assert shot.returncode == 0, shot.stderr
    made = backups.list_backups(target)
    assert [info.reason for info in made] == ["open"]
    assert backups.describe_backup(made[0].path).contacts == 20
    assert (made[0].path.stat().st_mode & 0o777) == 0o600


def test_a_restore_waits_for_the_backup_taken_at_opening(db, db_path, qtbot, monkeypatch):
    import sqlite3
    import threading

    import netdesk.ui.app as app_module

    make_contact("Ana")
    backups.rolling_backup(db_path)
    make_contact("Ben")
    window = open_window(db_path, qtbot)
    reading = threading.Event()

    def slow_backup(path, keep):
        # a backup at opening reads the whole file: hold it open a while, as a large one does
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM contact").fetchone()
        reading.set()
        threading.Event().wait(0.5)
        conn.execute("COMMIT")
        conn.close()

    monkeypatch.setattr(app_module, "_open_backup", slow_backup)
    errors = []
    monkeypatch.setattr(
        window.backup_actions, "show_error", lambda title, result, path: errors.append(result)
    )
    start_backup_thread(db_path)
    assert reading.wait(5)
    when_modal(RestoreDialog, lambda dialog: qtbot.keyClick(dialog.list, Qt.Key.Key_Return), [])
    qtbot.keyClick(window, Qt.Key.Key_R, CTRL_SHIFT)

    assert errors == []
    assert names(window) == ["Ana"]

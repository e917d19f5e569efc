"""Opening the GUI's database: an up-to-date file opens first and is checked right after."""

import datetime as dt

from PySide6.QtWidgets import QApplication, QMessageBox

from netdesk.domain import seed
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database
from netdesk.storage.models import Interaction
from netdesk.ui import app
from netdesk.ui.integrity import IntegrityCheck
from tests.helpers import make_contact
from tests.ui.driving import open_window


def seeded(path, contacts=2000):
    open_workspace(path, create=True)
    seed.seed_database(contacts, contacts)
    close_database()


def damage(path):
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = b"\xff" * 4096
    path.write_bytes(bytes(data))


def test_an_up_to_date_database_opens_with_its_check_owed(tmp_path):
    path = tmp_path / "n.sqlite3"
    seeded(path, 10)
    assert app.open_gui_database(path, with_demo=False, check_later=True) is True
    close_database()
    # a new file is created (and so written) the careful way: nothing is owed
    fresh = tmp_path / "new.sqlite3"
    assert app.open_gui_database(fresh, with_demo=False, check_later=True) is False
    close_database()


def test_the_check_finds_a_damaged_file(tmp_path, qtbot):
    path = tmp_path / "d.sqlite3"
    seeded(path)
    damage(path)
    before = path.read_bytes()
    check = IntegrityCheck(path)
    with qtbot.waitSignal(check.finished, timeout=10000) as done:
        check.start()
    assert "damaged" in done.args[0] or "not a netdesk database" in done.args[0]
    assert not check.wait()
    assert path.read_bytes() == before


def test_a_healthy_file_passes(tmp_path, qtbot):
    path = tmp_path / "h.sqlite3"
    seeded(path, 50)
    check = IntegrityCheck(path)
    with qtbot.waitSignal(check.finished, timeout=10000) as done:
        check.start()
    assert done.args == [""]
    assert check.wait()


def test_a_damaged_file_closes_the_window_and_offers_the_safe_choices(
    db, db_path, qtbot, monkeypatch
):
    window = open_window(db_path, qtbot)
    offered, exits, reopened = [], [], []
    monkeypatch.setattr(
        app, "resolve_open_problem", lambda path, problem: offered.append((path, problem))
    )
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    monkeypatch.setattr(IntegrityCheck, "_run", lambda self: self.finished.emit("it is damaged"))
    app.start_integrity_check(window, db_path, reopened.append)
    qtbot.waitUntil(lambda: exits == [app.EXIT_ERROR])
    assert not window.isVisible()
    [(path, problem)] = offered
    assert path == db_path and "it is damaged" in str(problem)
    assert reopened == []


def test_a_chosen_backup_is_opened_after_a_failed_check(db, db_path, qtbot, monkeypatch):
    window = open_window(db_path, qtbot)
    reopened = []
    chosen = db_path.with_name("restored.sqlite3")
    monkeypatch.setattr(app, "resolve_open_problem", lambda path, problem: chosen)
    monkeypatch.setattr(IntegrityCheck, "_run", lambda self: self.finished.emit("it is damaged"))
    app.start_integrity_check(window, db_path, reopened.append)
    qtbot.waitUntil(lambda: reopened == [chosen])


def test_no_write_happens_while_the_file_is_known_damaged(db, db_path, qtbot, monkeypatch):
    ana = make_contact("Ana")
    window = open_window(db_path, qtbot)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))

    class Damaged:
        problem = "the file is damaged"

        def wait(self):
            return False

    window.integrity = Damaged()
    assert window.contact_actions.log_interaction(ana, "call", dt.date.today(), "") is None
    assert Interaction.select().count() == 0
    assert window.undo_stack.count() == 0
    assert "the file is damaged" in warnings[0]


def test_the_window_takes_a_rolling_backup_once_it_is_up(tmp_path):
    import subprocess
    import sys

    from tests.conftest import REPO_ROOT, run_netdesk_env

    path = tmp_path / "b.sqlite3"
    seeded(path, 20)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "netdesk",
            "--db",
            str(path),
            "--screenshot",
            str(tmp_path / "s.png"),
        ],
        capture_output=True,
        text=True,
        env=run_netdesk_env(NETDESK_DATA_DIR=str(tmp_path / "data")),
        cwd=REPO_ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "b-backups").glob("b-*-open-*.sqlite3"))) == 1


def test_the_starts_background_work_waits_until_the_window_is_usable(db, db_path, qtbot):
    from netdesk.ui.main_window import MainWindow

    cid = make_contact("Ana Lee")
    window = MainWindow(db_path, remember_layout=False, defer_features=True)
    qtbot.addWidget(window)
    started = []
    app.when_usable(
        window,
        lambda: started.append(
            (window.is_painted(), window._features_installed, window.detail.current_contact_id())
        ),
    )
    window.show()
    qtbot.waitUntil(lambda: bool(started), timeout=app.CHECK_AT_THE_LATEST_MS // 2)
    # painted, its features installed and the first contact shown: well before the
    # latest time it would have started anyway
    assert started == [(True, True, cid)]
    qtbot.wait(app.CHECK_AT_THE_LATEST_MS + 100)
    assert len(started) == 1  # once

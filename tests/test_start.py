"""The netdesk command pauses the garbage collector while it loads, and only then."""

import gc

import pytest
from PySide6.QtCore import QTimer

from netdesk import start
from netdesk.cli import stats
from netdesk.storage.database import close_database
from netdesk.ui import app
from netdesk.ui.main_window import MainWindow
from tests.helpers import make_contact


@pytest.fixture
def collector_restored():
    """The collector as it was before the test, and nothing left frozen by it."""
    was_enabled = gc.isenabled()
    frozen = gc.get_freeze_count()
    yield
    if gc.get_freeze_count() > frozen:
        gc.unfreeze()
        gc.collect()
    start._paused = False
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def test_resuming_freezes_what_the_start_made_and_collects_again(collector_restored):
    gc.enable()
    start.pause_collector()
    assert not gc.isenabled()
    kept = [object() for _ in range(100)]  # tracked objects made while paused
    frozen = gc.get_freeze_count()
    start.resume_collector()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + 100
    assert kept


def test_a_collector_turned_off_elsewhere_stays_off(collector_restored):
    gc.disable()
    start.pause_collector()
    start.resume_collector()
    assert not gc.isenabled()


def test_resuming_without_a_pause_changes_nothing(collector_restored):
    gc.enable()
    frozen = gc.get_freeze_count()
    start.resume_collector()
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_a_subcommand_runs_with_the_collector_running(db, db_path, collector_restored, monkeypatch):
    gc.enable()
    seen = []
    real = stats.run
    monkeypatch.setattr(stats, "run", lambda args: seen.append(gc.isenabled()) or real(args))
    assert start.main(["stats", "--db", str(db_path)]) == 0
    assert seen == [True]
    assert gc.isenabled()


def test_the_window_loads_with_the_collector_paused_and_shows_with_it_running(
    db, db_path, qapp, collector_restored, monkeypatch
):
    make_contact("Ada", "Lovelace")
    gc.enable()
    while_loading, while_shown = [], []
    real_open = app.open_until_usable
    monkeypatch.setattr(
        app,
        "open_until_usable",
        lambda *args: while_loading.append(gc.isenabled()) or real_open(*args),
    )

    def close_when_shown():
        shown = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if shown:
            while_shown.append(gc.isenabled())
            shown[0].close()
        else:
            QTimer.singleShot(20, close_when_shown)

    QTimer.singleShot(0, close_when_shown)
    assert start.main(["--db", str(db_path)]) == 0
    close_database()
    assert while_loading == [False]
    assert while_shown == [True]
    assert gc.isenabled()


UNDER_OPEN_UMASK = """
import os, sys
os.umask(0)
from netdesk.start import main
status = main(["stats", "--db", sys.argv[1]])
from netdesk.ui.window_state import ui_settings
settings = ui_settings()  # the window's remembered layout, written by Qt
settings.setValue("probe", 1)
settings.sync()
print(status, settings.fileName())
"""


def test_what_netdesk_and_its_libraries_create_is_private_whatever_the_umask(tmp_path):
    import stat
    import subprocess
    import sys

    from tests.conftest import run_netdesk_env

    data = tmp_path / "data"
    done = subprocess.run(
        [sys.executable, "-c", UNDER_OPEN_UMASK, str(tmp_path / "x.sqlite3")],
        env=run_netdesk_env(NETDESK_DATA_DIR=str(data)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    status, ini = done.stdout.split()
    assert status == "2"  # no such database: but the log and the settings were written
    made = [data, *data.rglob("*")]
    assert any(p.name == ini.rsplit("/", 1)[-1] for p in made), made
    for path in made:
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path

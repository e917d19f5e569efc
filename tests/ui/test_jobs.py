import sqlite3
import threading

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton

from netdesk.domain.importers import ImportFileError
from netdesk.domain.user_errors import DiskFull
from netdesk.storage.models import Contact, database
from netdesk.ui.jobs import run_job


def test_a_job_runs_off_the_ui_thread_and_returns_its_result(db, qtbot):
    seen = {}

    def job(progress):
        seen["thread"] = threading.current_thread()
        for n in range(5):
            progress(n + 1, 5, f"step {n}")
        with database.atomic():
            Contact.create(display_name="Ana")
        return 42

    result = run_job(None, "Working", job)
    assert result.value == 42 and result.error is None and not result.cancelled
    assert seen["thread"] is not threading.main_thread()
    assert Contact.select().count() == 1


def test_cancel_stops_the_job_and_its_transaction_rolls_back(db, qtbot):
    started = threading.Event()

    def job(progress):
        with database.atomic():
            Contact.create(display_name="Half-written")
            started.set()
            for n in range(10_000):
                progress(n, 10_000)
                threading.Event().wait(0.001)

    def press_cancel(dialog, progress):
        def click():
            if not started.is_set():
                QTimer.singleShot(20, click)
                return
            button = dialog.findChild(QPushButton)
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

        QTimer.singleShot(20, click)

    result = run_job(None, "Working", job, on_dialog=press_cancel)
    assert result.cancelled
    assert Contact.select().count() == 0


def test_an_error_a_person_can_act_on_comes_back_to_the_caller(db, qtbot):
    def job(progress):
        raise ImportFileError("people.csv", "line 7: not a date")

    result = run_job(None, "Working", job)
    assert isinstance(result.error, ImportFileError)
    assert "line 7" in str(result.error)


def test_the_database_failing_under_a_job_comes_back_as_what_it_means(db, db_path, qtbot):
    def job(progress):
        raise sqlite3.OperationalError("database or disk is full")

    result = run_job(None, "Working", job)
    assert isinstance(result.error, DiskFull)
    assert str(db_path) in str(result.error)


def test_a_bug_in_a_job_is_raised_on_the_ui_thread(db, qtbot):
    def job(progress):
        return {}["missing"]

    with pytest.raises(KeyError):
        run_job(None, "Working", job)

"""A failed step is told the right way: a refusal or a failing disk as a message about it,
a bug as a bug (logged, shown as one, never passed off as a message about the data)."""

from __future__ import annotations

import logging
import sqlite3
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from netdesk.domain import contacts
from netdesk.domain.user_errors import DiskFull, NotFound
from netdesk.ui import failures
from tests.ui.driving import ctrl, open_window, press

Key = Qt.Key


@pytest.fixture
def shown(monkeypatch) -> dict[str, list[str]]:
    """The message boxes the window shows, by kind, answered at once."""
    boxes: dict[str, list[str]] = {"warning": [], "critical": []}
    for kind, texts in boxes.items():
        monkeypatch.setattr(QMessageBox, kind, lambda *args, texts=texts: texts.append(args[2]))
    return boxes


def add_contact_named(window, qtbot, name: str) -> None:
    ctrl(qtbot, window.contact_list.view, Key.Key_N)
    qtbot.waitUntil(lambda: window.contact_actions.editor is not None)
    editor = window.contact_actions.editor
    qtbot.keyClicks(editor.given_name, name)
    press(qtbot, editor.given_name, Key.Key_Return)
    qtbot.waitUntil(lambda: window.contact_actions.editor is None)


@pytest.mark.parametrize(
    ("raised", "told"),
    [
        (NotFound("no contact with id 7"), "no contact with id 7"),
        (sqlite3.OperationalError("database or disk is full"), "the disk is full"),
    ],
)
def test_a_step_that_fails_for_a_reason_says_so_and_is_not_undoable(
    db, db_path, qtbot, monkeypatch, shown, raised, told
):
    def failing(draft, **kwargs):
        raise raised

    monkeypatch.setattr(contacts, "create_contact", failing)
    window = open_window(db_path, qtbot)
    add_contact_named(window, qtbot, "Ana")
    assert len(shown["warning"]) == 1
    assert shown["warning"][0].startswith("Could not new contact Ana:")
    assert told in shown["warning"][0]
    assert window.undo_stack.count() == 0 and shown["critical"] == []


def test_a_bug_in_a_step_goes_on_to_the_bug_report(db, db_path, qtbot, monkeypatch, shown):
    def buggy(draft, **kwargs):
        return {}["given_name"]

    monkeypatch.setattr(contacts, "create_contact", buggy)
    window = open_window(db_path, qtbot)
    with qtbot.captureExceptions() as raised:
        add_contact_named(window, qtbot, "Ana")
    assert [kind for kind, *_ in raised] == [KeyError]
    assert shown["warning"] == [] and window.undo_stack.count() == 0


def test_the_bug_report_logs_a_bug_and_shows_it_as_one(qapp, shown, caplog):
    try:
        {}["given_name"]
    except KeyError:
        kind, exc, trace = sys.exc_info()
    with failures.reported(), caplog.at_level(logging.ERROR, "netdesk"):
        sys.excepthook(kind, exc, trace)
    assert shown["warning"] == []
    assert "netdesk ran into a bug (KeyError)" in shown["critical"][0]
    (record,) = caplog.records
    assert record.getMessage().startswith("bug: KeyError at test_failures.py:")
    assert "given_name" not in record.getMessage()  # the log keeps no message


def test_what_nothing_caught_but_a_person_can_act_on_is_shown_as_a_message(qapp, shown):
    with failures.reported():
        sys.excepthook(DiskFull, DiskFull("/data/netdesk.sqlite3"), None)
    assert "the disk is full" in shown["warning"][0] and shown["critical"] == []


def test_the_hook_before_the_window_comes_back_after_it():
    before = sys.excepthook
    with failures.reported():
        assert sys.excepthook is not before
    assert sys.excepthook is before

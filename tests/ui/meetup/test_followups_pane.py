"""Follow-ups after events: the list, and one key per follow-up."""

import datetime as dt

from PySide6.QtCore import Qt

from netdesk.domain import events, interactions
from netdesk.domain.events import EventDraft
from tests.helpers import log, make_contact

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def listed(pane):
    model = pane.model
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def test_the_list_shows_exactly_those_without_a_later_interaction(db, db_path, qtbot):
    today = dt.date.today()
    old = events.create_event(EventDraft(name="March", held_on=today - dt.timedelta(days=30)))
    new = events.create_event(EventDraft(name="April", held_on=today - dt.timedelta(days=5)))
    people = {name: make_contact(name) for name in ("Ana", "Ben", "Cy", "Dee")}
    events.check_in(old, people["Ana"])
    events.check_in(old, people["Ben"])
    log(people["Ben"], "one_to_one", days_ago=10)  # followed up
    events.check_in(new, people["Cy"])
    events.check_in(new, people["Dee"])
    log(people["Dee"], "message", days_ago=1)  # followed up

    from netdesk.ui.main_window import MainWindow

    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_U, CTRL_SHIFT)
    pane = window.meetup.followups_pane
    assert window.side_panel.currentWidget() is pane
    assert listed(pane) == ["Ana", "Cy"]  # oldest first
    assert pane.model.index(0, 0).data() == "4 weeks ago"
    assert pane.model.index(0, 2).data() == "Met at March"
    assert pane.view.hasFocus()

    qtbot.keyClick(pane.view, Qt.Key.Key_C)  # called Ana
    assert listed(pane) == ["Cy"]
    last = interactions.list_interactions(people["Ana"])[-1]
    assert (last.kind, last.note) == ("call", "Called after March")
    qtbot.keyClick(pane.view, Qt.Key.Key_Delete)  # nothing to follow up with Cy
    assert listed(pane) == []
    assert "heard from you" in pane.summary.text()
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert listed(pane) == ["Ana", "Cy"]
    assert [r.kind for r in interactions.list_interactions(people["Ana"])] == ["met"]

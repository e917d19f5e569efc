"""The events pane as a person uses it: pick an event, check people in, add someone new."""

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from netdesk.domain import events, interactions
from netdesk.domain.events import EventDraft
from netdesk.storage.models import Attendance, Contact
from tests.helpers import log, make_contact

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def attendee_names(pane):
    model = pane.view.attendee_model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_check_in_with_the_picker_then_undo(today_event, window, qtbot):
    jonathan = make_contact("Jonathan", "Smith", organisation="Smith Realty")
    make_contact("Jonas", "Brother")
    log(jonathan, "call", days_ago=20)
    pane = window.meetup.events_pane
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL_SHIFT)
    edit = pane.view.picker.edit
    assert edit.hasFocus()
    qtbot.keyClicks(edit, "jon smi")
    shown = [pane.view.picker.model.index(r, 0).data() for r in range(2)]
    assert shown[0] == "Jonathan Smith — Smith Realty"
    assert shown[1] == "＋ Add “jon smi” as someone new"
    popup = edit.completer_popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)  # the first suggestion
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert attendee_names(pane) == ["Jonathan Smith"]
    assert interactions.list_interactions(jonathan)[-1].kind == "saw_at_event"
    assert edit.text() == "" and edit.hasFocus()  # ready for the next person
    assert pane.model.index(0, 3).data() == "1"  # the event list's "Came"
    assert "Checked in Jonathan Smith" in window.statusBar().currentMessage()
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert attendee_names(pane) == []
    assert [r.kind for r in interactions.list_interactions(jonathan)] == ["call"]
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL_SHIFT)
    assert attendee_names(pane) == ["Jonathan Smith"]


def test_a_typo_still_finds_them_and_someone_there_is_marked(today_event, window, qtbot):
    jonathan = make_contact("Jonathan", "Smith")
    events.check_in(today_event, jonathan)
    window.meetup.events_pane.reload()
    pane = window.meetup.events_pane
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL_SHIFT)
    qtbot.keyClicks(pane.view.picker.edit, "jonathon smiht")
    first = pane.view.picker.model.index(0, 0).data()
    assert first == "Jonathan Smith   ✓ already here"
    popup = pane.view.picker.edit.completer_popup()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert "already checked in" in pane.status.text()
    assert Attendance.select().count() == 1


def test_add_someone_new_inline(today_event, window, qtbot):
    pane = window.meetup.events_pane
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL_SHIFT)
    edit = pane.view.picker.edit
    qtbot.keyClicks(edit, "Zed Newman")
    popup = edit.completer_popup()
    qtbot.keyClick(popup, Qt.Key.Key_Up)  # Up from nothing highlighted: the last row
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    zed = Contact.get(Contact.display_name == "Zed Newman")
    assert [r.kind for r in interactions.list_interactions(zed.id)] == ["met"]
    assert attendee_names(pane) == ["Zed Newman"]
    font = pane.view.attendee_model.index(0, 0).data(Qt.ItemDataRole.FontRole)
    assert font is not None and font.bold()  # new people stand out
    assert "1 came · 1 new" in pane.view.header.text().replace("<b>", "").replace("</b>", "")
    assert window.contact_list.model.total == 1
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert Contact.select().count() == 0


def test_new_event_from_the_menu_shortcut(window, qtbot):
    def fill_in():
        dialog = QApplication.activeModalWidget()
        qtbot.keyClicks(dialog.name, "Chamber mixer")
        dialog.place.setFocus()
        qtbot.keyClicks(dialog.place, "City Hall")
        qtbot.keyClick(dialog.place, Qt.Key.Key_Return)

    QTimer.singleShot(0, fill_in)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL_SHIFT)
    (event,) = events.list_events()
    assert (event.name, event.place, event.held_on) == (
        "Chamber mixer",
        "City Hall",
        dt.date.today(),
    )
    pane = window.meetup.events_pane
    assert pane.current_event_id() == event.id
    assert "Chamber mixer" in pane.view.header.text()


def test_the_event_dialog_keeps_bad_input_and_says_why(window, qtbot):
    seen = {}

    def submit_empty():
        dialog = QApplication.activeModalWidget()
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
        seen["error"] = dialog.error.text()
        seen["open"] = dialog.isVisible()
        dialog.reject()

    QTimer.singleShot(0, submit_empty)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL_SHIFT)
    assert seen == {"error": "name: an event needs a name", "open": True}
    assert events.list_events() == []


def test_the_events_view_shows_introductions_among_attendees(window, qtbot):
    event = events.create_event(EventDraft(name="Breakfast", held_on=dt.date.today()))
    ana = make_contact("Ana", needs=["a bookkeeper"])
    ben = make_contact("Ben", offers=["bookkeeping"])
    for person in (ana, ben):
        events.check_in(event, person)
    window.meetup.events_pane.reload()
    window.show_view("events")
    assert window.side_panel.currentWidget() is window.meetup.events_pane
    assert window.side_panel.width() > window.contact_list.width()
    model = window.meetup.events_pane.view.intro_model
    assert [model.index(0, c).data() for c in range(4)] == [
        "Ana",
        "a bookkeeper",
        "Ben",
        "bookkeeping",
    ]

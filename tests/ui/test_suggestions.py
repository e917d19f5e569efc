"""Every field that suggests behaves one way: nothing highlighted until Down, Enter takes
only what was highlighted, and Ctrl+Z after a check-in takes the check-in back."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from netdesk.domain import events
from netdesk.domain.contacts import ContactDraft
from netdesk.domain.events import EventDraft
from netdesk.storage.models import Attendance, Contact
from tests.helpers import make_contact
from tests.ui.driving import open_window

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
POPUP_WARNINGS = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def today_event(db) -> int:
    return events.create_event(EventDraft(name="Breakfast", held_on=dt.date.today()))


def open_editor(window, qtbot):
    """A new contact's editor over the window, active, its tags field knowing one tag."""
    from netdesk.ui.contact_actions import find_contacts
    from netdesk.ui.dialogs.contact_editor import ContactEditorDialog

    editor = ContactEditorDialog(
        ContactDraft("Cleo"),
        validate=lambda draft: None,
        find_contacts=find_contacts,
        known_tags=["Waterloo Business Breakfast"],
        parent=window,
    )
    qtbot.addWidget(editor)
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    return editor


@POPUP_WARNINGS
def test_check_in_picks_only_what_was_pointed_at_and_ctrl_z_takes_it_back(
    db, db_path, today_event, qtbot
):
    make_contact("Jonathan", "Smith")
    for n in range(12):
        make_contact(f"Jon{n}", "Smithers")
    window = open_window(db_path, qtbot)
    qtbot.keyClick(window.contact_list.view, Key.Key_K, CTRL_SHIFT)
    picker = window.meetup.events_pane.view.picker.edit
    assert picker.hasFocus()
    popup = picker.completer_popup()

    # someone unknown: Enter alone adds no one, it points at the row that would
    qtbot.keyClicks(picker, "tariq varg")
    qtbot.waitUntil(popup.isVisible)
    assert not popup.currentIndex().isValid()
    qtbot.keyClick(popup, Key.Key_Return)
    assert Contact.select().count() == 13
    assert popup.isVisible() and picker.text() == "tariq varg"
    assert "Add “tariq varg” as someone new" in popup.currentIndex().data()
    qtbot.keyClick(popup, Key.Key_Escape)  # the list closes, the field empties
    assert not popup.isVisible() and picker.text() == ""
    assert Contact.select().count() == 13

    # Down highlights the first suggestion, the person, and Enter checks them in
    qtbot.keyClicks(picker, "jon smi")
    qtbot.waitUntil(popup.isVisible)
    assert not popup.currentIndex().isValid()
    # the list is as tall as its rows (ten at most), not two
    shown = min(popup.model().rowCount(), 10)
    assert shown >= 3 and popup.height() >= popup.sizeHintForRow(0) * shown
    # every row in sight, the last one ("add as someone new") too: no scroll bar
    last = popup.model().index(popup.model().rowCount() - 1, 0)
    qtbot.waitUntil(lambda: popup.visualRect(last).isValid())
    assert popup.viewport().rect().contains(popup.visualRect(last))
    assert not popup.verticalScrollBar().isVisible()
    first = window.meetup.events_pane.view.picker.suggestions()[0]
    assert first.contact_id in {c.id for c in Contact.select()}
    qtbot.keyClick(popup, Key.Key_Down)
    qtbot.keyClick(popup, Key.Key_Return)
    assert [a.contact_id for a in Attendance.select()] == [first.contact_id]
    assert Contact.select().count() == 13
    assert picker.hasFocus() and picker.text() == ""

    # the focus is still in the picker: Ctrl+Z takes back the check-in, not typing
    qtbot.keyClick(picker, Key.Key_Z, CTRL)
    assert Attendance.select().count() == 0
    assert "Check in" in window.undo_stack.redoText()


@POPUP_WARNINGS
def test_enter_in_the_check_in_points_first_then_checks_in(db, db_path, today_event, qtbot):
    """ "ana b", Enter, Enter: the first Enter highlights the person shown first (Enter is
    never a key that does nothing there), the second checks them in; with the list
    closed meanwhile, Enter opens it again."""
    ana = make_contact("Ana", "Bennett")
    make_contact("Anna", "Berg")
    window = open_window(db_path, qtbot)
    qtbot.keyClick(window.contact_list.view, Key.Key_K, CTRL_SHIFT)
    picker = window.meetup.events_pane.view.picker.edit
    popup = picker.completer_popup()
    qtbot.keyClicks(picker, "ana b")
    qtbot.waitUntil(popup.isVisible)
    assert not popup.currentIndex().isValid()
    qtbot.keyClick(popup, Key.Key_Return)
    assert popup.isVisible() and popup.currentIndex().row() == 0
    assert popup.currentIndex().data().startswith("Ana Bennett")
    assert Attendance.select().count() == 0
    popup.hide()  # (closed by a click elsewhere): the typing stays
    picker.setFocus()
    qtbot.keyClick(picker, Key.Key_Return)
    qtbot.waitUntil(popup.isVisible)
    assert popup.currentIndex().row() == 0 and Attendance.select().count() == 0
    qtbot.keyClick(popup, Key.Key_Return)
    assert [a.contact_id for a in Attendance.select()] == [ana]
    assert picker.text() == ""


@POPUP_WARNINGS
def test_every_suggestion_field_opens_with_nothing_highlighted(db, db_path, qtbot):
    make_contact("Ana", "Bennett", tags=["Waterloo Business Breakfast"], needs=["a realtor"])
    make_contact("Ben", "Reid", offers=["Realtor"])
    window = open_window(db_path, qtbot)
    editor = open_editor(window, qtbot)
    match = window.referral_feature.match
    fields = [
        (editor.tags, "wat", editor.tags.completer_popup()),
        (editor.introduced_by, "an", editor.introduced_by.completer_popup()),
    ]
    for field, typed, popup in fields:
        field.setFocus()
        qtbot.keyClicks(field, typed)
        qtbot.waitUntil(popup.isVisible)
        assert not popup.currentIndex().isValid(), field
        qtbot.keyClick(popup, Key.Key_Return)  # nothing pointed at: keep what was typed
        assert field.text() == typed, field
    editor.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.contact_list.view, Key.Key_F, CTRL_SHIFT)
    for field, typed in ((match.need, "a r"), (match.for_contact, "an")):
        field.setFocus()
        qtbot.keyClicks(field, typed)
        popup = field.completer_popup()
        qtbot.waitUntil(popup.isVisible)
        assert not popup.currentIndex().isValid(), field
        qtbot.keyClick(popup, Key.Key_Return)  # nothing pointed at: keep what was typed
        assert not popup.isVisible()
        assert field.text() == typed


@POPUP_WARNINGS
def test_esc_on_the_open_list_closes_it_and_goes_no_further(db, db_path, today_event, qtbot):
    """While the list is open it holds the keyboard (on a real screen, the window
    system hands it every key): Esc there closes the list, in a dialog's field
    without closing the dialog, and in the check-in field empties the field."""
    make_contact("Ana", "Bennett", tags=["Waterloo Business Breakfast"])
    window = open_window(db_path, qtbot)
    editor = open_editor(window, qtbot)
    editor.tags.setFocus()
    qtbot.keyClicks(editor.tags, "wat")
    popup = editor.tags.completer_popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Key.Key_Escape)
    assert not popup.isVisible()
    assert editor.isVisible() and editor.tags.text() == "wat"  # the list alone closed
    editor.discard()  # (closed, what was typed thrown away without the question)

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.contact_list.view, Key.Key_K, CTRL_SHIFT)
    view = window.meetup.events_pane.view
    picker = view.picker.edit
    qtbot.keyClicks(picker, "ana")
    popup = picker.completer_popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Key.Key_Escape)
    assert not popup.isVisible() and picker.text() == "" and view.picker.suggestions() == []
    assert picker.hasFocus()

"""What a person types is never dropped: Tab goes where the eye goes, Enter does one thing."""

import datetime as dt

from PySide6.QtCore import QDate, QLocale, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from netdesk.domain import contacts, interactions
from netdesk.ui.format import medium_date
from netdesk.ui.import_export.merge_dialog import MergeDialog
from tests.helpers import make_contact
from tests.ui.driving import open_window

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def tab(qtbot, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget(), Key.Key_Tab)


def type_here(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def open_log_dialog(window, qtbot):
    """Ctrl+L on the list: the dialog that logs an interaction, its kind focused."""
    qtbot.keyClick(window.contact_list.view, Key.Key_L, CTRL)
    dialog = window.contact_actions.interaction_dialog
    qtbot.waitUntil(lambda: dialog.kind.hasFocus())
    return dialog


def type_date(qtbot, dialog, day: dt.date) -> None:
    """The day typed into the focused date as the field writes it ("3 Nov 2026")."""
    qtbot.keyClicks(
        QApplication.focusWidget(),
        QLocale().toString(QDate(day.year, day.month, day.day), dialog.date.displayFormat()),
    )


def saved_and_closed(window, qtbot, contact_id: int):
    """The one interaction logged, once the dialog has closed."""
    qtbot.waitUntil(lambda: window.contact_actions.interaction_dialog is None)
    [logged] = interactions.list_interactions(contact_id)
    return logged


def test_the_editor_takes_the_email_typed_after_city_and_tab(db, db_path, qtbot):
    window = open_window(db_path, qtbot)
    qtbot.keyClick(window.contact_list.view, Key.Key_N, CTRL)
    editor = window.contact_actions.editor
    qtbot.waitUntil(lambda: editor.given_name.hasFocus())
    type_here(qtbot, "Ana")
    tab(qtbot)
    type_here(qtbot, "Bennett")
    tab(qtbot, 2)  # past "shown as"
    type_here(qtbot, "Maple Tech")
    tab(qtbot, 4)  # past the title, department and nickname
    type_here(qtbot, "Waterloo")
    tab(qtbot)
    type_here(qtbot, "ana@example.com")
    tab(qtbot, 2)  # past the email's label
    assert QApplication.focusWidget() is editor.emails.add_button
    tab(qtbot)
    type_here(qtbot, "+1 519 555 0100")
    qtbot.keyClick(QApplication.focusWidget(), Key.Key_Return)
    qtbot.waitUntil(lambda: window.contact_actions.editor is None)
    ana = window.contact_list.current_contact_id()
    draft = contacts.load_contact(ana)
    assert (draft.given_name, draft.family_name, draft.organisation, draft.city) == (
        "Ana",
        "Bennett",
        "Maple Tech",
        "Waterloo",
    )
    assert [e.value for e in draft.emails] == ["ana@example.com"]
    assert [p.value for p in draft.phones] == ["+1 519 555 0100"]


def test_a_new_email_row_takes_its_place_in_the_tab_order(db, db_path, qtbot):
    window = open_window(db_path, qtbot)
    qtbot.keyClick(window.contact_list.view, Key.Key_N, CTRL)
    editor = window.contact_actions.editor
    qtbot.waitUntil(lambda: editor.given_name.hasFocus())
    editor.emails.add_button.setFocus()
    qtbot.keyClick(editor.emails.add_button, Key.Key_Space)  # Add email
    second = editor.emails.rows()[1]
    assert second.value.hasFocus()
    tab(qtbot, 2)
    assert QApplication.focusWidget() is editor.emails.add_button
    tab(qtbot)
    assert QApplication.focusWidget() is editor.phones.rows()[0].value
    editor.reject()


def test_tab_from_the_date_goes_to_the_note_and_the_note_is_saved(db, db_path, qtbot):
    ana = make_contact("Ana")
    window = open_window(db_path, qtbot)
    dialog = open_log_dialog(window, qtbot)
    tab(qtbot)
    assert dialog.date.hasFocus()
    tab(qtbot)
    assert dialog.note.hasFocus()
    type_here(qtbot, "coffee at Vincenzo's")
    qtbot.keyClick(dialog.note, Key.Key_Return)
    logged = saved_and_closed(window, qtbot, ana)
    assert logged.note == "coffee at Vincenzo's"
    assert logged.occurred_on == dt.date.today()
    # and Shift+Tab goes back the same way
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    dialog = open_log_dialog(window, qtbot)
    tab(qtbot, 2)
    assert dialog.note.hasFocus()
    qtbot.keyClick(dialog.note, Key.Key_Backtab, SHIFT)
    assert dialog.date.hasFocus()
    qtbot.keyClick(dialog.date, Key.Key_Backtab, SHIFT)
    assert dialog.kind.hasFocus()
    dialog.reject()


def test_a_date_typed_whole_stays_in_the_date(db, db_path, qtbot):
    """Typing "3 Nov 2026" over the date, as the field writes it: the separators move
    between its day, month and year as in any date field (they do not send "Nov 2026"
    on to the note), and the month typed is the month taken."""
    ana = make_contact("Ana")
    window = open_window(db_path, qtbot)
    dialog = open_log_dialog(window, qtbot)
    tab(qtbot)
    day = dt.date.today() - dt.timedelta(days=40)  # another month (and day)
    type_date(qtbot, dialog, day)
    assert dialog.date.hasFocus()
    assert dialog.date.day() == day
    assert dialog.note.text() == ""
    tab(qtbot)
    assert dialog.note.hasFocus()
    type_here(qtbot, "coffee")
    qtbot.keyClick(dialog.note, Key.Key_Return)
    logged = saved_and_closed(window, qtbot, ana)
    assert (logged.occurred_on, logged.note) == (day, "coffee")


def test_a_day_in_the_future_is_said_and_what_was_typed_stays(db, db_path, qtbot):
    ana = make_contact("Ana")
    window = open_window(db_path, qtbot)
    dialog = open_log_dialog(window, qtbot)
    tab(qtbot)
    later = dt.date.today() + dt.timedelta(days=3)
    type_date(qtbot, dialog, later)
    tab(qtbot)
    type_here(qtbot, "coffee")
    qtbot.keyClick(dialog.note, Key.Key_Return)
    assert dialog.isVisible() and dialog.date.hasFocus()
    assert dialog.error.message() == f"Date: {medium_date(later)} is in the future"
    assert dialog.note.text() == "coffee"
    assert interactions.list_interactions(ana) == []
    dialog.date.set_day(dt.date.today())
    qtbot.keyClick(dialog.date, Key.Key_Return)
    logged = saved_and_closed(window, qtbot, ana)
    assert (logged.occurred_on, logged.note) == (dt.date.today(), "coffee")


def test_enter_on_a_duplicate_pair_opens_one_merge_dialog(db, db_path, qtbot):
    make_contact("Ana", "Bennett", emails=["ana@example.com"], organisation="Maple Tech")
    make_contact("Ana", "Benett", emails=["ana@example.com"])
    make_contact("Ben", "Reid")
    window = open_window(db_path, qtbot)
    qtbot.keyClick(window.contact_list.view, Key.Key_D, CTRL | SHIFT)
    duplicates = window.import_export.duplicates
    qtbot.waitUntil(lambda: duplicates.isVisible() and duplicates.model.rowCount() == 1)
    duplicates.activateWindow()
    qtbot.waitUntil(duplicates.isActiveWindow)
    assert duplicates.view.hasFocus()

    merges: list[MergeDialog] = []
    messages: list[str] = []
    answering = [True]

    def answer() -> None:
        if not answering:
            return
        widget = QApplication.activeModalWidget()
        if isinstance(widget, MergeDialog) and widget not in merges:
            merges.append(widget)
            qtbot.keyClick(widget, Key.Key_Return)  # Merge
        elif isinstance(widget, QMessageBox):
            messages.append(widget.text())
            widget.accept()
        QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)
    qtbot.keyClick(duplicates.view, Key.Key_Return)
    qtbot.wait(300)
    assert len(merges) == 1
    assert messages == []
    assert window.contact_list.model.total == 2  # the pair is one contact now
    qtbot.waitUntil(lambda: duplicates.model.rowCount() == 0)
    assert "No duplicates" in duplicates.summary.text()
    answering.clear()


def test_a_merge_that_cannot_be_done_names_people_not_ids(db, db_path, qtbot):
    ana = make_contact("Ana", "Bennett", emails=["ana@example.com"])
    make_contact("Ana", "Benett", emails=["ana@example.com"])
    window = open_window(db_path, qtbot)
    qtbot.keyClick(window.contact_list.view, Key.Key_D, CTRL | SHIFT)
    duplicates = window.import_export.duplicates
    qtbot.waitUntil(lambda: duplicates.model.rowCount() == 1)
    contacts.trash_contact(ana)  # gone behind the list's back
    shown: list[tuple[object, str]] = []

    def answer() -> None:  # (until the message: then it stops)
        widget = QApplication.activeModalWidget()
        if isinstance(widget, MergeDialog):
            qtbot.keyClick(widget, Key.Key_Return)
        elif isinstance(widget, QMessageBox):
            shown.append((widget.parent(), widget.text()))
            qtbot.keyClick(widget, Key.Key_Escape)
            return
        QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)
    duplicates.activateWindow()
    qtbot.waitUntil(duplicates.isActiveWindow)
    qtbot.keyClick(duplicates.view, Key.Key_Return)
    qtbot.waitUntil(lambda: bool(shown))
    [(parent, text)] = shown
    assert "#" not in text and "Ana Bennett" in text
    # the message belonged to the duplicates window, which a window manager makes active
    # again once the message is closed: Esc there still closes it
    assert parent is duplicates
    # the list is looked at again: that pair is no more
    qtbot.waitUntil(lambda: duplicates.model.rowCount() == 0)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    duplicates.windowHandle().requestActivate()  # as the window manager does
    qtbot.waitUntil(duplicates.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget(), Key.Key_Escape)
    qtbot.waitUntil(lambda: not duplicates.isVisible())

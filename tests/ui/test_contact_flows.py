"""The everyday flows, driven by keyboard through the main window."""

import datetime as dt

from PySide6.QtCore import Qt

from netdesk.domain import contacts
from netdesk.domain.contact_list import ContactListQuery, count_contacts
from netdesk.storage.models import Contact, Interaction
from netdesk.ui.roles import SCORE_ROLE
from tests.helpers import log, make_contact
from tests.ui.driving import (
    answer,
    ctrl,
    discard_question,
    list_names,
    open_editor,
    open_window,
    press,
    shown_name,
    timeline_rows,
    type_text,
)

Key = Qt.Key


def wait_closed(window, qtbot):
    """Wait until no dialog is open and the main window is active again."""
    actions = window.contact_actions
    qtbot.waitUntil(lambda: actions.editor is None and actions.interaction_dialog is None)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_create_a_contact_fixing_an_invalid_email_then_find_log_undo_delete(db, db_path, qtbot):
    make_contact("Ben", "Baker", offers=["printing"])
    window = open_window(db_path, qtbot)
    list_view = window.contact_list.view
    list_view.setFocus()

    # Ctrl+N opens an empty editor; type a name and a broken email, then move on
    editor = open_editor(window, qtbot)
    type_text(qtbot, editor.given_name, "José")
    type_text(qtbot, editor.family_name, "Núñez")
    qtbot.keyClicks(editor.organisation, "Casa Realty")
    email = editor.emails.rows()[0].value
    email.setFocus()
    qtbot.keyClicks(email, "jose@casa")
    press(qtbot, email, Key.Key_Tab)
    message = editor.error_text("emails#0")
    assert "“jose@casa” is not an email address" in message
    assert editor.emails.rows()[0].error.isVisible()

    # Save is refused while the problem is there, and nothing is written
    press(qtbot, editor.organisation, Key.Key_Return)
    assert editor.isVisible()
    assert editor.summary.text() == "1 problem to fix before saving"
    assert email.hasFocus()
    assert Contact.select().count() == 1

    # fixing it clears the message as it is typed; Enter saves
    press(qtbot, email, Key.Key_End)
    qtbot.keyClicks(email, ".")
    assert "“jose@casa.” is not an email address" in editor.error_text("emails#0")
    qtbot.keyClicks(email, "realty.ca")
    assert editor.error_text("emails#0") == ""
    qtbot.keyClicks(editor.offers, "Realtor")
    press(qtbot, editor.organisation, Key.Key_Return)
    wait_closed(window, qtbot)
    assert list_names(window) == ["Ben Baker", "José Núñez"]
    assert window.contact_list.current_contact_id() == Contact.get(given_name="José").id
    assert shown_name(window) == "José Núñez"
    assert "jose@casa.realty.ca" in window.detail.facts.text()
    assert window.status_counts.text() == "2 of 2 contacts"

    # search with an accent-free spelling finds them
    ctrl(qtbot, list_view, Key.Key_F)
    assert window.contact_list.search.hasFocus()
    qtbot.keyClicks(window.contact_list.search, "jose nunez")
    assert list_names(window) == ["José Núñez"]
    assert window.status_counts.text() == "1 of 2 contacts"
    jose = window.contact_list.current_contact_id()

    # Ctrl+L logs an interaction: kind, date (today), note, Enter
    chart = window.detail.chart
    markers_before = chart.marker_count()
    attention_before = window.detail.attention_bar.score()
    ctrl(qtbot, window.contact_list.search, Key.Key_L)
    qtbot.waitUntil(lambda: window.contact_actions.interaction_dialog is not None)
    dialog = window.contact_actions.interaction_dialog
    assert dialog.date.date().toPython() == dt.date.today()
    dialog.kind.setFocus()
    qtbot.keyClicks(dialog.kind, "Call")
    assert dialog.kind.currentData() == "call"
    qtbot.keyClicks(dialog.note, "talked about the spring market")
    press(qtbot, dialog.note, Key.Key_Return)
    wait_closed(window, qtbot)
    window.detail.load_pending()
    today = dt.date.today()
    assert timeline_rows(window)[0] == (
        f"{today.day} {today.strftime('%b %Y')}",
        "Call",
        "talked about the spring market",
    )
    assert chart.marker_count() == markers_before + 1
    assert chart.curve_points()[0] > 0
    assert window.detail.attention_bar.score() > attention_before
    model = window.contact_list.model
    assert model.index(0, model.LAST).data() == "today"
    assert Interaction.select().where(Interaction.contact == jose).count() == 1

    # edit the contact (Ctrl+E), then undo the edit
    editor = open_editor(window, qtbot, Key.Key_E)
    editor.title.setFocus()
    qtbot.keyClicks(editor.title, "Broker")
    press(qtbot, editor.title, Key.Key_Return)
    wait_closed(window, qtbot)
    window.detail.load_pending()
    assert window.detail.label.text() == "Broker · Casa Realty"
    ctrl(qtbot, list_view, Key.Key_Z)
    window.detail.load_pending()
    assert window.detail.label.text() == "Casa Realty"
    assert contacts.load_contact(jose).title == ""
    # the logged call is still there: only the edit was undone
    assert len(timeline_rows(window)) == 1

    # Del in the list deletes the contact; Ctrl+Z brings them back, history and all
    list_view.setFocus()
    press(qtbot, list_view, Key.Key_Delete)
    assert count_contacts(ContactListQuery()) == 1
    assert list_names(window) == []
    assert "Deleted José Núñez" in window.statusBar().currentMessage()
    ctrl(qtbot, list_view, Key.Key_Z)
    assert list_names(window) == ["José Núñez"]
    assert window.contact_list.current_contact_id() == jose
    assert shown_name(window) == "José Núñez"
    assert len(timeline_rows(window)) == 1

    # redo deletes again
    qtbot.keyClick(
        list_view,
        Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert count_contacts(ContactListQuery()) == 1


def test_undo_and_redo_of_a_new_contact(db, db_path, qtbot):
    window = open_window(db_path, qtbot)
    editor = open_editor(window, qtbot)
    qtbot.keyClicks(editor.given_name, "Ana")
    press(qtbot, editor.given_name, Key.Key_Return)
    wait_closed(window, qtbot)
    assert list_names(window) == ["Ana"]
    assert window.undo_stack.undoText() == "New contact Ana"
    window.undo_action.trigger()
    assert list_names(window) == []
    assert shown_name(window) == "No contact selected"
    assert window.detail.timeline.model.rowCount() == 0
    assert not window.detail.timeline.log_action.isEnabled()
    window.redo_action.trigger()
    assert list_names(window) == ["Ana"]
    assert shown_name(window) == "Ana"


def test_a_contact_needs_a_name_before_it_can_be_saved(db, db_path, qtbot):
    window = open_window(db_path, qtbot)
    editor = open_editor(window, qtbot)
    qtbot.keyClicks(editor.city, "Waterloo")
    press(qtbot, editor.city, Key.Key_Return)
    assert editor.isVisible()
    assert editor.error_text("given_name") == "a contact needs a name or an organisation"
    assert editor.given_name.hasFocus()
    qtbot.keyClicks(editor.given_name, "Ana")
    assert editor.error_text("given_name") == ""
    press(qtbot, editor.given_name, Key.Key_Escape)
    answer(qtbot, discard_question(qtbot, editor), "Discard")
    wait_closed(window, qtbot)
    assert Contact.select().count() == 0
    assert window.undo_stack.count() == 0


def test_enter_in_the_list_opens_the_editor_and_escape_comes_back(db, db_path, qtbot):
    make_contact("Ana", "Lee", organisation="Lee Books")
    window = open_window(db_path, qtbot)
    view = window.contact_list.view
    view.setFocus()
    press(qtbot, view, Key.Key_Return)
    qtbot.waitUntil(lambda: window.contact_actions.editor is not None)
    editor = window.contact_actions.editor
    assert editor.given_name.text() == "Ana"
    assert editor.organisation.text() == "Lee Books"
    assert editor.windowTitle() == "Edit Ana Lee"
    editor.reject()
    wait_closed(window, qtbot)
    # nothing changed, nothing to undo
    assert window.undo_stack.count() == 0
    window.detail.timeline.view.setFocus()
    press(qtbot, window.detail.timeline.view, Key.Key_Escape)
    assert view.hasFocus()


def test_logging_for_a_contact_updates_its_row_bars_and_chart(db, db_path, qtbot):
    ana = make_contact("Ana")
    log(ana, "one_to_one", 40, "coffee")
    window = open_window(db_path, qtbot)
    model = window.contact_list.model
    before_row = model.index(0, model.ATTENTION).data()
    before_points = window.detail.chart.marker_count()
    window.contact_actions.log_interaction(ana, "referral_received", dt.date.today(), "a client")
    window.detail.load_pending()
    assert model.index(0, model.ATTENTION).data() != before_row
    assert model.index(0, model.LAST).data() == "today"
    assert window.detail.chart.marker_count() == before_points + 1
    assert window.detail.trust_bar.score() == float(model.index(0, model.TRUST).data(SCORE_ROLE))
    # the new entry is selected in the timeline
    assert window.detail.timeline.current_entry().note == "a client"
    window.undo_stack.undo()
    window.detail.load_pending()
    assert window.detail.chart.marker_count() == before_points
    assert model.index(0, model.LAST).data() == "5 weeks ago"


def test_a_database_replaced_under_the_window_is_said_so_and_not_written_to(
    db, db_path, qtbot, tmp_path, monkeypatch
):
    import os

    from PySide6.QtWidgets import QMessageBox

    from netdesk.storage import backups
    from tests.helpers import table_rows

    other = tmp_path / "other.sqlite3"
    backups.copy_database(db_path, other)  # an empty netdesk database
    make_contact("Ben", "Baker")
    window = open_window(db_path, qtbot)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    os.replace(other, db_path)  # another program swaps the file under the window

    editor = open_editor(window, qtbot)
    qtbot.keyClicks(editor.given_name, "Ana")
    press(qtbot, editor.given_name, Key.Key_Return)

    qtbot.waitUntil(lambda: bool(warnings))
    assert "replaced or removed while netdesk had it open" in warnings[0]
    assert "Ana" not in {row[1] for row in table_rows(db_path)["contact"]}

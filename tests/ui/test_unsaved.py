"""A form with something typed in it asks before Escape, Cancel or its close button
throw the typing away; an untouched form closes at once."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netdesk.domain import interactions
from netdesk.storage.models import Contact
from tests.helpers import make_contact
from tests.ui.driving import answer, ctrl, discard_question, open_editor, open_window, press

Key = Qt.Key


def test_escape_in_a_new_contact_with_typing_asks_and_keeps_it(db, db_path, qtbot):
    window = open_window(db_path, qtbot)
    editor = open_editor(window, qtbot)
    qtbot.keyClicks(editor.given_name, "Lena")
    press(qtbot, editor.given_name, Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Vogel")
    press(qtbot, QApplication.focusWidget(), Key.Key_Escape)
    question = discard_question(qtbot, editor)
    assert question is not None
    assert "New contact" in question.text()
    # Escape on the question keeps editing: everything typed is still there
    press(qtbot, question, Key.Key_Escape)
    qtbot.waitUntil(lambda: not question.isVisible())
    assert editor.isVisible()
    assert (editor.given_name.text(), editor.family_name.text()) == ("Lena", "Vogel")
    # Cancel asks too; Discard closes, and nothing was saved
    editor.buttons.reject_button.click()
    question = discard_question(qtbot, editor)
    assert question is not None
    answer(qtbot, question, "Discard")
    qtbot.waitUntil(lambda: window.contact_actions.editor is None)
    assert Contact.select().count() == 0


def test_an_untouched_editor_closes_at_once(db, db_path, qtbot):
    make_contact("Ana", "Lee")
    window = open_window(db_path, qtbot)
    editor = open_editor(window, qtbot, Key.Key_E)
    press(qtbot, editor.given_name, Key.Key_Escape)
    assert discard_question(qtbot, editor) is None
    qtbot.waitUntil(lambda: window.contact_actions.editor is None)


def test_a_change_undone_by_hand_is_no_change(db, db_path, qtbot):
    make_contact("Ana", "Lee")
    window = open_window(db_path, qtbot)
    editor = open_editor(window, qtbot, Key.Key_E)
    editor.given_name.setFocus()
    press(qtbot, editor.given_name, Key.Key_End)
    qtbot.keyClicks(editor.given_name, "x")
    press(qtbot, editor.given_name, Key.Key_Backspace)
    editor.close()  # the title bar's close button
    assert discard_question(qtbot, editor) is None
    qtbot.waitUntil(lambda: window.contact_actions.editor is None)


def test_the_close_button_of_an_edited_contact_asks(db, db_path, qtbot):
    ana = make_contact("Ana", "Lee")
    window = open_window(db_path, qtbot)
    editor = open_editor(window, qtbot, Key.Key_E)
    editor.notes.setFocus()
    qtbot.keyClicks(editor.notes, "Dog named Biscuit")
    editor.close()
    question = discard_question(qtbot, editor)
    assert question is not None and "Edit Ana Lee" in question.text()
    answer(qtbot, question, "Keep Editing")
    assert editor.isVisible()
    editor.windowHandle().requestActivate()  # as the window manager does
    qtbot.waitUntil(editor.isActiveWindow)
    press(qtbot, editor.notes, Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.contact_actions.editor is None)
    assert Contact.get_by_id(ana).notes == "Dog named Biscuit"


def test_a_note_typed_into_the_log_dialog_is_asked_about(db, db_path, qtbot):
    ana = make_contact("Ana")
    window = open_window(db_path, qtbot)
    ctrl(qtbot, window.contact_list.view, Key.Key_L)
    dialog = window.contact_actions.interaction_dialog
    qtbot.waitUntil(lambda: dialog.kind.hasFocus())
    dialog.note.setFocus()
    qtbot.keyClicks(dialog.note, "coffee at Vincenzo's")
    press(qtbot, dialog.note, Key.Key_Escape)
    question = discard_question(qtbot, dialog)
    assert question is not None
    answer(qtbot, question, "Keep Editing")
    press(qtbot, dialog.note, Key.Key_Return)
    qtbot.waitUntil(lambda: window.contact_actions.interaction_dialog is None)
    [logged] = interactions.list_interactions(ana)
    assert (logged.note, logged.occurred_on) == ("coffee at Vincenzo's", dt.date.today())


def test_synonyms_edited_then_escaped_are_asked_about(db, db_path, qtbot):
    from netdesk.domain import matching
    from netdesk.ui.referrals.synonyms_dialog import SynonymsDialog

    window = open_window(db_path, qtbot)
    dialog = SynonymsDialog(matching.synonym_rules(), window)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.editor, "plumber = pipes")
    dialog.discard()
    # shown again with that typing still in it: only what is typed from then on counts
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    press(qtbot, dialog.editor, Key.Key_Escape)
    assert not dialog.isVisible() and discard_question(qtbot, dialog) is None
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.editor, "fixer = odd jobs")
    press(qtbot, dialog.editor, Key.Key_Escape)
    question = discard_question(qtbot, dialog)
    assert question is not None and dialog.isVisible()
    answer(qtbot, question, "Discard")
    assert not dialog.isVisible()

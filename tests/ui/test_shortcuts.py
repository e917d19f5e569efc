"""One keyboard, written down once (netdesk.ui.shortcuts): bound, shown on F1, in the README."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from netdesk.ui.shortcuts import KEYS, SHORTCUTS, bindings
from netdesk.ui.shortcuts_dialog import ShortcutsDialog, shown_keys
from tests.helpers import make_contact
from tests.ui.driving import open_window

Key = Qt.Key
PORTABLE = QKeySequence.SequenceFormat.PortableText
# keys bound inside one list or editor (Del in a table, C for "called" in the
# follow-ups list) may repeat from widget to widget; window-wide keys may not
SCOPED = {"Del", "Return", "Enter", "Esc", "C", "E", "O"}


def key_clashes(window) -> dict[str, list[str]]:
    owners: dict[str, set[str]] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            if not key.isEmpty():
                owners.setdefault(key.toString(), set()).add(action.text().replace("&", ""))
    return {
        key: sorted(texts) for key, texts in owners.items() if len(texts) > 1 and key not in SCOPED
    }


def window_wide() -> list[str]:
    return [
        keys
        for binding in bindings()
        if binding.name and not binding.where
        for keys in binding.keys.split(", ")
    ]


def test_the_table_binds_no_window_key_twice():
    keys = window_wide()
    assert len(keys) == len(set(keys))
    assert all(QKeySequence(key).toString(PORTABLE) == key for key in keys)


def test_no_two_actions_in_the_window_share_a_key(db, db_path, qtbot):
    window = open_window(db_path, qtbot)
    assert key_clashes(window) == {}
    # and the check sees a clash when there is one
    intruder = QAction("Intruder", window)
    intruder.setShortcut(QKeySequence(SHORTCUTS["referrals.match"]))
    window.addAction(intruder)
    assert "Ctrl+Shift+F" in key_clashes(window)


def test_every_key_the_window_binds_is_in_the_table_and_every_window_key_is_bound(
    db, db_path, qtbot
):
    window = open_window(db_path, qtbot)
    window.install_features()
    table = {key for binding in bindings() for key in binding.keys.split(", ")}
    bound = {
        key.toString(PORTABLE)
        for action in window.findChildren(QAction)
        for key in action.shortcuts()
        if not key.isEmpty()
    }
    assert bound - table == set()
    assert set(window_wide()) - bound == set()


def test_f1_lists_every_key_of_the_table_and_nothing_that_changes(db, db_path, qtbot):
    ana = make_contact("Ana")
    window = open_window(db_path, qtbot)
    window.contact_actions.on_delete_contact(ana)  # Undo would now say "Undo Delete Ana"
    qtbot.keyClick(window.contact_list.view, Key.Key_F1)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ShortcutsDialog))
    dialog = QApplication.activeModalWidget()
    text = dialog.text.toPlainText()
    for section, section_bindings in KEYS:
        assert section in text
        for binding in section_bindings:
            assert shown_keys(binding) in text, binding
            assert binding.does in text, binding
    # the keys of the features' own menus too, not only File, Edit, View and Help
    for name in ("referrals.match", "meetup.check_in", "attention.snooze_week"):
        native = QKeySequence(SHORTCUTS[name]).toString(QKeySequence.SequenceFormat.NativeText)
        assert native in text
    assert "Delete Ana" in window.undo_action.text() and "Ana" not in text
    qtbot.keyClick(dialog.text, Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_enter_on_a_contact_edits_it_as_the_table_says(db, db_path, qtbot):
    make_contact("Ana")
    window = open_window(db_path, qtbot)
    enter = next(b for b in bindings() if b.keys == "Enter" and "contact list" in b.where)
    assert enter.does.startswith("edit the contact")
    window.contact_list.view.setFocus()
    qtbot.keyClick(window.contact_list.view, Key.Key_Return)
    qtbot.waitUntil(lambda: window.contact_actions.editor is not None)
    assert window.contact_actions.editor.given_name.text() == "Ana"
    window.contact_actions.editor.reject()

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from netdesk.ui.dialogs.contact_editor import ContactEditorDialog
from tests.helpers import make_contact
from tests.ui.driving import open_window


def test_an_empty_database_welcomes_with_three_ways_to_begin(db, db_path, qtbot):
    window = open_window(db_path, qtbot)
    assert window.center.currentWidget() is window.welcome
    for button in (
        window.welcome.import_button,
        window.welcome.demo_button,
        window.welcome.new_button,
    ):
        assert button.isVisible() and button.isEnabled()


def test_a_database_with_contacts_shows_the_contact_instead(db, db_path, qtbot):
    make_contact("Ana")
    window = open_window(db_path, qtbot)
    assert window.center.currentWidget() is window.detail


def test_the_first_contact_replaces_the_welcome(db, db_path, qtbot):
    window = open_window(db_path, qtbot)
    qtbot.mouseClick(window.welcome.new_button, Qt.MouseButton.LeftButton)
    dialog = window.contact_actions.editor
    assert isinstance(dialog, ContactEditorDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.given_name, "Ana")
    qtbot.keyClick(dialog.given_name, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: window.center.currentWidget() is window.detail)
    assert window.status_counts.text() == "1 of 1 contacts"


def test_import_asks_for_files(db, db_path, qtbot, monkeypatch):
    window = open_window(db_path, qtbot)
    asked = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *args: asked.append(args[1]) or ([], "")
    )
    qtbot.mouseClick(window.welcome.import_button, Qt.MouseButton.LeftButton)
    assert asked == ["Import Contacts"]

"""Driving the main window the way a person would: open it, wait for it, read it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from netdesk.ui.main_window import MainWindow


def open_window(db_path, qtbot) -> MainWindow:
    """The main window on the test database, shown and active, its details loaded."""
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.detail.load_pending()
    return window


def shown_name(window: MainWindow) -> str:
    """The name the detail pane shows once it has caught up with the list."""
    window.detail.load_pending()
    return window.detail.name_label.text()


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)


def ctrl(qtbot, widget, key) -> None:
    qtbot.keyClick(widget, key, Qt.KeyboardModifier.ControlModifier)


def open_editor(window: MainWindow, qtbot, key=Qt.Key.Key_N):
    """Ctrl+N (or Ctrl+E with ``Key_E``) on the list: the contact editor, once active."""
    ctrl(qtbot, window.contact_list.view, key)
    qtbot.waitUntil(lambda: window.contact_actions.editor is not None)
    editor = window.contact_actions.editor
    qtbot.waitUntil(editor.isActiveWindow)
    return editor


def list_names(window: MainWindow) -> list[str]:
    model = window.contact_list.model
    return [model.index(row, model.NAME).data() for row in range(model.rowCount())]


def timeline_rows(window: MainWindow) -> list[tuple[str, str, str]]:
    model = window.detail.timeline.model
    return [
        tuple(model.index(row, column).data() for column in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def type_text(qtbot, widget, text: str) -> None:
    """Type ``text`` key by key, accented letters too (QTest's keyClicks is ASCII only)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def discard_question(qtbot, dialog):
    """The question a form with changes asks as it closes (None when it asks none)."""
    question = dialog.discard_question()
    if not question.isVisible():
        return None
    qtbot.waitUntil(question.isActiveWindow)
    return question


def answer(qtbot, question, text: str) -> None:
    """Press the question's button that says ``text`` ("Discard", "Keep Editing")."""
    [button] = [b for b in question.buttons() if b.text() == text]
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)

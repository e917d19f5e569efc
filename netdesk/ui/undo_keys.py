"""Ctrl+Z reaches what was done, not a field that has nothing of its own to undo.

A text field takes Ctrl+Z (and Ctrl+Shift+Z) for its own typing, even when there
is none: with the focus in the check-in field after a check-in, or in the search
box, Ctrl+Z would do nothing at all. ``UndoKeys`` lets a field keep the keys only
while it has typing to undo (or redo); otherwise they go to the window's Undo and
Redo, which take back the last thing done.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)


def _has_own(widget: QObject | None, redo: bool) -> bool | None:
    """Whether ``widget`` has typing of its own to undo (or redo); None if it is no text field."""
    if isinstance(widget, QAbstractSpinBox):
        widget = widget.findChild(QLineEdit)
    if isinstance(widget, QLineEdit):
        if widget.isReadOnly():
            return False
        return widget.isRedoAvailable() if redo else widget.isUndoAvailable()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        if widget.isReadOnly():
            return False
        document = widget.document()
        return document.isRedoAvailable() if redo else document.isUndoAvailable()
    return None


class UndoKeys(QObject):
    """Watches the text fields of one window (``watch``)."""

    def __init__(self, redo_keys: list[QKeySequence], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._redo_keys = [key for key in redo_keys if not key.isEmpty()]

    def watch(self, window: QWidget) -> None:
        """Watch every text field in ``window`` (again after new ones were added: a filter
        installed twice is still one)."""
        for field in window.findChildren(QWidget):
            if isinstance(field, QLineEdit | QPlainTextEdit | QTextEdit | QAbstractSpinBox):
                field.installEventFilter(self)

    def _is_redo(self, event: QKeyEvent) -> bool:
        pressed = QKeySequence(event.keyCombination())
        return event.matches(QKeySequence.StandardKey.Redo) or any(
            pressed.matches(key) == QKeySequence.SequenceMatch.ExactMatch for key in self._redo_keys
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        is_undo = event.matches(QKeySequence.StandardKey.Undo)
        is_redo = not is_undo and self._is_redo(event)
        if not (is_undo or is_redo):
            return False
        if watched is not QApplication.focusWidget():
            return False
        if _has_own(watched, redo=is_redo) is False:
            # not the field's: the shortcut (the window's Undo or Redo) gets the key
            event.ignore()
            return True
        return False

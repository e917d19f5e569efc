"""A form with something typed in it asks before it closes without saving.

Escape, Cancel and the title bar's close button all end in ``QDialog.reject``.
A ``FormDialog`` compares its fields with what they held when it was shown;
when they differ, closing asks first ("Discard" or "Keep Editing", the second
the default and what Escape answers), so a stray Escape never throws away a
page of typing. The question is window-modal and answered without a nested
event loop; ``discard`` closes without asking.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)


def field_values(root: QWidget) -> list[object]:
    """What the form's fields hold, in order: texts typed, choices made, boxes ticked.

    Empty texts are left out, so an empty row added (Add email) is no change.
    """
    values: list[object] = []
    for widget in root.findChildren(QWidget):
        if widget.window() is not root:
            continue  # (a window of its own: a popup, the question itself)
        value: object
        if isinstance(widget, QLineEdit):
            value = widget.text()
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            value = widget.toPlainText()
        elif isinstance(widget, QComboBox):
            value = widget.currentText()
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            value = widget.isChecked()
        else:
            continue
        if value != "":
            values.append(value)
    return values


class FormDialog(QDialog):
    """A dialog a person types into: closing it changed since it was shown asks
    whether to discard the changes."""

    _shown_with: list[object] | None = None
    _question: QMessageBox | None = None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._shown_with is None:
            self._shown_with = field_values(self)

    def has_changes(self) -> bool:
        return self._shown_with is not None and field_values(self) != self._shown_with

    def reject(self) -> None:
        if not self.has_changes():
            self.discard()
            return
        self.discard_question().open()

    def discard(self) -> None:
        """Close without saving, and without asking."""
        super().reject()

    def done(self, result: int) -> None:
        # shown again later, the form is compared with what it holds then
        self._shown_with = None
        super().done(result)

    def discard_question(self) -> QMessageBox:
        """The question closing with changes asks (made the first time)."""
        if self._question is not None:
            return self._question
        self._question = box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Discard Changes?")
        box.setText(f"Close “{self.windowTitle()}” without saving?")
        box.setInformativeText("What you typed is not saved yet.")
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep Editing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.buttonClicked.connect(lambda button: self.discard() if button is discard else None)
        return box

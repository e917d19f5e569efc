"""The buttons at the foot of every netdesk dialog, made one way.

The button that does the dialog's job says what it does ("Save", "Merge",
"Move Along"), never a bare OK, and is the one Enter presses; Cancel (or Close)
is beside it. No dialog button carries an icon: some desktops draw one on a
standard button and none on a named one, and a row of buttons half with icons
reads as two kinds of button. So no standard button is used (a desktop theme
would give those icons back).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QWidget

Role = QDialogButtonBox.ButtonRole


class DialogButtons(QDialogButtonBox):
    """``accept_button`` does the job (None for a box with only Close)."""

    def __init__(self, parent: QWidget, accept_text: str | None, reject_text: str) -> None:
        super().__init__(parent)
        self.accept_button: QPushButton | None = None
        if accept_text is not None:
            self.accept_button = self.add(accept_text, Role.AcceptRole)
            self.accept_button.setObjectName("acceptButton")
            self.accept_button.setDefault(True)
        self.reject_button = self.add(reject_text, Role.RejectRole)
        self.reject_button.setObjectName("rejectButton")

    def add(self, text: str, role: Role = Role.ActionRole) -> QPushButton:
        """Another button (Scan Again, Other File…), made as plainly as the rest."""
        button = QPushButton(text, self)
        self.addButton(button, role)
        return button


def dialog_buttons(
    parent: QWidget, accept_text: str | None, reject_text: str = "Cancel"
) -> DialogButtons:
    return DialogButtons(parent, accept_text, reject_text)

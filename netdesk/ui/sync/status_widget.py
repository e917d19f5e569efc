"""The sync status in the status bar: how the last sync went, what waits, and Cancel."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget


class SyncStatusWidget(QWidget):
    cancel_requested = Signal()
    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self.contact_state = QLabel(self)
        self.contact_state.setObjectName("syncContactState")
        self.label = QLabel(self)
        self.label.setObjectName("syncStatusText")
        self.cancel_button = QToolButton(self)
        self.cancel_button.setText("Cancel")
        self.cancel_button.setAutoRaise(True)
        self.cancel_button.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(10)
        layout.addWidget(self.contact_state)
        layout.addWidget(self.label)
        layout.addWidget(self.cancel_button)
        self.cancel_button.clicked.connect(self.cancel_requested)

    def show_idle(self, text: str, tip: str = "") -> None:
        self.cancel_button.hide()
        self.label.setText(text)
        self.label.setToolTip(tip or text)

    def show_running(self, done: int, total: int, text: str) -> None:
        self.cancel_button.show()
        self.label.setText(text or "Syncing…")
        self.label.setToolTip(text)

    def show_contact_state(self, text: str) -> None:
        self.contact_state.setText(text)
        self.contact_state.setVisible(bool(text))

"""Log (or edit) one interaction: kind, date, note. All by keyboard, Enter saves.

The dialog returns the values; whoever opened it writes them.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.interaction_kinds import KINDS
from netdesk.ui.widgets.error_label import ErrorLabel

DEFAULT_KIND = "one_to_one"


class InteractionDialog(QDialog):
    def __init__(
        self,
        title: str,
        *,
        kind: str = DEFAULT_KIND,
        occurred_on: dt.date | None = None,
        note: str = "",
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("interactionDialog")
        self.setWindowTitle(title)
        self._today = today or dt.date.today()
        self.kind = QComboBox(self)
        for key, spec in KINDS.items():
            effect = f"{spec.trust_effect:+g}" if spec.trust_effect else "±0"
            self.kind.addItem(spec.label, key)
            self.kind.setItemData(
                self.kind.count() - 1,
                f"attention +{spec.attention_weight:g}, trust {effect}",
                Qt.ItemDataRole.ToolTipRole,
            )
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.date = QDateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMaximumDate(_qdate(self._today))
        self.date.setDate(_qdate(occurred_on or self._today))
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("coffee at Vincenzo's, sent the quote…")
        self.note.setText(note)
        self.note.setMinimumWidth(360)
        self.error = ErrorLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Save")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)

        form = QFormLayout()
        form.addRow("&Kind", self.kind)
        form.addRow("&Date", self.date)
        form.addRow("&Note", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.kind.setFocus()

    def values(self) -> tuple[str, dt.date, str]:
        return self.kind.currentData(), self.date.date().toPython(), self.note.text().strip()

    def show_error(self, message: str | None) -> None:
        self.error.set_message(message)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)

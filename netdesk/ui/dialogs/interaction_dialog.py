"""Log (or edit) one interaction: kind, date, note. All by keyboard, Enter saves.

Tab goes kind → date → note → Save (the date's day, month and year are reached
with Left and Right). The dialog returns the values; whoever opened it writes them.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.interaction_kinds import KINDS
from netdesk.ui.dialog_buttons import dialog_buttons
from netdesk.ui.unsaved import FormDialog
from netdesk.ui.widgets.date_edit import DateEdit
from netdesk.ui.widgets.error_label import ErrorLabel

DEFAULT_KIND = "one_to_one"


class InteractionDialog(FormDialog):
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
        self.kind.setObjectName("interactionKind")
        self.date = DateEdit(occurred_on or self._today, self, latest=self._today)
        self.date.setObjectName("interactionDate")
        self.note = QLineEdit(self)
        self.note.setObjectName("interactionNote")
        self.note.setPlaceholderText("coffee at Vincenzo's, sent the quote…")
        self.note.setText(note)
        self.note.setMinimumWidth(360)
        self.error = ErrorLabel(self)
        self.buttons = dialog_buttons(self, "&Save")

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

    def accept(self) -> None:
        if not self.date.refused(self.error):  # (else said here, all typed kept)
            super().accept()

    def values(self) -> tuple[str, dt.date, str]:
        return self.kind.currentData(), self.date.day(), self.note.text().strip()

    def show_error(self, message: str | None) -> None:
        self.error.set_message(message)

"""The dialog to create or edit an event: name, date, place, tags, notes.

It touches no database: ``submit(draft)`` (given by the pane) saves, and a
``ValidationError`` it raises is shown in the dialog, which stays open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.capture import split_list
from netdesk.domain.events import EventDraft
from netdesk.domain.validation import ValidationError
from netdesk.ui.dialog_buttons import dialog_buttons
from netdesk.ui.unsaved import FormDialog
from netdesk.ui.widgets.date_edit import DateEdit


class EventDialog(FormDialog):
    def __init__(
        self,
        title: str,
        draft: EventDraft,
        submit: Callable[[EventDraft], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._submit = submit
        self.name = QLineEdit(draft.name, self)
        self.name.setPlaceholderText("Waterloo Business Breakfast — June")
        self.held_on = DateEdit(draft.held_on or dt.date.today(), self)
        self.place = QLineEdit(draft.place, self)
        self.tags = QLineEdit(", ".join(draft.tags), self)
        self.tags.setPlaceholderText("comma-separated, e.g. the group's name")
        self.notes = QPlainTextEdit(draft.notes, self)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.error = QLabel(self)
        self.error.setObjectName("eventDialogError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setVisible(False)

        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Date", self.held_on)
        form.addRow("&Place", self.place)
        form.addRow("&Tags", self.tags)
        form.addRow("N&otes", self.notes)
        buttons = dialog_buttons(self, "Save")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def draft(self) -> EventDraft:
        return EventDraft(
            name=self.name.text(),
            held_on=self.held_on.day(),
            place=self.place.text(),
            notes=self.notes.toPlainText(),
            tags=split_list(self.tags.text()),
        )

    def accept(self) -> None:
        try:
            self._submit(self.draft())
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            return
        super().accept()

"""The check-in picker: type part of a name, Enter picks the first suggestion.

Suggestions come from ``ContactPicker`` on every keystroke (it never scans all
contacts). Down and Up move through them; the last row always offers to add
what was typed as someone new. Escape clears the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListView, QVBoxLayout, QWidget

from netdesk.domain.contact_picker import ContactPicker, Suggestion
from netdesk.ui.meetup.models import Column, RowTableModel
from netdesk.ui.roles import ROW_ROLE


@dataclass(frozen=True)
class AddNew:
    """The row that adds the typed name as someone new."""

    text: str


def _row_text(row: Suggestion | AddNew, present: frozenset[int]) -> str:
    if isinstance(row, AddNew):
        return f"＋ Add “{row.text}” as someone new"
    parts = [row.name]
    if row.organisation:
        parts.append(f"— {row.organisation}")
    if row.contact_id in present:
        parts.append("  ✓ already here")
    return " ".join(parts)


class ContactPickerWidget(QWidget):
    picked = Signal(int)
    add_requested = Signal(str)

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picker = ContactPicker()
        self._present: frozenset[int] = frozenset()
        self.edit = QLineEdit(self)
        self.edit.setObjectName("pickerEdit")
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        self.model = RowTableModel(
            [Column("Suggestion", lambda row: _row_text(row, self._present))], self
        )
        self.list = QListView(self)
        self.list.setObjectName("pickerSuggestions")
        self.list.setModel(self.model)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setUniformItemSizes(True)
        self.list.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        self.edit.textChanged.connect(self.on_text_changed)
        self.edit.installEventFilter(self)
        self.list.clicked.connect(lambda index: self._activate(index.row()))

    # -- what panes call ---------------------------------------------------------

    def set_present(self, contact_ids: set[int]) -> None:
        """Mark these contacts as already checked in."""
        self._present = frozenset(contact_ids)
        self.on_text_changed(self.edit.text())

    def suggestions(self) -> list[Suggestion | AddNew]:
        return self.model.rows()

    def clear(self) -> None:
        self.edit.clear()

    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    # -- slots -------------------------------------------------------------------

    def on_text_changed(self, text: str) -> None:
        rows: list[Suggestion | AddNew] = []
        if text.strip():
            rows.extend(self.picker.suggest(text))
            rows.append(AddNew(" ".join(text.split())))
        shown_before = self.model.rowCount()
        self.model.set_rows(rows)
        if bool(rows) != self.list.isVisibleTo(self):
            self.list.setVisible(bool(rows))
        if rows:
            if len(rows) != shown_before:  # resize only when the number of rows changes
                row_height = self.list.sizeHintForRow(0)
                self.list.setFixedHeight(row_height * len(rows) + 2 * self.list.frameWidth() + 2)
            self.list.setCurrentIndex(self.model.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._move(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._activate(self.list.currentIndex().row())
                return True
            if key == Qt.Key.Key_Escape and self.edit.text():
                self.edit.clear()
                return True
        return super().eventFilter(watched, event)

    def _move(self, step: int) -> None:
        count = self.model.rowCount()
        if not count:
            return
        row = (self.list.currentIndex().row() + step) % count
        self.list.setCurrentIndex(self.model.index(row, 0))

    def _activate(self, row: int) -> None:
        chosen = self.model.index(row, 0).data(ROW_ROLE) if row >= 0 else None
        if isinstance(chosen, AddNew):
            self.add_requested.emit(chosen.text)
        elif isinstance(chosen, Suggestion):
            self.picked.emit(chosen.contact_id)

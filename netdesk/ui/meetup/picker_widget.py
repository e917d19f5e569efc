"""The check-in picker: type part of a name, Down to the person, Enter checks them in.

Suggestions come from ``ContactPicker`` (netdesk.domain) on every keystroke (it
never scans all contacts) and open under the field as every netdesk suggestion
list does (``netdesk.ui.widgets.suggestions``): nothing is highlighted until
Down or Up, so Enter never checks in (or adds) anyone a person did not point
at. Enter with nothing highlighted highlights the first row, so "ana b", Enter,
Enter checks in the Ana Bennett shown first. The last row always offers to add
what was typed as someone new. Esc closes the list, then clears the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from netdesk.domain.contact_picker import ContactPicker, Suggestion
from netdesk.ui.widgets.suggestions import SuggestingLineEdit

# the key of the row that adds the typed name as someone new
ADD_NEW = -1


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
        self._rows: list[Suggestion | AddNew] = []
        # Esc empties the field (and closes its list)
        self.edit = SuggestingLineEdit(
            self._suggest, self, inserts=False, clears_on_escape=True, points_on_enter=True
        )
        self.edit.setObjectName("pickerEdit")
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName("Check someone in")
        self.model = self.edit.model
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.edit.suggestion_chosen.connect(self._on_chosen)
        self.edit.cleared.connect(self.clear)

    # -- what panes call ---------------------------------------------------------

    def set_present(self, contact_ids: set[int]) -> None:
        """Mark these contacts as already checked in."""
        self._present = frozenset(contact_ids)
        self.edit.refresh_suggestions()

    def suggestions(self) -> list[Suggestion | AddNew]:
        return list(self._rows)

    def clear(self) -> None:
        # (setText, not clear(): the picked name leaves nothing for Ctrl+Z to undo in the
        # field, so Ctrl+Z reaches the check-in itself)
        self.edit.setText("")
        self._rows = []
        self.edit.completer_popup().hide()

    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    # -- slots -------------------------------------------------------------------

    def _suggest(self, text: str) -> list[tuple[int, str, str]]:
        rows: list[Suggestion | AddNew] = []
        if text.strip():
            rows.extend(self.picker.suggest(text))
            rows.append(AddNew(" ".join(text.split())))
        self._rows = rows
        return [
            (
                ADD_NEW if isinstance(row, AddNew) else row.contact_id,
                text,
                _row_text(row, self._present),
            )
            for row in rows
        ]

    def _on_chosen(self, key: int, typed: str) -> None:
        if key == ADD_NEW:
            self.add_requested.emit(" ".join(typed.split()))
        else:
            self.picked.emit(int(key))

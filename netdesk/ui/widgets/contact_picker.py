"""Pick another contact by typing part of their name ("introduced by").

The suggestions come from a search function handed in (``text -> [(id, label)]``),
so the widget itself never touches the database.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

Finder = Callable[[str], list[tuple[int, str]]]


class ContactPicker(QLineEdit):
    contact_changed = Signal(int)

    def __init__(self, find: Finder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._find = find
        self._contact_id: int | None = None
        self._picked_text = ""
        self._found: dict[str, int] = {}
        self.setPlaceholderText("Type a name, then pick from the list")
        self.setClearButtonEnabled(True)
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # the search already filtered: show every suggestion it returned
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setWidget(self)
        self._completer.activated[str].connect(self.on_picked)
        self.textEdited.connect(self.on_text_edited)

    def completer_popup(self):
        return self._completer.popup()

    def contact_id(self) -> int | None:
        """The picked contact, or None (nothing typed, or typed but not picked)."""
        if self._contact_id is not None and self.text() == self._picked_text:
            return self._contact_id
        return None

    def is_unresolved(self) -> bool:
        """Text is there but no contact was picked for it."""
        return bool(self.text().strip()) and self.contact_id() is None

    def set_contact(self, contact_id: int | None, label: str = "") -> None:
        self._contact_id = contact_id
        self._picked_text = label if contact_id else ""
        self.setText(self._picked_text)

    def on_text_edited(self, text: str) -> None:
        if not text.strip():
            self._contact_id = None
            self._completer.popup().hide()
            self.contact_changed.emit(0)
            return
        found = self._find(text)
        self._found = {label: contact_id for contact_id, label in found}
        self._model.setStringList([label for _, label in found])
        if found:
            self._completer.complete()
        else:
            self._completer.popup().hide()

    def on_picked(self, label: str) -> None:
        contact_id = self._found.get(label)
        if contact_id is None:
            return
        self._contact_id = contact_id
        self._picked_text = label
        self.setText(label)
        self.contact_changed.emit(contact_id)

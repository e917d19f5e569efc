"""Line edits that complete from what the domain finds as you type."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

# the text a completion puts in the line edit (the popup shows the display text)
INSERT_ROLE = Qt.ItemDataRole.UserRole + 40
# what the completion is about (a contact id)
KEY_ROLE = Qt.ItemDataRole.UserRole + 41

# (key, text to insert, text shown in the popup)
Suggestion = tuple[int, str, str]


class CompletingLineEdit(QLineEdit):
    """Asks ``suggest(text)`` for suggestions on every edit; emits ``suggestion_chosen``."""

    suggestion_chosen = Signal(int, str)

    def __init__(
        self, suggest: Callable[[str], list[Suggestion]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._suggest = suggest
        self._model = QStandardItemModel(self)
        self.completer_ = QCompleter(self._model, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setCompletionRole(INSERT_ROLE)
        self.completer_.setMaxVisibleItems(10)
        self.setCompleter(self.completer_)
        self.textEdited.connect(self.on_text_edited)
        self.completer_.activated[QModelIndex].connect(self.on_activated)

    def suggestions(self) -> list[tuple[int, str, str]]:
        return [
            (
                self._model.item(row).data(KEY_ROLE),
                self._model.item(row).data(INSERT_ROLE),
                self._model.item(row).text(),
            )
            for row in range(self._model.rowCount())
        ]

    def on_text_edited(self, text: str) -> None:
        found = self._suggest(text) if text.strip() else []
        self._model.clear()
        for key, insert, shown in found:
            item = QStandardItem(shown)
            item.setData(insert, INSERT_ROLE)
            item.setData(key, KEY_ROLE)
            item.setEditable(False)
            self._model.appendRow(item)
        if found:
            self.completer_.complete()

    def on_activated(self, index: QModelIndex) -> None:
        key = index.data(KEY_ROLE)
        insert = index.data(INSERT_ROLE)
        if key is not None:
            self.setText(insert)
            self.suggestion_chosen.emit(int(key), insert)


class ContactPicker(CompletingLineEdit):
    """A contact chosen by name, with completion; ``contact_id()`` is None when none is."""

    contact_changed = Signal(int)

    def __init__(
        self, search: Callable[[str], list[Suggestion]], parent: QWidget | None = None
    ) -> None:
        super().__init__(search, parent)
        self._chosen: tuple[int, str] | None = None
        self.suggestion_chosen.connect(self.on_chosen)
        self.textChanged.connect(self.on_text_changed)

    def contact_id(self) -> int | None:
        text = self.text().strip()
        if not text:
            return None
        if self._chosen and self._chosen[1] == text:
            return self._chosen[0]
        matches = [
            key for key, insert, _ in self.suggestions() if insert.casefold() == text.casefold()
        ]
        return matches[0] if len(matches) == 1 else None

    def set_contact(self, contact_id: int | None, name: str = "") -> None:
        self._chosen = (contact_id, name) if contact_id else None
        self.setText(name if contact_id else "")
        self.contact_changed.emit(contact_id or 0)

    def on_chosen(self, key: int, insert: str) -> None:
        self._chosen = (key, insert)
        self.contact_changed.emit(key)

    def on_text_changed(self, text: str) -> None:
        if self._chosen and self._chosen[1] != text.strip():
            self._chosen = None
            self.contact_changed.emit(0)

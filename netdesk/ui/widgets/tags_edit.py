"""Tags typed as a comma-separated line, the word being typed completed from known tags."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget


class TagsEdit(QLineEdit):
    def __init__(self, known: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Waterloo Business Breakfast, client, …")
        self._model = QStringListModel(known, self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.setWidget(self)
        self._completer.activated[str].connect(self.insert_completion)
        self.textEdited.connect(self.on_text_edited)

    def completer_popup(self):
        return self._completer.popup()

    def set_tags(self, tags: list[str]) -> None:
        self.setText(", ".join(tags))

    def tags(self) -> list[str]:
        return [part.strip() for part in self.text().split(",") if part.strip()]

    def current_word(self) -> str:
        return self.text()[: self.cursorPosition()].split(",")[-1].strip()

    def on_text_edited(self, text: str) -> None:
        word = self.current_word()
        if not word:
            self._completer.popup().hide()
            return
        self._completer.setCompletionPrefix(word)
        if self._completer.completionCount():
            self._completer.complete()
        else:
            self._completer.popup().hide()

    def insert_completion(self, tag: str) -> None:
        """Replace the word being typed by ``tag`` and get ready for the next one."""
        before = self.text()[: self.cursorPosition()]
        after = self.text()[self.cursorPosition() :]
        head = before.rsplit(",", 1)[0] + ", " if "," in before else ""
        rest = after.split(",", 1)[1] if "," in after else ""
        text = f"{head}{tag}, {rest.strip()}".rstrip()
        self.setText(text)
        self.setCursorPosition(len(f"{head}{tag}, "))

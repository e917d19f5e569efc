"""File ▸ Sync ▸ Add Account…: the server, the user, the password, and which address book.

The dialog finds the address books itself (off the UI thread, through the
``discover`` it is given) and returns what the person chose; it writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.sync.discovery import Discovery
from netdesk.ui.dialog_buttons import dialog_buttons
from netdesk.ui.unsaved import FormDialog

# discover(what was typed, user, password, allow plain HTTP) → what the server has
Discover = Callable[[str, str, str, bool], Discovery]
NEW_BOOK = "netdesk"


@dataclass(frozen=True)
class AccountChoice:
    typed: str
    user: str
    password: str
    allow_http: bool
    discovery: Discovery
    book_url: str | None  # None: create a new address book "netdesk"
    book_name: str
    periodic: bool


class _Finding(QThread):
    done = Signal(object)

    def __init__(self, discover: Discover, args: tuple[str, str, str, bool], parent: QWidget):
        super().__init__(parent)
        self._discover = discover
        self._args = args

    def run(self) -> None:
        result: Any
        try:
            result = self._discover(*self._args)
        except Exception as exc:  # shown in the dialog, in words
            result = exc
        self.done.emit(result)


class AddAccountDialog(FormDialog):
    def __init__(self, discover: Discover, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add Sync Account")
        self.setObjectName("addSyncAccount")
        self._discover = discover
        self._found: Discovery | None = None
        self._finding: _Finding | None = None
        self.server = QLineEdit(self)
        self.server.setPlaceholderText("https://cloud.example.com, or you@fastmail.com")
        self.user = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("an app password where your provider has them")
        self.allow_http = QCheckBox("Allow plain &HTTP (sends the password unencrypted)", self)
        self.find_button = QPushButton("&Find Address Books", self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.books = QListWidget(self)
        self.books.setObjectName("addressBooks")
        self.periodic = QCheckBox("Sync every 15 &minutes while netdesk is open", self)
        self.periodic.setChecked(True)
        form = QFormLayout()
        form.addRow("&Server:", self.server)
        form.addRow("&User name:", self.user)
        form.addRow("&Password:", self.password)
        form.addRow("", self.allow_http)
        self.buttons = dialog_buttons(self, "&Add Account")
        assert self.buttons.accept_button is not None
        self.ok_button = self.buttons.accept_button
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.find_button)
        layout.addWidget(self.message)
        books_label = QLabel("Address &book to sync with:", self)
        books_label.setBuddy(self.books)
        layout.addWidget(books_label)
        layout.addWidget(self.books, 1)
        layout.addWidget(self.periodic)
        layout.addWidget(self.buttons)
        self.find_button.setDefault(True)
        self.find_button.clicked.connect(self.find_books)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.books.currentRowChanged.connect(self._update)
        for edit in (self.server, self.user, self.password):
            edit.textChanged.connect(self._forget)
        self._update()

    def _forget(self, *args: object) -> None:
        self._found = None
        self.find_button.setDefault(True)
        self.books.clear()
        self._update()

    def _update(self, *args: object) -> None:
        self.ok_button.setEnabled(self._found is not None and self.books.currentRow() >= 0)
        self.find_button.setEnabled(self._finding is None)

    def find_books(self) -> None:
        if not (self.server.text().strip() and self.user.text().strip()):
            self.message.setText("Type the server (or your email address) and your user name.")
            return
        self.message.setText("Looking for your address books…")
        self._forget()
        args = (
            self.server.text().strip(),
            self.user.text().strip(),
            self.password.text(),
            self.allow_http.isChecked(),
        )
        self._finding = _Finding(self._discover, args, self)
        self._finding.done.connect(self._on_found)
        self._finding.start()
        self._update()

    def _on_found(self, result: object) -> None:
        if self._finding is not None:
            self._finding.wait()
            self._finding.deleteLater()
        self._finding = None
        if isinstance(result, Exception):
            self.message.setText(f"Could not find address books: {result}")
        elif isinstance(result, Discovery):
            self._found = result
            for book in result.collections:
                item = QListWidgetItem(book.display_name, self.books)
                item.setToolTip(book.url)
                item.setData(256, book.url)
            QListWidgetItem(f"A new address book “{NEW_BOOK}”", self.books).setData(256, None)
            self.books.setCurrentRow(0)
            self.ok_button.setDefault(True)  # Enter now adds the account
            count = len(result.collections)
            self.message.setText(
                f"Found {count} address book{'s' if count != 1 else ''}: choose one."
            )
            self.books.setFocus()
        self._update()

    def choice(self) -> AccountChoice | None:
        item = self.books.currentItem()
        if self._found is None or item is None:
            return None
        url = item.data(256)
        return AccountChoice(
            self.server.text().strip(),
            self.user.text().strip(),
            self.password.text(),
            self.allow_http.isChecked(),
            self._found,
            url,
            item.text() if url else NEW_BOOK,
            self.periodic.isChecked(),
        )

    def done(self, code: int) -> None:
        if self._finding is not None:
            self._finding.wait()
        super().done(code)

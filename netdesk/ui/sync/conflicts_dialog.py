"""The Sync Conflicts window: what a sync set aside, and the person's choice per field."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.sync.conflicts import KEEP_SERVER, USE_LOCAL, ConflictRow
from netdesk.ui.dialog_buttons import dialog_buttons
from netdesk.ui.sync.conflicts_model import ConflictsModel
from netdesk.ui.tables import list_keys

EXPLANATION = (
    "Each line is one field of a contact, or one property of a record of the history (an "
    "interaction, an event, a referral, a follow-up), changed both here and on the server. "
    "netdesk kept the server's value and set yours aside. <b>Use Mine</b> puts yours back (the "
    "next sync sends it to the server); <b>Keep Server's</b> closes the line. Ctrl+Z undoes "
    "either."
)


class ConflictsDialog(QDialog):
    resolve_requested = Signal(int, str)  # conflict id, KEEP_SERVER or USE_LOCAL

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync Conflicts")
        self.setObjectName("syncConflicts")
        self.resize(900, 420)
        self.model = ConflictsModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        list_keys(self.view)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel("No conflicts: every sync merged cleanly.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        about = QLabel(EXPLANATION, self)
        about.setWordWrap(True)
        buttons = dialog_buttons(self, None, "Close")
        self.use_mine = buttons.add("&Use Mine")
        self.keep_server = buttons.add("&Keep Server's")
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.close)
        self.use_mine.clicked.connect(lambda: self._request(USE_LOCAL))
        self.keep_server.clicked.connect(lambda: self._request(KEEP_SERVER))
        self.view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.set_rows([])

    def set_rows(self, rows: list[ConflictRow]) -> None:
        current = self.current()
        self.model.set_rows(rows)
        self.view.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        if rows:
            ids = [row.id for row in rows]
            at = ids.index(current.id) if current is not None and current.id in ids else 0
            self.view.selectRow(at)
            self.view.resizeColumnsToContents()
        self._update_buttons()

    def current(self) -> ConflictRow | None:
        return self.model.conflict_at(self.view.currentIndex())

    def _update_buttons(self, *args: object) -> None:
        has = self.current() is not None
        self.use_mine.setEnabled(has)
        self.keep_server.setEnabled(has)

    def _request(self, choice: str) -> None:
        row = self.current()
        if row is not None:
            self.resolve_requested.emit(row.id, choice)

"""The duplicates view: candidate pairs with their reasons, and a way to merge each."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain import dedupe
from netdesk.ui.dialog_buttons import dialog_buttons
from netdesk.ui.import_export.models import CandidateModel
from netdesk.ui.jobs import run_job
from netdesk.ui.tables import list_keys


class DuplicatesDialog(QDialog):
    """Lists candidate pairs; ``merge_requested`` carries the pair a person chose to merge."""

    merge_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Duplicates")
        self.setObjectName("duplicatesDialog")
        self.resize(860, 460)
        self.summary = QLabel(self)
        self.summary.setObjectName("duplicatesSummary")
        self.model = CandidateModel(parent=self)
        self.view = QTableView(self)
        self.view.setObjectName("duplicatesTable")
        self.view.setModel(self.model)
        list_keys(self.view)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        vertical = self.view.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in ((0, 190), (1, 190), (2, 180)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

        self.buttons = dialog_buttons(self, None, "Close")
        self.merge_button = self.buttons.add("&Merge…")
        self.merge_button.setObjectName("mergeButton")
        self.rescan_button = self.buttons.add("&Scan Again")
        self.rescan_button.setShortcut(QKeySequence.StandardKey.Refresh)
        # Enter in the list merges the pair under the cursor, once: the list keeps the key
        # (netdesk.ui.tables.list_keys), so it never presses Merge… as well
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)

        self.merge_button.clicked.connect(self.on_merge)
        self.rescan_button.clicked.connect(self.scan)
        self.buttons.rejected.connect(self.reject)
        self.view.activated.connect(self.on_merge)
        self.view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._stale = False
        self._update_buttons()

    def scan(self) -> None:
        result = run_job(self, "Looking for duplicates", dedupe.find_candidates)
        if result.error is not None:
            self.summary.setText(f"Could not look for duplicates: {result.error}")
            return
        if result.cancelled:
            self.summary.setText("Cancelled.")
            return
        self.model.set_rows(result.value)
        count = len(result.value)
        self.summary.setText(
            "No duplicates found."
            if not count
            else f"{count} possible duplicate{'s' if count != 1 else ''}. Select a pair and "
            "press Merge… (or Enter). A merge can be undone with Undo."
        )
        if count:
            self.view.selectRow(0)
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def mark_stale(self) -> None:
        """The contacts changed: look again once the current event is handled."""
        if not self._stale and self.isVisible():
            self._stale = True
            QTimer.singleShot(0, self._rescan_if_stale)

    def _rescan_if_stale(self) -> None:
        if self._stale:
            self._stale = False
            self.scan()

    def current_candidate(self) -> dedupe.Candidate | None:
        index = self.view.currentIndex()
        return self.model.row_object(index.row()) if index.isValid() else None

    def on_merge(self) -> None:
        candidate = self.current_candidate()
        if candidate is not None:
            self.merge_requested.emit(candidate)

    def _update_buttons(self, *args) -> None:
        self.merge_button.setEnabled(self.current_candidate() is not None)

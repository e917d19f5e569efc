"""Table models for the import preview and the duplicates list: plain rows, no queries."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication

from netdesk.domain.dedupe import Candidate
from netdesk.domain.importers import CREATE, MERGE, SKIP, UPDATE, PlanEntry
from netdesk.ui.models.base import Index, ListTableModel
from netdesk.ui.roles import ROW_ROLE

ACTION_WORDS = {CREATE: "Create", UPDATE: "Update", MERGE: "Merge", SKIP: "Skip"}
_ACTION_COLORS = {UPDATE: QColor("#3b7dd8"), MERGE: QColor("#8a5cc2"), SKIP: QColor("#c0392b")}


class _RowsModel(ListTableModel):
    """A read-only table over a list of rows; subclasses say what each column shows."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, rows: list | None = None, parent=None) -> None:
        super().__init__(parent, rows)

    def row_object(self, row: int):
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        return self.cell(row, index.column(), role)

    def cell(self, row, column: int, role: int) -> Any:
        raise NotImplementedError


class ImportPreviewModel(_RowsModel):
    """One row per card or row of the files: what the import does with it, and why."""

    ACTION, NAME, WHERE, DETAILS = range(4)
    HEADERS = ("Action", "Name", "File and line", "Details")
    WORDS = ACTION_WORDS

    def cell(self, entry: PlanEntry, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.ACTION:
                return self.WORDS[entry.action]
            if column == self.NAME:
                return entry.name
            if column == self.WHERE:
                return entry.where
            if column == self.DETAILS:
                details = entry.reason
                if entry.warnings:
                    details += " — " + "; ".join(entry.warnings)
                return details
        if role == Qt.ItemDataRole.ForegroundRole and column == self.ACTION:
            color = _ACTION_COLORS.get(entry.action)
            if color is None:
                color = QApplication.palette().color(QPalette.ColorRole.Text)
            return QBrush(color)
        return None


class CandidateModel(_RowsModel):
    """Pairs of contacts that may be one person, with the reasons."""

    FIRST, SECOND, ORGANISATION, REASONS = range(4)
    HEADERS = ("Contact", "Possible duplicate", "Organisation", "Why")

    def cell(self, candidate: Candidate, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (
                candidate.first_name,
                candidate.second_name,
                candidate.organisation,
                candidate.reason_text,
            )[column]
        return None

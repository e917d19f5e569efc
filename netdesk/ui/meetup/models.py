"""One small table model for the meetup lists: rows are frozen dataclasses.

Each column says how a row reads (``text``) and, optionally, its tooltip. The
strings are computed once in ``set_rows``, so painting never calls back into
the domain, let alone the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from netdesk.ui.models.base import Index, ListTableModel, OneCallPerCell
from netdesk.ui.roles import CONTACT_ID_ROLE, ROW_ROLE


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str]
    tooltip: Callable[[Any], str | None] | None = None


class RowTableModel(OneCallPerCell, ListTableModel):
    """Rows of dataclasses shown through ``columns``; ``bold(row)`` marks rows to stress."""

    ANSWERED_ROLES = frozenset(
        {
            int(Qt.ItemDataRole.DisplayRole),
            int(Qt.ItemDataRole.ToolTipRole),
            int(Qt.ItemDataRole.FontRole),
            int(ROW_ROLE),
            int(CONTACT_ID_ROLE),
        }
    )

    def __init__(
        self,
        columns: Sequence[Column],
        parent=None,
        *,
        bold: Callable[[Any], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._headers = tuple(column.header for column in self._columns)
        self._bold = bold
        self._rows: list[Any] = []
        self._texts: list[tuple[str, ...]] = []
        self._tips: list[tuple[str | None, ...]] = []
        self._stressed: list[bool] = []
        self._bold_font = QFont()
        self._bold_font.setBold(True)

    # -- what panes call -------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = [tuple(c.text(row) for c in self._columns) for row in self._rows]
        self._tips = [
            tuple(c.tooltip(row) if c.tooltip else None for c in self._columns)
            for row in self._rows
        ]
        self._stressed = [bool(self._bold and self._bold(row)) for row in self._rows]
        self.endResetModel()

    def headers(self) -> tuple[str, ...]:
        return self._headers

    def find(self, predicate: Callable[[Any], bool]) -> int | None:
        for number, row in enumerate(self._rows):
            if predicate(row):
                return number
        return None

    # -- Qt's contract -----------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[row][column]
        if role == Qt.ItemDataRole.FontRole and self._stressed[row]:
            return self._bold_font
        if role == ROW_ROLE:
            return self._rows[row]
        if role == CONTACT_ID_ROLE:
            return getattr(self._rows[row], "contact_id", None)
        return None

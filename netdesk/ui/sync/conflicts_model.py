"""The Sync Conflicts table: one row per field set aside by a sync."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from netdesk.domain.sync.conflicts import ConflictRow, describe
from netdesk.ui.models.base import Index, ListTableModel
from netdesk.ui.roles import CONTACT_ID_ROLE, ROW_ROLE

_SHOWN = 120  # characters of a value in a cell; the tooltip has all of it


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _SHOWN else line[: _SHOWN - 1] + "…"


class ConflictsModel(ListTableModel):
    HEADERS = ("Contact or record", "Field", "Here (set aside)", "On the server (kept)", "Found")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row: ConflictRow | None = self.row_at(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < len(self.HEADERS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            texts = (
                row.contact_name,
                row.field_name,
                describe(row.field, row.local_value, row.record_kind),
                describe(row.field, row.server_value, row.record_kind),
                row.created_at.strftime("%Y-%m-%d %H:%M") if row.created_at else "",
            )
            text = texts[index.column()]
            return text if role == Qt.ItemDataRole.ToolTipRole else _short(text)
        if role == ROW_ROLE:
            return row
        if role == CONTACT_ID_ROLE:
            return row.contact_id
        return None

    def conflict_at(self, index: QModelIndex) -> ConflictRow | None:
        return self.row_at(index.row()) if index.isValid() else None

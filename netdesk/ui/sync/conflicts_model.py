"""The Sync Conflicts table: one row per field set aside by a sync."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from netdesk.domain.sync.conflicts import ConflictRow, describe
from netdesk.ui.format import medium_date, medium_date_time
from netdesk.ui.models.base import Index, ListTableModel
from netdesk.ui.roles import CONTACT_ID_ROLE, ROW_ROLE

_SHOWN = 120  # characters of a value in a cell; the tooltip has all of it


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _SHOWN else line[: _SHOWN - 1] + "…"


def _found(moment: dt.datetime | None) -> str:
    """When the sync set the value aside (stored in UTC), in local time."""
    if moment is None:
        return ""
    return medium_date_time(moment.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None))


class ConflictsModel(ListTableModel):
    HEADERS = ("Contact or record", "Field", "Here (set aside)", "On the server (kept)", "Found")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row: ConflictRow | None = self.row_at(index.row()) if index.isValid() else None
        if row is None or not 0 <= index.column() < len(self.HEADERS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            name = row.contact_name
            if row.record_day is not None:
                name = f"{name} on {medium_date(row.record_day)}"
            texts = (
                name,
                row.field_name,
                describe(row.field, row.local_value, row.record_kind),
                describe(row.field, row.server_value, row.record_kind),
                _found(row.created_at),
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

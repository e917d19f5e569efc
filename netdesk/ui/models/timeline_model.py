"""A contact's interactions as a table, newest first.

The pane loads the whole timeline once (one query, see
``netdesk.domain.timeline``) and hands the entries over; ``data`` only reads
that list.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt

from netdesk.ui.format import ago, medium_date
from netdesk.ui.models.base import HeaderedTableModel, Index, OneCallPerCell
from netdesk.ui.roles import ROW_ROLE

if TYPE_CHECKING:
    from netdesk.domain.timeline import TimelineEntry


def long_date(day: dt.date) -> str:
    """The locale's medium date ("12 Mar 2025")."""
    return medium_date(day)


class TimelineModel(OneCallPerCell, HeaderedTableModel):
    DATE, KIND, NOTE = range(3)
    HEADERS = ("Date", "What", "Note")
    ANSWERED_ROLES = frozenset(
        {int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole), int(ROW_ROLE)}
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._entries: list[TimelineEntry] = []
        self._today = dt.date.today()

    def set_entries(self, entries: list[TimelineEntry], today: dt.date | None = None) -> None:
        """Show these entries (given oldest first, as the domain keeps them)."""
        self.beginResetModel()
        self._entries = list(reversed(entries))
        self._today = today or dt.date.today()
        self.endResetModel()

    def entry_at(self, row: int) -> TimelineEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_of(self, interaction_id: int) -> int | None:
        for row, entry in enumerate(self._entries):
            if entry.id == interaction_id:
                return row
        return None

    # -- Qt's contract -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entry_at(index.row())
        if entry is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.DATE:
                return long_date(entry.occurred_on)
            if column == self.KIND:
                return entry.label
            if column == self.NOTE:
                return self._note(entry)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.DATE:
                return ago(entry.occurred_on, self._today)
            if column == self.KIND and entry.referral_id is not None:
                return "Part of a referral: the context menu moves it along"
            if column == self.NOTE:
                return self._note(entry) or None
            return None
        if role == ROW_ROLE:
            return entry
        return None

    @staticmethod
    def _note(entry: TimelineEntry) -> str:
        if entry.event_name and entry.note:
            return f"{entry.note} · at {entry.event_name}"
        if entry.event_name:
            return f"at {entry.event_name}"
        return entry.note

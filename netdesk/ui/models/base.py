"""What every flat, read-only table model of netdesk shares.

``HeaderedTableModel`` answers Qt's column count, header and flags from the
column titles; ``ListTableModel`` adds rows held as a plain list that is
replaced in one reset. Subclasses say what each cell shows in ``data``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex


class HeaderedTableModel(QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()

    def headers(self) -> Sequence[str]:
        """The column titles; ``HEADERS`` unless a model builds its columns at run time."""
        return self.HEADERS

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        headers = self.headers()
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(headers)
        ):
            return headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class OneCallPerCell:
    """Mix into a table model (before its Qt class) that a view paints often.

    A paint asks each cell for seven roles (text, icon, font, alignment, colours,
    check state); Qt's own ``multiData`` asks ``data`` once for each, seven calls
    into Python a cell. Here it is one, and only ``ANSWERED_ROLES`` reach ``data``.
    ``flags`` is Qt's own (enabled, selectable): one written in Python would be
    called for every cell too.
    """

    ANSWERED_ROLES: frozenset[int] = frozenset({int(Qt.ItemDataRole.DisplayRole)})

    flags = QAbstractTableModel.flags

    def multiData(self, index: Index, roles: QModelRoleDataSpan) -> None:
        answered = self.ANSWERED_ROLES
        for role_data in roles:
            role = role_data.role()
            if role in answered:
                role_data.setData(self.data(index, role))
            else:
                role_data.clearData()


class ListTableModel(HeaderedTableModel):
    """Rows held as a list of domain objects, replaced in one reset by ``set_rows``."""

    def __init__(self, parent=None, rows: Sequence | None = None) -> None:
        super().__init__(parent)
        self._rows: list = list(rows or [])

    def set_rows(self, rows: Sequence) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list:
        return list(self._rows)

    def row_at(self, row: int) -> Any | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

"""The import preview's column table: what each CSV column became, and mapping one by hand.

``ColumnMappingModel`` shows one row per column of a CSV (its header, an
example value, the field it is imported as, and how netdesk knew: by its
header, by a word in it, by its values, or by hand). The "Imported as" cell
is editable: ``FieldChoiceDelegate`` offers the fields in a combo box, and a
choice made there emits ``mapping_changed`` with the new ``ColumnMap``; the
dialog then reads the file again that way.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from netdesk.domain.importers.columns import (
    BY_HAND,
    FIELD_WORDS,
    HOW_WORDS,
    PHONE,
    ColumnMap,
    ColumnRole,
)
from netdesk.ui.models.base import HeaderedTableModel, Index

# what a person can pick for a column: every field, a phone with each common label
CHOICES: tuple[tuple[str, str], ...] = tuple(
    [(name, "") for name in FIELD_WORDS if name != PHONE]
    + [(PHONE, ""), (PHONE, "mobile"), (PHONE, "work"), (PHONE, "home"), (PHONE, "work fax")]
)
# the (field, label) of a cell, for the editor
CHOICE_ROLE = Qt.ItemDataRole.UserRole + 40


def choice_words(field: str, label: str) -> str:
    return ColumnRole(field, label).words


class ColumnMappingModel(HeaderedTableModel):
    """One row per column of one CSV file; "Imported as" is editable."""

    COLUMN, EXAMPLE, FIELD, HOW = range(4)
    HEADERS = ("Column", "Example", "Imported as", "How netdesk knew")

    mapping_changed = Signal(object)  # the new ColumnMap

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns: ColumnMap | None = None
        self._examples: list[str] = []

    def set_columns(self, columns: ColumnMap | None, samples: list[list[str]]) -> None:
        self.beginResetModel()
        self._columns = columns
        width = len(columns.roles) if columns is not None else 0
        self._examples = [
            next((row[i].strip() for row in samples if i < len(row) and row[i].strip()), "")
            for i in range(width)
        ]
        self.endResetModel()

    def columns(self) -> ColumnMap | None:
        return self._columns

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._columns is None:
            return 0
        return len(self._columns.roles)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.FIELD:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._columns is None or not index.isValid():
            return None
        if not 0 <= index.row() < len(self._columns.roles):
            return None
        row, column = index.row(), index.column()
        mapped = self._columns.roles[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == self.COLUMN:
                return self._columns.names[row]
            if column == self.EXAMPLE:
                return self._examples[row]
            if column == self.FIELD:
                return mapped.words
            if column == self.HOW:
                return HOW_WORDS.get(mapped.how, mapped.how)
        if role in (Qt.ItemDataRole.EditRole, CHOICE_ROLE) and column == self.FIELD:
            return (mapped.field, mapped.label)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            self._columns is None
            or not index.isValid()
            or index.column() != self.FIELD
            or role != Qt.ItemDataRole.EditRole
            or value not in CHOICES
        ):
            return False
        field, label = value
        row = index.row()
        old = self._columns.roles[row]
        if (old.field, old.label) == (field, label):
            return False
        self._columns = self._columns.with_role(row, ColumnRole(field, label, BY_HAND))
        roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole]
        self.dataChanged.emit(index, index, [*roles, Qt.ItemDataRole.EditRole, CHOICE_ROLE])
        how = self.index(row, self.HOW)
        self.dataChanged.emit(how, how, roles)
        self.mapping_changed.emit(self._columns)
        return True


class FieldChoiceDelegate(QStyledItemDelegate):
    """A combo box of the fields for the "Imported as" cell."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("columnFieldChoice")
        for field, label in CHOICES:
            combo.addItem(choice_words(field, label), (field, label))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        current = index.data(CHOICE_ROLE)
        found = next((i for i, c in enumerate(CHOICES) if c == current), 0)
        editor.setCurrentIndex(found)

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

"""The contact list pane: search as you type, a tag filter, and the table."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain import contacts
from netdesk.domain.contact_list import ContactListQuery
from netdesk.ui.delegates import ScoreBarDelegate
from netdesk.ui.models.contact_table_model import ContactTableModel
from netdesk.ui.roles import CONTACT_ID_ROLE

ALL_TAGS = "All tags"
TRUST_COLOR = QColor("#2e8b57")
ATTENTION_COLOR = QColor("#3b7dd8")


class ContactListPane(QWidget):
    """Emits ``contact_selected`` with the id of the contact under the cursor (or 0)."""

    contact_selected = Signal(int)
    # Enter on a row: open that contact's editor
    contact_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search names, offers, needs, tags, notes…")
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("contactSearch")
        self.tag_filter = QComboBox(self)
        self.tag_filter.setObjectName("tagFilter")
        self.tag_filter.setMinimumContentsLength(12)
        self.tag_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )

        self.model = ContactTableModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("contactTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(ContactTableModel.NAME, Qt.SortOrder.AscendingOrder)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        vertical = self.view.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ContactTableModel.OFFERS, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (ContactTableModel.NAME, 150),
            (ContactTableModel.ORGANISATION, 170),
            (ContactTableModel.TRUST, 86),
            (ContactTableModel.ATTENTION, 86),
            (ContactTableModel.LAST, 100),
        ):
            header.resizeSection(column, width)
        self._trust_delegate = ScoreBarDelegate(TRUST_COLOR, self.view)
        self._attention_delegate = ScoreBarDelegate(ATTENTION_COLOR, self.view)
        self.view.setItemDelegateForColumn(ContactTableModel.TRUST, self._trust_delegate)
        self.view.setItemDelegateForColumn(ContactTableModel.ATTENTION, self._attention_delegate)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.tag_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

        self.reload_tags()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(self.on_filter_changed)
        self.tag_filter.currentIndexChanged.connect(self.on_filter_changed)
        self.view.selectionModel().currentRowChanged.connect(self.on_current_row_changed)
        self.model.modelReset.connect(self.on_model_reset)
        self.view.activated.connect(self.on_row_activated)

    # -- what others call ------------------------------------------------------

    def current_contact_id(self) -> int:
        index = self.view.currentIndex()
        return int(index.data(CONTACT_ID_ROLE) or 0) if index.isValid() else 0

    def select_contact(self, contact_id: int) -> bool:
        row = self.model.row_for_contact(contact_id)
        if row is None:
            return False
        index = self.model.index(row, ContactTableModel.NAME)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        return True

    def select_first(self) -> None:
        if self.model.rowCount():
            self.view.selectRow(0)

    def reload(self, keep_contact: int | None = None) -> None:
        """Reload the rows after a write, keeping the current contact selected if it is there."""
        keep = keep_contact if keep_contact is not None else self.current_contact_id()
        self.reload_tags()
        self.model.invalidate()
        if keep and not self.select_contact(keep):
            self.contact_selected.emit(0)

    def reload_tags(self) -> None:
        current = self.tag_filter.currentText()
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem(ALL_TAGS)
        self.tag_filter.addItems(contacts.all_tags())
        found = self.tag_filter.findText(current)
        self.tag_filter.setCurrentIndex(max(0, found))
        self.tag_filter.blockSignals(False)

    # -- slots -------------------------------------------------------------------

    def on_filter_changed(self) -> None:
        keep = self.current_contact_id()
        tag = self.tag_filter.currentText()
        query = self.model.query
        self.model.set_query(
            ContactListQuery(
                self.search.text(),
                None if tag in ("", ALL_TAGS) else tag,
                query.sort,
                query.descending,
            )
        )
        if keep and not self.select_contact(keep):
            self.select_first()

    def on_model_reset(self) -> None:
        if not self.view.currentIndex().isValid():
            self.contact_selected.emit(0)

    def on_current_row_changed(self, current, previous) -> None:
        self.contact_selected.emit(
            int(current.data(CONTACT_ID_ROLE) or 0) if current.isValid() else 0
        )

    def on_row_activated(self, index) -> None:
        contact_id = int(index.data(CONTACT_ID_ROLE) or 0)
        if contact_id:
            self.contact_activated.emit(contact_id)

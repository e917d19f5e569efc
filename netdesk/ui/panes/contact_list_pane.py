"""The contact list pane: search as you type, a tag filter, and the table."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain import contacts
from netdesk.domain.contact_list import ContactListQuery, row_of_contact
from netdesk.ui.delegates import ATTENTION_COLOR, TRUST_COLOR, score_bar_width
from netdesk.ui.list_cells import ListCells, PaintedTable
from netdesk.ui.models.contact_table_model import ContactTableModel
from netdesk.ui.roles import CONTACT_ID_ROLE
from netdesk.ui.tables import ColumnFit, FixedTitlesHeader, list_keys

ALL_TAGS = "All tags"
SCORE_COLUMN_WIDTH = 78
_COLUMN_WIDTHS = {
    ContactTableModel.NAME: 145,
    ContactTableModel.ORGANISATION: 155,
    ContactTableModel.TRUST: SCORE_COLUMN_WIDTH,
    ContactTableModel.ATTENTION: SCORE_COLUMN_WIDTH,
    ContactTableModel.LAST: 96,
}
# how narrow the list lets a column become before it hides columns (the score
# columns keep their bars whole); Offers stretches over what is left
_LEAST_WIDTHS = {
    ContactTableModel.NAME: 120,
    ContactTableModel.ORGANISATION: 90,
    ContactTableModel.OFFERS: 80,
    ContactTableModel.TRUST: SCORE_COLUMN_WIDTH,
    ContactTableModel.ATTENTION: SCORE_COLUMN_WIDTH,
    ContactTableModel.LAST: 96,
}
# keys the search box hands to the list, so typing and moving never leave the box
_LIST_KEYS = (
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
)


class ContactListPane(QWidget):
    """Emits ``contact_selected`` with the id of the contact under the cursor (or 0)."""

    contact_selected = Signal(int)
    # Enter on a row: open that contact's editor
    contact_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        # short enough to read whole in the list's narrowest width, at any scale
        self.search.setPlaceholderText("Search (Ctrl+F)")
        self.search.setToolTip(
            "Search names, offers, needs, tags and notes as you type (accents optional)"
        )
        self.search.setAccessibleName("Search contacts")
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("contactSearch")
        self.tag_filter = QComboBox(self)
        self.tag_filter.setObjectName("tagFilter")
        self.tag_filter.setMinimumContentsLength(8)
        self.tag_filter.setAccessibleName("Show contacts with the tag")
        self.tag_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )

        self.model = ContactTableModel(self)
        self.view = PaintedTable(self)
        self.view.setObjectName("contactTable")
        self.view.setModel(self.model)
        list_keys(self.view)
        # (after the model: a header set first is handed Qt's empty stand-in model, and
        # PySide builds a class for it, with its enums, to pass it to FixedTitlesHeader)
        self.view.setHorizontalHeader(FixedTitlesHeader(self.view))
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
        # narrow, the list hides its last-contact column, then attention, then trust,
        # rather than scroll sideways
        self.columns = ColumnFit(
            self.view,
            _COLUMN_WIDTHS,
            _LEAST_WIDTHS,
            stretch=ContactTableModel.OFFERS,
            drop=(ContactTableModel.LAST, ContactTableModel.ATTENTION, ContactTableModel.TRUST),
        )
        self.reset_columns()
        # netdesk paints the rows, each text laid out once (a search repaints them all)
        self.cells = ListCells(
            self.model.row_cells,
            {ContactTableModel.TRUST: TRUST_COLOR, ContactTableModel.ATTENTION: ATTENTION_COLOR},
            score_bar_width(SCORE_COLUMN_WIDTH, self.fontMetrics()),
            self.view,
        )
        self.view.set_cells(self.cells)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.tag_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

        self._kept = 0
        self._refiltering = False
        self.reload_tags()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.search.installEventFilter(self)
        self.search.textChanged.connect(self.on_filter_changed)
        self.tag_filter.currentIndexChanged.connect(self.on_filter_changed)
        self.view.selectionModel().currentRowChanged.connect(self.on_current_row_changed)
        self.model.modelAboutToBeReset.connect(self.on_model_about_to_reset)
        self.model.modelReset.connect(self.on_model_reset)
        self.view.horizontalHeader().sortIndicatorChanged.connect(self.on_sort_changed)
        self.view.activated.connect(self.on_row_activated)

    # -- what others call ------------------------------------------------------

    def current_contact_id(self) -> int:
        index = self.view.currentIndex()
        return int(index.data(CONTACT_ID_ROLE) or 0) if index.isValid() else 0

    def select_contact(self, contact_id: int) -> bool:
        row = self.model.row_for_contact(contact_id)
        if row is None:
            return False
        self.select_row(row)
        return True

    def select_first(self) -> None:
        if self.model.rowCount():
            self.select_row(0)

    def select_row(self, row: int) -> None:
        index = self.model.index(row, ContactTableModel.NAME)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)

    def reveal_contact(self, contact_id: int) -> bool:
        """Select a contact, clearing the search and tag filter if they hide it."""
        if self.select_contact(contact_id):
            return True
        if not self.has_filter():
            return False
        unfiltered = ContactListQuery(sort=self.model.query.sort)
        if row_of_contact(unfiltered, contact_id) is None:
            return False  # not a live contact: nothing to reveal
        self.clear_filter()
        return self.select_contact(contact_id)

    def reset_columns(self) -> None:
        """The columns' widths netdesk starts with, fitted to the list's width."""
        self.columns.reset()

    def apply_header_sort(self) -> None:
        """Sort as the header says (after its state was restored from a previous run)."""
        header = self.view.horizontalHeader()
        self.view.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def has_filter(self) -> bool:
        return bool(self.search.text().strip()) or self.tag_filter.currentIndex() > 0

    def clear_filter(self) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.tag_filter.blockSignals(True)
        self.tag_filter.setCurrentIndex(0)
        self.tag_filter.blockSignals(False)
        self.on_filter_changed()

    def reload(self, keep_contact: int | None = None) -> None:
        """Reload the rows after a write, keeping the current contact selected if it is there.

        When that contact left the list (deleted), the row that took its place is selected.
        """
        keep = keep_contact if keep_contact is not None else self.current_contact_id()
        old_row = self.view.currentIndex().row()
        self.reload_tags()
        self.model.invalidate()
        if keep and self.select_contact(keep):
            return
        if old_row >= 0 and self.model.rowCount():
            self.select_row(min(old_row, self.model.rowCount() - 1))
        else:
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the search box, Up/Down move through the list and Enter opens the contact."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in _LIST_KEYS and self.model.rowCount():
                if not self.view.currentIndex().isValid():
                    self.select_first()
                else:
                    QApplication.sendEvent(self.view, event)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current_contact_id():
                self.contact_activated.emit(self.current_contact_id())
                return True
        return super().eventFilter(watched, event)

    def on_filter_changed(self) -> None:
        keep = self.current_contact_id()
        tag = self.tag_filter.currentText()
        query = self.model.query
        # a row is selected right after the new rows arrive: no "nothing selected" between
        self._refiltering = True
        try:
            self.model.set_query(
                ContactListQuery(
                    self.search.text(),
                    None if tag in ("", ALL_TAGS) else tag,
                    query.sort,
                    query.descending,
                )
            )
        finally:
            self._refiltering = False
        # typing: keep the contact if it is still among the first rows, else the first match
        row = self.model.first_page_row_of(keep) if keep else None
        if row is not None:
            self.select_row(row)
        elif self.model.rowCount():
            self.select_row(0)
        else:
            self.contact_selected.emit(0)

    def on_sort_changed(self) -> None:
        """A new order keeps the same contact selected, wherever it moved."""
        if self._kept and not self.current_contact_id():
            self.select_contact(self._kept)

    def on_model_about_to_reset(self) -> None:
        self._kept = self.current_contact_id()

    def on_model_reset(self) -> None:
        if not self._refiltering and not self.view.currentIndex().isValid():
            self.contact_selected.emit(0)

    def on_current_row_changed(self, current, previous) -> None:
        self.contact_selected.emit(
            int(current.data(CONTACT_ID_ROLE) or 0) if current.isValid() else 0
        )

    def on_row_activated(self, index) -> None:
        contact_id = int(index.data(CONTACT_ID_ROLE) or 0)
        if contact_id:
            self.contact_activated.emit(contact_id)

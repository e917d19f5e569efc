"""The contact list as a table model that fetches pages of rows on demand.

``rowCount`` comes from one SQL count; ``data`` reads from a page cache and
asks the domain for a page (``PAGE_SIZE`` rows, filtered and sorted in SQL)
only on a miss, so painting never runs one query per cell. ``set_query``
resets the model; ``invalidate`` marks pages stale after a write.

Search as you type: a new search text fills the model with its first page at
once. When that page is full, more may match: the rest are counted on the next
turn of the event loop (``counting`` until they are), so the list follows each
keystroke and a key typed meanwhile skips a count no one would see. Until then
the list keeps the length it had (at least the page): its scroll bar is not
redrawn twice for one key, and the rows are painted first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QModelRoleDataSpan,
    Qt,
    QTimer,
    Signal,
)

from netdesk.domain import score_cache
from netdesk.domain.contact_list import (
    ContactListQuery,
    ContactRow,
    SortKey,
    count_contacts,
    fetch_contact_page,
    row_of_contact,
    total_contacts,
)
from netdesk.ui.format import ago, medium_date
from netdesk.ui.models.base import HeaderedTableModel, Index
from netdesk.ui.roles import CONTACT_ID_ROLE, ROW_ROLE, SCORE_ROLE

PAGE_SIZE = 100
_MAX_PAGES = 64
_RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

# the roles ``data`` answers, as plain numbers (a paint compares them some thousand
# times); a view asks each cell for several more (font, colours, check state, icon)
# on every paint, and those are turned away before any lookup
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_SCORE, _CONTACT_ID, _ROW = int(SCORE_ROLE), int(CONTACT_ID_ROLE), int(ROW_ROLE)
_ANSWERED_ROLES = frozenset(
    {_DISPLAY, _TOOLTIP, _ACCESSIBLE, _ALIGNMENT, _SCORE, _CONTACT_ID, _ROW}
)


# a row's flags: Qt's own for a table (enabled, selectable, no children), and dragged
# out when sharing gives the model its drag data
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)
_DRAGGABLE_ROW_FLAGS = _ROW_FLAGS | Qt.ItemFlag.ItemIsDragEnabled


class ContactTableModel(HeaderedTableModel):
    """The contact list a page at a time; its columns, titles and flags are
    ``HeaderedTableModel``'s."""

    NAME, ORGANISATION, OFFERS, TRUST, ATTENTION, LAST = range(6)
    HEADERS = ("Name", "Organisation", "Offers", "Trust", "Attention", "Last contact")
    SORT_KEYS = {
        NAME: SortKey.NAME,
        TRUST: SortKey.TRUST,
        ATTENTION: SortKey.ATTENTION,
        LAST: SortKey.LAST_INTERACTION,
    }
    # a search's matches are all counted (after its first page was shown)
    counted = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._query = ContactListQuery()
        self._count = 0
        self._total = 0
        self._pages: dict[int, list[ContactRow]] = {}
        # today's score parameters, read once per reload rather than once per page
        self._view: score_cache.ScoreView | None = None
        # counts the rest of a search's matches after its first page is shown
        self._counter = QTimer(self)
        self._counter.setSingleShot(True)
        self._counter.setInterval(0)
        self._counter.timeout.connect(self.settle)
        self._uncounted = False
        # the data a drag of contacts carries (netdesk.ui.sharing sets it; None: no drag)
        self.drag_data: Callable[[list[int]], QMimeData] | None = None
        self.reload()

    # -- dragging contacts out -------------------------------------------------------

    def flags(self, index: Index) -> Qt.ItemFlag:
        # called for every cell at every paint: constants, no call into Qt
        if not index.isValid():
            return _NO_FLAGS
        return _ROW_FLAGS if self.drag_data is None else _DRAGGABLE_ROW_FLAGS

    def mimeTypes(self) -> list[str]:
        return ["text/vcard", "text/x-vcard", "text/plain", "text/uri-list"]

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData | None:
        ids = list(dict.fromkeys(int(i.data(CONTACT_ID_ROLE) or 0) for i in indexes))
        ids = [cid for cid in ids if cid]
        if not ids or self.drag_data is None:
            return None
        return self.drag_data(ids)

    # -- the query ---------------------------------------------------------------

    @property
    def query(self) -> ContactListQuery:
        return self._query

    @property
    def total(self) -> int:
        """Live contacts in the database, whatever the filter."""
        return self._total

    @property
    def counting(self) -> bool:
        """The first page is shown and the rest of the matches are still to be counted."""
        return self._uncounted

    def set_query(self, query: ContactListQuery) -> None:
        """Show another search, filter or order (the data itself did not change)."""
        if query == self._query:
            return
        self._query = query
        self._uncounted = False
        self._counter.stop()
        self.beginResetModel()
        self._pages.clear()
        if not self._filtered():
            self._count = self._total
        elif query.tag:
            self._count = count_contacts(query)
        else:  # search text: the first page now, the count of the rest next
            first = fetch_contact_page(query, 0, PAGE_SIZE, view=self._view)
            self._pages[0] = first
            if len(first) == PAGE_SIZE:
                # more may match: the list keeps its length, and its scroll bar as it was,
                # until they are counted; the person sees the new first rows sooner
                self._count = max(self._count, PAGE_SIZE)
                self._uncounted = True
                self._counter.start()
            else:
                self._count = len(first)
        self.endResetModel()

    def settle(self) -> None:
        """Count the rest of the matches now, if that is still to be done."""
        if not self._uncounted:
            return
        self._uncounted = False
        self._counter.stop()
        count = count_contacts(self._query)
        if count > self._count:
            self.beginInsertRows(QModelIndex(), self._count, count - 1)
            self._count = count
            self.endInsertRows()
        elif count < self._count:
            self.beginRemoveRows(QModelIndex(), count, self._count - 1)
            self._count = count
            self.endRemoveRows()
        self.counted.emit()

    def reload(self) -> None:
        self._uncounted = False
        self._counter.stop()
        self.beginResetModel()
        self._pages.clear()
        self._view = score_cache.score_view()
        self._total = total_contacts()
        self._count = count_contacts(self._query) if self._filtered() else self._total
        self.endResetModel()

    def _filtered(self) -> bool:
        return bool(self._query.text.strip()) or bool(self._query.tag)

    def invalidate(self) -> None:
        """The data changed: reload counts and rows (row positions may move)."""
        self.reload()

    def row_for_contact(self, contact_id: int) -> int | None:
        self.settle()  # (a row past the first page needs the whole count)
        return row_of_contact(self._query, contact_id)

    def first_page_row_of(self, contact_id: int) -> int | None:
        """The contact's row if it is on the first page (fetching it, as painting would)."""
        self.contact_at(0)
        page = self._pages.get(0, [])
        return next((row for row, item in enumerate(page) if item.id == contact_id), None)

    def contact_at(self, row: int) -> ContactRow | None:
        if not 0 <= row < self._count:
            return None
        page_number, offset = divmod(row, PAGE_SIZE)
        page = self._pages.get(page_number)
        if page is None:
            if len(self._pages) >= _MAX_PAGES:
                self._pages.clear()
            page = fetch_contact_page(
                self._query,
                page_number * PAGE_SIZE,
                PAGE_SIZE,
                matched=None if self._uncounted else self._count,
                view=self._view,
            )
            self._pages[page_number] = page
        return page[offset] if offset < len(page) else None

    # -- Qt's contract -------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = int(role)
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        row = self.contact_at(index.row())
        if row is None:
            return None
        return self._value(row, index.column(), role)

    def multiData(self, index: Index, roles: QModelRoleDataSpan) -> None:
        """Every role a paint asks of one cell (text, alignment, font, colours…) in one
        call: Qt's own ``multiData`` calls ``data`` once per role, seven times a cell."""
        row = self.contact_at(index.row()) if index.isValid() else None
        column = index.column()
        for role_data in roles:
            role = role_data.role()
            if row is not None and role in _ANSWERED_ROLES:
                role_data.setData(self._value(row, column, role))
            else:
                role_data.clearData()

    def cell(self, row: int, column: int) -> tuple[str, float | None] | None:
        """What the list paints in a cell: its text and, in a score column, the score."""
        found = self.row_cells(row, (column,))
        return None if found is None else found[0]

    def row_cells(self, row: int, columns: Sequence[int]) -> list[tuple[str, float | None]] | None:
        """What the list paints in these cells of a row (see ``cell``); None past the
        last row. (A row at a time: the list paints some thirty rows at every key.)"""
        found = self.contact_at(row)
        if found is None:
            return None
        cells: list[tuple[str, float | None]] = []
        for column in columns:
            if column == self.TRUST or column == self.ATTENTION:
                score = self._score(found, column)
                cells.append((f"{score:.0f}", score))
            else:
                cells.append((self._display(found, column) or "", None))
        return cells

    def _value(self, row: ContactRow, column: int, role: int) -> Any:
        if role == _DISPLAY:
            return self._display(row, column)
        if role == _ACCESSIBLE:
            # the bars are drawn: a screen reader hears the score in words
            if column in (self.TRUST, self.ATTENTION):
                return f"{self.HEADERS[column]} {self._score(row, column):.0f} of 100"
            return self._display(row, column)
        if role == _TOOLTIP:
            if column == self.LAST and row.last_interaction_on:
                return medium_date(row.last_interaction_on)
            if column in (self.TRUST, self.ATTENTION):
                return f"{self.HEADERS[column]}: {self._score(row, column):.0f} of 100"
            return None
        if role == _SCORE and column in (self.TRUST, self.ATTENTION):
            return self._score(row, column)
        if role == _CONTACT_ID:
            return row.id
        if role == _ROW:
            return row
        if role == _ALIGNMENT and column in (self.TRUST, self.ATTENTION):
            return _RIGHT_ALIGNED
        return None

    def _score(self, row: ContactRow, column: int) -> float:
        return row.trust if column == self.TRUST else row.attention

    def _display(self, row: ContactRow, column: int) -> str | None:
        if column == self.NAME:
            return row.name
        if column == self.ORGANISATION:
            return row.organisation
        if column == self.OFFERS:
            return row.offers
        if column in (self.TRUST, self.ATTENTION):
            return f"{self._score(row, column):.0f}"
        if column == self.LAST:
            return ago(row.last_interaction_on)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.SORT_KEYS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(ContactListQuery(self._query.text, self._query.tag, key, descending))

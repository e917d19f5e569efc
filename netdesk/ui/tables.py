"""The read-only list tables the panes show: one look, set up in one place.

Every list, table and tree of netdesk moves the way a list does (``list_keys``):
arrows move between rows, Tab leaves the list for the next field, and Enter acts
on the current row and goes no further (so a dialog's default button never
fires with it).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelection,
    QModelIndex,
    QObject,
    QSize,
    Qt,
)
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QHeaderView,
    QTableView,
    QWidget,
)

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def own_viewport(
    view: QAbstractScrollArea, background: QPalette.ColorRole, *, mouse_tracking: bool = False
) -> QWidget:
    """Give ``view`` a viewport made here, set up as Qt sets up the one it makes
    (``background``, and ``mouse_tracking`` for a header), and return it.

    PySide hands Python a widget Qt made only once it has worked out the widget's
    class, and for a plain ``QWidget`` such as a scroll area's viewport that means
    trying every widget class of QtWidgets, building each one's enums on the way:
    20 to 30 ms, once a process. A viewport made in Python is known already, so a
    view whose viewport netdesk watches or paints at the start keeps that off it.
    """
    viewport = QWidget(view)
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setBackgroundRole(background)
    viewport.setAutoFillBackground(True)
    viewport.setMouseTracking(mouse_tracking)
    view.setViewport(viewport)
    return viewport


class _EnterActivates(QObject):
    """Enter on a row emits the view's ``activated`` and stops there."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ENTER
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and isinstance(watched, QAbstractItemView)
            and watched.state() != QAbstractItemView.State.EditingState
        ):
            index = watched.currentIndex()
            if index.isValid():
                watched.activated.emit(index)
            return True
        return super().eventFilter(watched, event)


def list_keys(view: QAbstractItemView) -> QAbstractItemView:
    """Tab leaves ``view`` (arrows move between its rows); Enter activates the current row
    and is not passed on to the dialog or window around it."""
    view.setTabKeyNavigation(False)
    view.installEventFilter(_EnterActivates(view))
    return view


def list_table(model: QAbstractItemModel, name: str, parent: QWidget) -> QTableView:
    """A table of whole-row, single selection, not editable, compact rows, no grid."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    list_keys(view)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setHighlightSections(False)
    return view


class FixedTitlesHeader(QHeaderView):
    """A column header whose titles never change, measured once.

    A model reset makes ``QHeaderView`` forget its size hint, and the table asks
    for it again on its next layout: measuring the titles' text again each time.
    For a list that is reset at every keystroke of a search, that measuring was a
    fifth of the keystroke. The titles are measured again when the font, the
    style or the titles change.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        # (its viewport is watched from the start: see ``own_viewport``)
        own_viewport(self, QPalette.ColorRole.Button, mouse_tracking=True)
        self._hint: QSize | None = None
        self.sectionCountChanged.connect(self._forget)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self._forget()
        if model is not None:
            model.headerDataChanged.connect(self._forget)

    def reset(self) -> None:
        """The model was reset: the columns, their titles and widths are as they were
        (the titles never change), so nothing is laid out or repainted again."""
        model = self.model()
        if model is None or model.columnCount() != self.count():
            super().reset()

    # the table's current cell and selection show in its header only as highlighted
    # sections: without them, a new current row (a search's every key) repaints nothing

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self.highlightSections():
            super().currentChanged(current, previous)

    def selectionChanged(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        if self.highlightSections():
            super().selectionChanged(selected, deselected)

    def sizeHint(self) -> QSize:
        if self._hint is None:
            self._hint = super().sizeHint()
        return QSize(self._hint)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._forget()
        super().changeEvent(event)

    def _forget(self, *_args) -> None:
        self._hint = None


class ColumnFit(QObject):
    """A table's columns fitted to its width, so the list never scrolls sideways for
    its own columns.

    Each column has the width it starts with and the least it may shrink to; one
    column stretches over what is left (never below its least). When the view is too
    narrow for all of them at their starting widths, the shrinkable ones give up
    width in proportion, and if that is not enough the columns of ``drop`` hide, first
    to last, until the rest fits; widening the view brings them back. Once a person
    drags a column's edge the widths are theirs (``by_hand``, remembered with the
    window) until ``reset``.
    """

    def __init__(
        self,
        view: QTableView,
        widths: dict[int, int],
        least: dict[int, int],
        *,
        stretch: int,
        drop: tuple[int, ...] = (),
    ) -> None:
        super().__init__(view)
        self._view = view
        self._widths = widths
        self._least = least
        self._stretch = stretch
        self._drop = drop
        self.by_hand = False
        self._dragging = False
        header = view.horizontalHeader()
        header.sectionResized.connect(self._resized)
        self._viewport = view.viewport()
        header.viewport().installEventFilter(self)
        self._viewport.installEventFilter(self)

    def set_by_hand(self, by_hand: bool) -> None:
        self.by_hand = by_hand
        self.fit()

    def reset(self) -> None:
        """The starting widths again, fitted to the view."""
        self.by_hand = False
        header = self._view.horizontalHeader()
        for column in self._drop:
            header.showSection(column)
        self.fit(force=True)

    def plan(self, available: int) -> tuple[dict[int, int], set[int]]:
        """The widths of the shown columns (the stretching one aside) and the hidden
        columns, for a view ``available`` pixels wide."""
        for count in range(len(self._drop) + 1):
            hidden = set(self._drop[:count])
            widths = {c: w for c, w in self._widths.items() if c not in hidden}
            excess = sum(widths.values()) + self._least[self._stretch] - available
            if excess <= 0:
                return widths, hidden
            room = {c: w - self._least.get(c, w) for c, w in widths.items()}
            if sum(room.values()) >= excess:
                share = excess / sum(room.values())
                return {c: w - round(room[c] * share) for c, w in widths.items()}, hidden
        least = {c: self._least.get(c, w) for c, w in widths.items()}
        return least, hidden

    def fit(self, *, force: bool = False) -> None:
        if self.by_hand and not force:
            return
        available = self._viewport.width()
        if available <= 0:
            return
        widths, hidden = self.plan(available)
        header = self._view.horizontalHeader()
        for column in self._drop:
            header.setSectionHidden(column, column in hidden)
        for column, width in widths.items():
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._viewport:
            if kind == QEvent.Type.Resize:
                self.fit()
        elif kind == QEvent.Type.MouseButtonPress:
            self._dragging = True
        elif kind == QEvent.Type.MouseButtonRelease:
            self._dragging = False
        return False

    def _resized(self, column: int, _old: int, _new: int) -> None:
        if self._dragging and column != self._stretch:
            self.by_hand = True


def preview_table(model: QAbstractItemModel, name: str, parent: QWidget, widths) -> QTableView:
    """An import preview's table: whole rows, not editable, one line a row, the columns
    ``widths`` wide (the person can widen them) and the last one stretched."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    list_keys(view)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    vertical = view.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    return view

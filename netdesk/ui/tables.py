"""The read-only list tables the panes show: one look, set up in one place.

Every list, table and tree of netdesk moves the way a list does (``list_keys``):
arrows move between rows, Tab leaves the list for the next field, and Enter acts
on the current row and goes no further (so a dialog's default button never
fires with it).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


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
        self._hint: QSize | None = None
        self.sectionCountChanged.connect(self._forget)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self._forget()
        if model is not None:
            model.headerDataChanged.connect(self._forget)

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

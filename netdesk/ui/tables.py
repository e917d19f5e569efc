"""The read-only list tables the panes show: one look, set up in one place."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


def list_table(model: QAbstractItemModel, name: str, parent: QWidget) -> QTableView:
    """A table of whole-row, single selection, not editable, compact rows, no grid."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
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

"""What Qt's own widgets take to show the same rows: reported beside the query floors.

The search and the check-in picker are judged against the floor of their
queries (SQL alone). The person also waits for the rows to be painted, and
painting is work the query floor does not do. These floors measure that part
on its own, with Qt's stock widgets and no query at all: the same rows,
already in memory, shown by a plain ``QTableView`` (the search) or a
``QCompleter``'s popup (the picker), at the same size, in the same
application (style, font, screen), keys typed into a ``QLineEdit`` and timed
by the same ``PaintClock`` to the repaint's end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSize, QStringListModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tests.benchmarks.paint_clock import PaintClock

_DISPLAY = Qt.ItemDataRole.DisplayRole


class _Rows(QAbstractTableModel):
    """Rows of text, swapped whole (a model reset), as a search's page is."""

    def __init__(self, headers: Sequence[str]) -> None:
        super().__init__()
        self.headers = list(headers)
        self.rows: list[Sequence[str]] = []

    def show(self, rows: list[Sequence[str]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY:
            return self.rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


def _typed(
    edit: QLineEdit,
    clock: PaintClock,
    texts: Sequence[tuple[str, bool]],
    painted: Callable[[], QWidget],
    key_target: Callable[[], QWidget],
) -> list[float]:
    """Seconds from each key to ``painted()`` repainted, typing ``texts`` (as
    ``typed_texts`` gives them: the field's text after the key, whether it starts anew)."""
    samples = []
    for text, fresh in texts:
        if fresh and edit.text():
            clock.measure(lambda: edit.setText(""), painted=None)
        seen, _ = clock.measure(lambda t=text: QTest.keyClick(key_target(), t[-1]), painted())
        if edit.text() != text:
            raise RuntimeError(f"the field shows {edit.text()!r}, not {text!r}")
        samples.append(seen)
    return samples


def table_floor(
    pages: dict[str, list[Sequence[str]]],
    texts: Sequence[tuple[str, bool]],
    *,
    headers: Sequence[str],
    column_widths: Sequence[int],
    row_height: int,
    viewport: QSize,
    warm_up: Sequence[tuple[str, bool]] = (),
) -> list[float]:
    """Seconds from each key typed in a field to a plain ``QTableView`` under it
    repainted with ``pages[text]``: Qt's own table, with the list's columns, row height
    and viewport size."""
    app = QApplication.instance()
    window = QWidget()
    layout = QVBoxLayout(window)
    edit = QLineEdit()
    view = QTableView()
    layout.addWidget(edit)
    layout.addWidget(view)
    model = _Rows(headers)
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(row_height)
    for column, width in enumerate(column_widths):
        view.setColumnWidth(column, width)

    def changed(text: str) -> None:
        model.show(pages.get(text, []))
        if model.rows:
            view.setCurrentIndex(model.index(0, 0))

    edit.textChanged.connect(changed)
    window.show()
    app.processEvents()
    # the viewport as large as the list's
    now = view.viewport().size()
    window.resize(
        window.width() + viewport.width() - now.width(),
        window.height() + viewport.height() - now.height(),
    )
    clock = PaintClock(window)
    clock.measure(lambda: None, painted=None)
    edit.setFocus()
    try:
        _typed(edit, clock, warm_up, view.viewport, lambda: edit)
        return _typed(edit, clock, texts, view.viewport, lambda: edit)
    finally:
        window.close()
        window.deleteLater()


def completer_floor(
    shown: dict[str, list[str]],
    texts: Sequence[tuple[str, bool]],
    *,
    size: QSize,
    visible_rows: int,
) -> list[float]:
    """Seconds from each key typed in a field to a ``QCompleter``'s popup under it
    repainted with ``shown[text]``: Qt's own suggestion list, in a window of ``size``."""
    app = QApplication.instance()
    window = QWidget()
    layout = QVBoxLayout(window)
    edit = QLineEdit()
    layout.addWidget(edit)
    layout.addStretch()
    model = QStringListModel()
    completer = QCompleter(model, edit)
    completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
    completer.setMaxVisibleItems(visible_rows)
    completer.setWidget(edit)
    popup = completer.popup()

    def changed(text: str) -> None:
        model.setStringList(shown.get(text, []))
        if text and model.rowCount():
            completer.complete()
        else:
            popup.hide()

    edit.textChanged.connect(changed)
    window.resize(size)
    window.show()
    app.processEvents()
    clock = PaintClock(window)
    clock.measure(lambda: None, painted=None)
    edit.setFocus()

    def key_target() -> QWidget:
        # an open popup takes the keys and hands them to the field, as in any app
        return popup if popup.isVisible() else edit

    try:
        return _typed(edit, clock, texts, popup.viewport, key_target)
    finally:
        window.close()
        window.deleteLater()

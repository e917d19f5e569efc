"""The contact list, painted by netdesk rather than cell by cell by the style.

The contact list is the most painted view of netdesk: every key typed in the
search box repaints a screenful of it, two hundred-odd cells. Qt's table asks
its delegate to paint each cell, and the style lays each text out twice (once
to size the cell's parts, once to draw it), then elides and shapes it: most of
a keystroke's time. ``PaintedTable`` paints its plain rows itself, in one pass
(``ListCells.paint_rows``): the same picture (the alternate rows' background,
each text elided at the right, or aligned right after its score's bar) from
text laid out once and kept (``QStaticText``), so a name, an organisation or a
score seen before is drawn without laying it out again. The selected row and
the current one (with the highlight and focus frame) are left to the table and
the style, through ``ListCells``' ``paint`` as the table's delegate, which
paints a cell as the style would.

What a row's cells show comes from the model's ``row_cells`` (each a text and,
in a score column, the score), one call a row; the model answers every other
role (tooltips, the words a screen reader speaks) as before.

Nothing here touches ``QStyle`` from Python: PySide builds its enums (some
milliseconds) on first use, and the list paints before anything else needs them.
What the style would be asked (the cells' margin) is measured through the base
delegate, in C++.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QRegion,
    QStaticText,
)
from PySide6.QtWidgets import (
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from netdesk.ui.delegates import draw_bar
from netdesk.ui.tables import own_viewport

# a cell's text and, in a score column, its score (0-100)
Cell = tuple[str, float | None]
# a row's cells in these columns, or None past the last row
RowCells = Callable[[int, Sequence[int]], Sequence[Cell] | None]

# laid-out texts kept: a few screens of names, organisations and offers
_KEPT_TEXTS = 4000
_BAR_HEIGHT = 8
# the margin every built-in style keeps around a cell's text (a focus frame's and a
# pixel), until the list's own style is measured from a cell with text
_QT_MARGIN = 3


class ListCells(QStyledItemDelegate):
    """Paints the cells of a list from ``row_cells(row, columns)``: its plain rows all
    at once (``paint_rows``), and, as the list's delegate, any one cell (``paint``). The
    columns of ``scores`` (column -> colour) show the score as a bar, ``bar_width``
    wide, with its number aligned right."""

    def __init__(
        self,
        row_cells: RowCells,
        scores: dict[int, QColor],
        bar_width: int,
        view: QTableView,
    ) -> None:
        super().__init__(view)
        self._row_cells = row_cells
        self._scores = scores
        self._bar_width = bar_width
        self._view = view
        # (text, width, aligned right) -> the text elided to the width and laid out, its width
        self._texts: dict[tuple[str, int, bool], tuple[QStaticText, float]] = {}
        self._bars: dict[tuple[int, int, float], QPixmap] = {}
        # the cells' font (the list's), its line height, and the style's margin around text
        self._font: QFont | None = None
        self._metrics = QFontMetrics(QFont())
        self._exact = QFontMetricsF(QFont())
        self._line_height = 0
        self._margin: int | None = None

    def forget(self) -> None:
        """Lay out and draw again (the font, palette or style changed)."""
        self._texts.clear()
        self._bars.clear()
        self._font = None
        self._margin = None

    # -- the plain rows, all at once ---------------------------------------------------

    def styled_rows(self) -> set[int]:
        """The rows the style paints: the selected ones and the current one."""
        view = self._view
        rows = {index.row() for index in view.selectionModel().selectedIndexes()}
        current = view.currentIndex()
        if current.isValid():
            rows.add(current.row())
        return rows

    def paint_rows(self, painter: QPainter, area: QRect, skip: set[int]) -> None:
        """Paint the list's rows inside ``area`` (of its viewport), but ``skip``."""
        view = self._view
        model = view.model()
        rows = model.rowCount()
        first = view.rowAt(area.top())
        if first < 0 or not rows:
            return
        last = view.rowAt(area.bottom())
        last = rows - 1 if last < 0 else last
        self._know_font(view.font())
        group = _color_group(view)
        palette = view.palette()
        text_color = palette.color(group, QPalette.ColorRole.Text)
        alternate: QBrush | None = (
            palette.brush(group, QPalette.ColorRole.AlternateBase)
            if view.alternatingRowColors()
            else None
        )
        columns = [
            (column, view.columnViewportPosition(column), view.columnWidth(column))
            for column in range(model.columnCount())
            if not view.isColumnHidden(column)
        ]
        columns = [
            (column, left, width)
            for column, left, width in columns
            if width > 0 and left < area.right() + 1 and left + width > area.left()
        ]
        if not columns:
            return
        span_left = columns[0][1]
        span_width = columns[-1][1] + columns[-1][2] - span_left
        numbers = [column for column, _, _ in columns]
        scale = painter.device().devicePixelRatioF()
        painter.setPen(text_color)
        for row in range(first, last + 1):
            if row in skip:
                continue
            top = view.rowViewportPosition(row)
            height = view.rowHeight(row)
            if alternate is not None and row % 2:
                painter.fillRect(span_left, top, span_width, height, alternate)
            cells = self._row_cells(row, numbers)
            if cells is None:
                continue
            for (column, left, width), (text, score) in zip(columns, cells, strict=True):
                self._paint_cell(painter, left, top, width, height, column, text, score, scale)

    # -- one cell, as the list's delegate ------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        found = self._row_cells(index.row(), (index.column(),))
        if found is None:
            return
        text, score = found[0]
        self._know_font(option.font)
        if self._margin is None and text:
            self._margin = self._style_margin(option, index, text)
        # the style's background, highlight, text colour and focus frame; the bar on top
        super().paint(painter, option, index)
        if score is not None:
            rect = option.rect
            scale = painter.device().devicePixelRatioF()
            self._draw_bar(
                painter, rect.left(), rect.top(), rect.height(), score, index.column(), scale
            )

    # -- drawing -----------------------------------------------------------------------

    def _paint_cell(
        self,
        painter: QPainter,
        left: int,
        top: int,
        width: int,
        height: int,
        column: int,
        text: str,
        score: float | None,
        scale: float,
    ) -> None:
        margin = _QT_MARGIN if self._margin is None else self._margin
        inner = width - 2 * margin
        if score is not None:
            self._draw_bar(painter, left, top, height, score, column, scale)
            inner -= self._bar_width + 2 * margin
        if not text or inner <= 0:
            return
        laid, text_width = self._laid_out(text, inner, right=score is not None)
        text_top = top + (height - self._line_height) // 2
        if score is None:
            painter.drawStaticText(left + margin, text_top, laid)
        else:  # (where the style puts it: at a fraction of a pixel)
            painter.drawStaticText(QPointF(left + width - margin - text_width, text_top), laid)

    def _draw_bar(
        self,
        painter: QPainter,
        left: int,
        top: int,
        height: int,
        score: float,
        column: int,
        scale: float,
    ) -> None:
        color = self._scores[column]
        key = (round(max(0.0, min(100.0, score))), color.rgba(), scale)
        bar = self._bars.get(key)
        if bar is None:
            bar = QPixmap(round(self._bar_width * scale), round(_BAR_HEIGHT * scale))
            bar.setDevicePixelRatio(scale)
            bar.fill(Qt.GlobalColor.transparent)
            bar_painter = QPainter(bar)
            # (a rect whose centre row is the bar's: draw_bar centres it there)
            draw_bar(
                bar_painter,
                QRect(0, 1, self._bar_width, _BAR_HEIGHT),
                key[0],
                color,
                self._view.palette(),
            )
            bar_painter.end()
            self._bars[key] = bar
        margin = _QT_MARGIN if self._margin is None else self._margin
        painter.drawPixmap(left + margin, top + (height - _BAR_HEIGHT) // 2, bar)

    # -- what is kept ------------------------------------------------------------------

    def _know_font(self, font: QFont) -> None:
        if self._font is None or font != self._font:
            self._texts.clear()
            self._font = QFont(font)
            self._metrics = QFontMetrics(self._font)
            self._exact = QFontMetricsF(self._font)
            self._line_height = self._metrics.height()

    def _style_margin(self, option: QStyleOptionViewItem, index: QModelIndex, text: str) -> int:
        """The style's margin on each side of a cell's text: what its size hint for
        ``text`` adds to the text's width."""
        hint = super().sizeHint(option, index).width()
        return max(0, round((hint - QFontMetricsF(option.font).horizontalAdvance(text)) / 2))

    def _laid_out(self, text: str, width: int, *, right: bool) -> tuple[QStaticText, float]:
        key = (text, width, right)
        found = self._texts.get(key)
        if found is None:
            if len(self._texts) >= _KEPT_TEXTS:
                self._texts.clear()
            if self._exact.horizontalAdvance(text) > width:  # (measuring is cheaper than eliding)
                text = self._metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
            laid = QStaticText(text)
            laid.setTextFormat(Qt.TextFormat.PlainText)
            laid.prepare(font=self._font)
            found = self._texts[key] = (laid, laid.size().width())
        return found


def _color_group(view: QWidget) -> QPalette.ColorGroup:
    if not view.isEnabled():
        return QPalette.ColorGroup.Disabled
    if not view.isActiveWindow():
        return QPalette.ColorGroup.Inactive
    return QPalette.ColorGroup.Normal


_LOOK_CHANGES = (
    QEvent.Type.PaletteChange,
    QEvent.Type.FontChange,
    QEvent.Type.StyleChange,
)


class PaintedTable(QTableView):
    """A table whose plain rows ``cells`` paints in one pass; the selected and current
    rows (and everything, right to left) the table paints as Qt's own does."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # (painted from the start: see ``own_viewport``)
        own_viewport(self, QPalette.ColorRole.Base)
        self.cells: ListCells | None = None

    def set_cells(self, cells: ListCells) -> None:
        self.cells = cells
        self.setItemDelegate(cells)

    def changeEvent(self, event: QEvent) -> None:
        # what the cells keep is drawn in the table's palette (the bars' track), font
        # and style (the margins)
        if self.cells is not None and event.type() in _LOOK_CHANGES:
            self.cells.forget()
            self.viewport().update()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        cells = self.cells
        if cells is None or self.isRightToLeft() or self.itemDelegate() is not cells:
            super().paintEvent(event)
            return
        area = event.rect()
        styled = cells.styled_rows()
        painter = QPainter(self.viewport())
        cells.paint_rows(painter, area, styled)
        painter.end()
        width = self.viewport().width()
        left = QRegion()
        for row in styled:
            rect = QRect(0, self.rowViewportPosition(row), width, self.rowHeight(row))
            left += rect.intersected(area)
        if not left.isEmpty():
            super().paintEvent(QPaintEvent(left))

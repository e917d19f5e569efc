"""The contact list's cells, painted by netdesk rather than by the style.

The contact list is the most painted view of netdesk: every key typed in the
search box repaints a screenful of it, a hundred-odd cells. Qt's style paints a
cell by laying out its text twice (once to size the cell's parts, once to draw
it), then eliding and shaping it: most of a keystroke's time. ``ListCellDelegate``
paints the same picture (the text elided at the right, or aligned right after
the score's bar) from text laid out once and kept (``QStaticText``), so a name,
an organisation or a score seen before is drawn without laying it out again.
The selected row (a cell or two of a paint) is left to the style, with its
highlight and focus frame.

What a cell shows comes from the model's ``cell`` (text, score or ``None``),
one call a cell; the model answers every other role (tooltips, the words a
screen reader speaks) as before.

Nothing here touches ``QStyle`` from Python: PySide builds its enums (some
milliseconds) on first use, and the list paints before anything else needs them.
What the style would be asked (the cells' margin) is measured through the base
delegate, in C++.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPointF, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPalette,
    QPixmap,
    QStaticText,
)
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QStyleOptionViewItem

from netdesk.ui.delegates import draw_bar

# a cell's text and, in a score column, its score (0-100)
Cell = tuple[str, float | None]

# laid-out texts kept: a few screens of names, organisations and offers
_KEPT_TEXTS = 4000
_BAR_HEIGHT = 8
# the margin every built-in style keeps around a cell's text (a focus frame's and a
# pixel), until the list's own style is measured from a cell with text
_QT_MARGIN = 3


class ListCellDelegate(QStyledItemDelegate):
    """Paints every cell of ``view`` from ``cell(row, column)``; the columns of
    ``scores`` (column -> colour) show the score as a bar, ``bar_width`` wide, with
    its number aligned right."""

    def __init__(
        self,
        cell: Callable[[int, int], Cell | None],
        scores: dict[int, QColor],
        bar_width: int,
        view: QAbstractItemView,
    ) -> None:
        super().__init__(view)
        self._cell = cell
        self._scores = scores
        self._bar_width = bar_width
        self._view = view
        # (text, width, aligned right) -> the text elided to the width and laid out, its width
        self._texts: OrderedDict[tuple[str, int, bool], tuple[QStaticText, float]] = OrderedDict()
        self._bars: dict[tuple[int, int, float], QPixmap] = {}
        # the cells' font (the list's), its line height, and the style's margin around text
        self._font: QFont | None = None
        self._metrics = QFontMetrics(QFont())
        self._line_height = 0
        self._margin: int | None = None
        # what a paint of the list shares, read as it begins (``_PaintBegins``)
        self._text_color = QColor()
        self._selected_rows: set[int] = set()
        view.viewport().installEventFilter(_PaintBegins(self, view))

    def forget(self) -> None:
        """Lay out and draw again (the font, palette or style changed)."""
        self._texts.clear()
        self._bars.clear()
        self._font = None
        self._margin = None

    def paint_begins(self, view: QAbstractItemView) -> None:
        """The list is about to paint: the text's colour and the selected rows."""
        group = QPalette.ColorGroup.Normal
        if not view.isEnabled():
            group = QPalette.ColorGroup.Disabled
        elif not view.isActiveWindow():
            group = QPalette.ColorGroup.Inactive
        self._text_color = view.palette().color(group, QPalette.ColorRole.Text)
        selection = view.selectionModel()
        self._selected_rows = (
            {index.row() for index in selection.selectedIndexes()} if selection else set()
        )

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row = index.row()
        found = self._cell(row, index.column())
        if found is None:
            return
        text, score = found
        if self._font is None:
            self._font = QFont(option.font)
            self._metrics = QFontMetrics(self._font)
            self._line_height = self._metrics.height()
        if self._margin is None and text:
            self._margin = self._style_margin(option, index, text)
        rect = option.rect
        margin = _QT_MARGIN if self._margin is None else self._margin
        if row in self._selected_rows:
            # the style's highlight, text colour and focus frame; the bar on top
            super().paint(painter, option, index)
            if score is not None:
                self._draw_bar(painter, rect, score, index.column())
            return
        inner = rect.width() - 2 * margin
        if score is not None:
            self._draw_bar(painter, rect, score, index.column())
            inner -= self._bar_width + 2 * margin
        if text and inner > 0:
            laid, width = self._laid_out(text, inner, right=score is not None)
            top = rect.top() + (rect.height() - self._line_height) // 2
            painter.setPen(self._text_color)
            if score is None:
                painter.drawStaticText(rect.left() + margin, top, laid)
            else:  # (where the style puts it: at a fraction of a pixel)
                painter.drawStaticText(QPointF(rect.right() + 1 - margin - width, top), laid)

    # -- what is kept ------------------------------------------------------------------

    def _style_margin(self, option: QStyleOptionViewItem, index: QModelIndex, text: str) -> int:
        """The style's margin on each side of a cell's text: what its size hint for
        ``text`` adds to the text's width."""
        hint = super().sizeHint(option, index).width()
        return max(0, round((hint - QFontMetricsF(self._font).horizontalAdvance(text)) / 2))

    def _laid_out(self, text: str, width: int, *, right: bool) -> tuple[QStaticText, float]:
        key = (text, width, right)
        found = self._texts.get(key)
        if found is not None:
            self._texts.move_to_end(key)
            return found
        laid = QStaticText(self._metrics.elidedText(text, Qt.TextElideMode.ElideRight, width))
        laid.setTextFormat(Qt.TextFormat.PlainText)
        laid.prepare(font=self._font)
        found = self._texts[key] = (laid, laid.size().width())
        if len(self._texts) > _KEPT_TEXTS:
            self._texts.popitem(last=False)
        return found

    def _draw_bar(self, painter: QPainter, rect: QRect, score: float, column: int) -> None:
        scale = painter.device().devicePixelRatioF()
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
        painter.drawPixmap(
            rect.left() + margin, rect.top() + (rect.height() - _BAR_HEIGHT) // 2, bar
        )


class _PaintBegins(QObject):
    """Tells the delegate a paint of the list's viewport begins."""

    def __init__(self, delegate: ListCellDelegate, view: QAbstractItemView) -> None:
        super().__init__(delegate)
        self._delegate = delegate
        self._view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._delegate.paint_begins(self._view)
        return False

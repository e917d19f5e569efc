"""The contact list's cells, painted by netdesk rather than by the style.

The contact list is the most painted view of netdesk: every key typed in the
search box repaints a screenful of it, a hundred-odd cells. Qt's style paints a
cell by laying out its text twice (once to size the cell's parts, once to draw
it), then eliding and shaping it: most of a keystroke's time. ``ListCellDelegate``
paints the same cell (the row's background, the text elided at the right or
aligned right, the score bar before the number) from text laid out once and
kept (``QStaticText``), so a name, an organisation or a score seen before is
drawn without laying it out again.

What the cell shows comes from the model's ``cell`` (text, score or ``None``),
one call a cell; the model answers every other role (tooltips, the words a
screen reader speaks) as before.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPixmap,
    QStaticText,
)
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionFocusRect,
    QStyleOptionViewItem,
    QWidget,
)

from netdesk.ui.delegates import draw_bar

# a cell's text and, in a score column, its score (0-100)
Cell = tuple[str, float | None]

# laid-out texts kept: a few screens of names, organisations and offers
_KEPT_TEXTS = 4000
# a cell's state as a plain number (tested for every cell of every paint)
_SELECTED = QStyle.StateFlag.State_Selected.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_ENABLED = QStyle.StateFlag.State_Enabled.value
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus.value
# what of a cell's state picks its colours
_COLOR_STATE = _SELECTED | _ACTIVE | _ENABLED
_BAR_HEIGHT = 8


class ListCellDelegate(QStyledItemDelegate):
    """Paints every cell of a list from ``cell(row, column)``; the columns of
    ``scores`` (column -> colour) show the score as a bar, ``bar_width`` wide, with
    its number aligned right."""

    def __init__(
        self,
        cell: Callable[[int, int], Cell | None],
        scores: dict[int, QColor],
        bar_width: int,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._cell = cell
        self._scores = scores
        self._bar_width = bar_width
        # (text, width, aligned right) -> the text elided to the width and laid out, its width
        self._texts: OrderedDict[tuple[str, int, bool], tuple[QStaticText, float]] = OrderedDict()
        self._bars: dict[tuple[int, int, float], QPixmap] = {}
        # the cells' font (the list's) and, by a cell's state, its text and background colours
        self._font: QFont | None = None
        self._metrics = QFontMetrics(QFont())
        self._line_height = 0
        self._colors: dict[int, tuple[QColor, QBrush]] = {}
        # the style's own margin between a cell's edge and its text or icon
        style = parent.style()
        self._margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, parent) + 1

    def forget(self) -> None:
        """Lay out and draw again (the font, palette or style changed)."""
        self._texts.clear()
        self._bars.clear()
        self._colors.clear()
        self._font = None

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        found = self._cell(index.row(), index.column())
        if found is None:
            return
        text, score = found
        state = option.state.value
        rect = option.rect
        colors = self._colors.get(state & _COLOR_STATE)
        if colors is None:
            colors = self._colors_for(option.palette, state)
        pen, highlight = colors
        if state & _SELECTED:
            painter.fillRect(rect, highlight)
        if self._font is None:
            self._font = QFont(option.font)
            self._metrics = QFontMetrics(self._font)
            self._line_height = self._metrics.height()
        margin = self._margin
        inner = rect.width() - 2 * margin
        if score is not None:
            scale = painter.device().devicePixelRatioF()
            bar = self._bar(score, self._scores[index.column()], scale)
            painter.drawPixmap(
                rect.left() + margin, rect.top() + (rect.height() - _BAR_HEIGHT) // 2, bar
            )
            inner -= self._bar_width + 2 * margin
        if text and inner > 0:
            laid, width = self._laid_out(text, inner, right=score is not None)
            top = rect.top() + (rect.height() - self._line_height) // 2
            painter.setPen(pen)
            if score is None:
                painter.drawStaticText(rect.left() + margin, top, laid)
            else:  # (where the style puts it: at a fraction of a pixel)
                painter.drawStaticText(QPointF(rect.right() + 1 - margin - width, top), laid)
        if state & _HAS_FOCUS:
            self._focus_frame(painter, option, index)

    # -- what is kept ------------------------------------------------------------------

    def _colors_for(self, palette: QPalette, state: int) -> tuple[QColor, QBrush]:
        """The text's colour and the selection's brush for a cell in this state, as the
        style picks them (disabled, inactive window, selected)."""
        group = QPalette.ColorGroup.Normal
        if not state & _ENABLED:
            group = QPalette.ColorGroup.Disabled
        elif not state & _ACTIVE:
            group = QPalette.ColorGroup.Inactive
        role = QPalette.ColorRole.HighlightedText if state & _SELECTED else QPalette.ColorRole.Text
        found = self._colors[state & _COLOR_STATE] = (
            palette.color(group, role),
            palette.brush(group, QPalette.ColorRole.Highlight),
        )
        return found

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

    def _bar(self, score: float, color: QColor, scale: float) -> QPixmap:
        key = (round(max(0.0, min(100.0, score))), color.rgba(), scale)
        found = self._bars.get(key)
        if found is None:
            found = QPixmap(round(self._bar_width * scale), round(_BAR_HEIGHT * scale))
            found.setDevicePixelRatio(scale)
            found.fill(Qt.GlobalColor.transparent)
            painter = QPainter(found)
            # (a rect whose centre row is the bar's: draw_bar centres it there)
            draw_bar(
                painter,
                QRect(0, 1, self._bar_width, _BAR_HEIGHT),
                key[0],
                color,
                self.parent().palette(),
            )
            painter.end()
            self._bars[key] = found
        return found

    def _focus_frame(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex
    ) -> None:
        """The current cell's focus frame, as the style draws it (one cell a paint)."""
        frame = QStyleOptionFocusRect()
        frame.rect = option.rect
        frame.state = option.state | QStyle.StateFlag.State_KeyboardFocusChange
        frame.state |= QStyle.StateFlag.State_Item
        frame.palette = option.palette
        frame.backgroundColor = option.palette.color(
            QPalette.ColorRole.Highlight
            if option.state.value & _SELECTED
            else QPalette.ColorRole.Window
        )
        widget = option.widget
        style = widget.style() if widget is not None else self.parent().style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, frame, painter, widget)

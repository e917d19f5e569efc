"""Item delegates: how a cell is drawn when plain text is not enough."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from netdesk.ui.roles import SCORE_ROLE

# The two scores keep one colour each everywhere: list bars, detail bars, chart curves.
TRUST_COLOR = QColor("#2e8b57")
ATTENTION_COLOR = QColor("#3b7dd8")


def draw_score_bar(
    painter: QPainter,
    rect: QRect,
    score: float,
    color: QColor,
    palette: QPalette,
    metrics: QFontMetrics,
) -> None:
    """A 0-100 score as a small rounded bar with the number at its right, inside ``rect``."""
    number_width = _number_width(metrics)
    draw_bar(painter, rect.adjusted(0, 0, -(number_width + 6), 0), score, color, palette)
    painter.setPen(palette.color(QPalette.ColorRole.Text))
    painter.drawText(
        QRect(rect.right() - number_width + 1, rect.top(), number_width, rect.height()),
        int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
        f"{score:.0f}",
    )


def draw_bar(
    painter: QPainter, rect: QRect, score: float, color: QColor, palette: QPalette
) -> None:
    """The bar alone: a rounded track across ``rect``, filled ``score`` percent in ``color``."""
    bar = QRect(rect.left(), rect.center().y() - 4, max(0, rect.width()), 8)
    track = palette.color(QPalette.ColorRole.Mid)
    track.setAlpha(70)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(track)
    painter.drawRoundedRect(bar, 3, 3)
    filled = QRect(bar)
    filled.setWidth(round(bar.width() * max(0.0, min(100.0, score)) / 100.0))
    painter.setBrush(color)
    painter.drawRoundedRect(filled, 3, 3)


def _number_width(metrics: QFontMetrics) -> int:
    return metrics.horizontalAdvance("100") + 2


def score_bar_width(column_width: int, metrics: QFontMetrics) -> int:
    """How wide a score's bar is in a column this wide, beside its number (as
    ``ScoreBarDelegate`` draws it)."""
    return max(0, column_width - 14 - _number_width(metrics))


class ScoreBarDelegate(QStyledItemDelegate):
    """A 0-100 score as a small horizontal bar beside its number.

    The style draws the cell as any other (background, selection, focus and the
    model's display text, the number, right-aligned), so a selected row's number
    takes the selection's colours; the bar fills the room to the number's left.
    Touching ``QStyle`` from Python is left out on purpose: PySide builds its
    twenty enums (about 7 ms) on first use, and the list paints before anything
    else needs them.
    """

    def __init__(self, color: QColor, parent=None) -> None:
        super().__init__(parent)
        self._color = color
        # the number's width for the font last painted with (measuring it shapes text)
        self._font_key = ""
        self._number_width = 0

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().paint(painter, option, index)
        score = index.data(SCORE_ROLE)
        if score is None:
            return
        font_key = option.font.key()
        if font_key != self._font_key:
            self._font_key = font_key
            self._number_width = _number_width(option.fontMetrics)
        painter.save()
        rect = option.rect.adjusted(4, 0, -(self._number_width + 10), 0)
        draw_bar(painter, rect, score, self._color, option.palette)
        painter.restore()

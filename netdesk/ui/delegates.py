"""Item delegates: how a cell is drawn when plain text is not enough."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

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
    *,
    selected: bool = False,
) -> None:
    """A 0-100 score as a small rounded bar with the number at its right, inside ``rect``."""
    text_width = metrics.horizontalAdvance("100") + 2
    text_rect = QRect(rect.right() - text_width + 1, rect.top(), text_width, rect.height())
    bar = QRect(rect.left(), rect.center().y() - 4, max(0, text_rect.left() - 6 - rect.left()), 8)
    track = palette.color(QPalette.ColorRole.Mid)
    track.setAlpha(70)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(track)
    painter.drawRoundedRect(bar, 3, 3)
    filled = QRect(bar)
    filled.setWidth(round(bar.width() * max(0.0, min(100.0, score)) / 100.0))
    painter.setBrush(color)
    painter.drawRoundedRect(filled, 3, 3)
    role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
    painter.setPen(palette.color(role))
    painter.drawText(
        text_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), f"{score:.0f}"
    )


class ScoreBarDelegate(QStyledItemDelegate):
    """A 0-100 score as a small horizontal bar with the number beside it."""

    def __init__(self, color: QColor, parent=None) -> None:
        super().__init__(parent)
        self._color = color

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        score = index.data(SCORE_ROLE)
        if score is None:
            super().paint(painter, option, index)
            return
        painter.save()
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
            )
        draw_score_bar(
            painter,
            option.rect.adjusted(4, 0, -4, 0),
            score,
            self._color,
            option.palette,
            option.fontMetrics,
            selected=bool(option.state & QStyle.StateFlag.State_Selected),
        )
        painter.restore()

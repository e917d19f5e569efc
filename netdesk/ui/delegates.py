"""Item delegates: how a cell is drawn when plain text is not enough."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from netdesk.ui.roles import SCORE_ROLE


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
        rect = option.rect.adjusted(4, 0, -4, 0)
        text_width = option.fontMetrics.horizontalAdvance("100") + 6
        bar = QRect(rect.left(), rect.center().y() - 4, max(0, rect.width() - text_width), 8)
        track = option.palette.color(QPalette.ColorRole.Mid)
        track.setAlpha(70)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(bar, 3, 3)
        filled = QRect(bar)
        filled.setWidth(round(bar.width() * max(0.0, min(100.0, score)) / 100.0))
        painter.setBrush(self._color)
        painter.drawRoundedRect(filled, 3, 3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(option.palette.color(role))
        painter.drawText(
            QRect(bar.right() + 4, rect.top(), text_width, rect.height()),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            f"{score:.0f}",
        )
        painter.restore()

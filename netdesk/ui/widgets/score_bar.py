"""One score (trust or attention) as a labelled bar, drawn like the list's bars."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from netdesk.ui.delegates import draw_score_bar


class ScoreBar(QWidget):
    def __init__(self, title: str, color: QColor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._color = color
        self._score = 0.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # drawn, not written: a screen reader gets the score in words
        self.setAccessibleName(title)
        self.setAccessibleDescription("no score yet")

    def score(self) -> float:
        return self._score

    def set_score(self, score: float) -> None:
        self._score = score
        self.setToolTip(f"{self._title}: {score:.0f} of 100")
        self.setAccessibleDescription(f"{score:.0f} of 100")
        self.update()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(self._title) + 160, metrics.height() + 6)

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(self._title) + 80, metrics.height() + 6)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        title_width = metrics.horizontalAdvance(self._title) + 8
        rect = self.rect()
        painter.setPen(self.palette().color(self.foregroundRole()))
        rect.setWidth(min(rect.width(), title_width + 200))
        painter.drawText(
            QRect(0, 0, title_width, rect.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self._title,
        )
        draw_score_bar(
            painter,
            rect.adjusted(title_width, 0, 0, 0),
            self._score,
            self._color,
            self.palette(),
            metrics,
        )

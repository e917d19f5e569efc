"""A label for a value of any length: it wraps onto at most ``max_lines`` lines and ends
the last one with "…" when the value is longer, the whole value in its tooltip.

It never asks for more width than a few letters, so a long web address or an
organisation's full name never pushes a pane wider or gives it a scrollbar.
``text()`` is always the whole value (what a screen reader reads).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import (
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

_ELLIPSIS = "…"


def wrapped_lines(text: str, metrics: QFontMetrics, font, width: int, max_lines: int):
    """(the lines to draw, whether anything was left out) for ``text`` in ``width``."""
    if width <= 0:
        return [], bool(text)
    if max_lines == 1:
        single = " ".join(text.split("\n"))
        shown = metrics.elidedText(single, Qt.TextElideMode.ElideRight, width)
        return ([shown] if shown else []), shown != single
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    lines: list[str] = []
    paragraphs = text.split("\n")
    for number, paragraph in enumerate(paragraphs):
        layout = QTextLayout(paragraph, font)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start, length = line.textStart(), line.textLength()
            lines.append(paragraph[start : start + length].rstrip())
            if len(lines) > max_lines:
                break
        layout.endLayout()
        if len(lines) > max_lines or (len(lines) == max_lines and number < len(paragraphs) - 1):
            # more than fits: the last line kept ends with "…"
            kept = lines[: max_lines - 1]
            last = lines[max_lines - 1] + _ELLIPSIS
            if metrics.horizontalAdvance(last) > width:
                # one letter more than fits, so that Qt puts the "…" in
                last = metrics.elidedText(last + "M", Qt.TextElideMode.ElideRight, width)
            kept.append(last)
            return kept, True
    return lines, False


class ElidedLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None, *, max_lines: int = 1):
        super().__init__(parent)
        self._max_lines = max(1, max_lines)
        self._own_tip = ""
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(self._max_lines > 1)
        self.setSizePolicy(policy)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)

    # -- what a label is asked -------------------------------------------------------

    def set_max_lines(self, max_lines: int) -> None:
        max_lines = max(1, max_lines)
        if max_lines != self._max_lines:
            self._max_lines = max_lines
            policy = self.sizePolicy()
            policy.setHeightForWidth(max_lines > 1)
            self.setSizePolicy(policy)
            self.updateGeometry()

    def setText(self, text: str) -> None:
        super().setText(text)
        self.updateGeometry()
        self._update_tip()

    def setToolTip(self, tip: str) -> None:
        """A tooltip of the label's own (shown when nothing is left out)."""
        self._own_tip = tip
        self._update_tip()

    def is_elided(self) -> bool:
        return self._lines(self.contentsRect().width())[1]

    def shown_lines(self) -> list[str]:
        return self._lines(self.contentsRect().width())[0]

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        return QSize(
            metrics.horizontalAdvance("Mm" + _ELLIPSIS) + margins.left() + margins.right(),
            metrics.height() + margins.top() + margins.bottom(),
        )

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        longest = max((metrics.horizontalAdvance(p) for p in self.text().split("\n")), default=0)
        width = min(longest, metrics.averageCharWidth() * 60) + 1
        return QSize(width + margins.left() + margins.right(), self.heightForWidth(width))

    def hasHeightForWidth(self) -> bool:
        return self._max_lines > 1

    def heightForWidth(self, width: int) -> int:
        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right()
        count = max(1, len(self._lines(inner)[0])) if self.text() else 1
        return count * self.fontMetrics().lineSpacing() + margins.top() + margins.bottom()

    # -- drawing ------------------------------------------------------------------------

    def _lines(self, width: int):
        return wrapped_lines(self.text(), self.fontMetrics(), self.font(), width, self._max_lines)

    def _update_tip(self) -> None:
        tip = self.text() if self.text() and self.is_elided() else self._own_tip
        if tip != super().toolTip():
            super().setToolTip(tip)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_tip()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.setFont(self.font())
        rect = self.contentsRect()
        metrics = self.fontMetrics()
        y = rect.top() + metrics.ascent()
        if self.alignment() & Qt.AlignmentFlag.AlignVCenter and self._max_lines == 1:
            y = rect.top() + (rect.height() - metrics.height()) // 2 + metrics.ascent()
        for line in self._lines(rect.width())[0]:
            painter.drawText(QPoint(rect.left(), y), line)
            y += metrics.lineSpacing()

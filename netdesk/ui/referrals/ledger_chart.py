"""A small bar chart: referrals given and received per month."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from netdesk.domain.ledger import MonthCount

GIVEN_COLOR = QColor("#2e8b57")
RECEIVED_COLOR = QColor("#3b7dd8")


class LedgerChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setMargins(QMargins(0, 0, 0, 0))
        chart.setBackgroundRoundness(0)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        super().__init__(chart, parent)
        self.setObjectName("ledgerChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(150)
        self.given = QBarSet("Given")
        self.given.setColor(GIVEN_COLOR)
        self.received = QBarSet("Received")
        self.received.setColor(RECEIVED_COLOR)
        self.series = QBarSeries()
        self.series.append(self.given)
        self.series.append(self.received)
        chart.addSeries(self.series)
        self.months = QBarCategoryAxis()
        self.counts = QValueAxis()
        self.counts.setLabelFormat("%d")
        chart.addAxis(self.months, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.counts, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.months)
        self.series.attachAxis(self.counts)
        self._apply_palette()

    def _apply_palette(self) -> None:
        palette = self.palette()
        chart = self.chart()
        chart.setBackgroundBrush(palette.base())
        text = palette.text().color()
        chart.legend().setLabelColor(text)
        font = self.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
        chart.legend().setFont(font)
        for axis in (self.months, self.counts):
            axis.setLabelsFont(font)
            axis.setLabelsColor(text)
            grid = QColor(text)
            grid.setAlpha(40)
            axis.setGridLineColor(grid)

    def set_months(self, months: list[MonthCount]) -> None:
        self.given.remove(0, self.given.count())
        self.received.remove(0, self.received.count())
        self.given.append([float(m.given) for m in months])
        self.received.append([float(m.received) for m in months])
        self.months.clear()
        self.months.append([m.month.strftime("%b") for m in months])
        top = max([m.given for m in months] + [m.received for m in months] + [1])
        step = -(-top // 4)  # whole numbers, at most five ticks
        self.counts.setTickType(QValueAxis.TickType.TicksDynamic)
        self.counts.setTickAnchor(0)
        self.counts.setTickInterval(step)
        self.counts.setRange(0, step * -(-top // step))

    def values(self) -> list[tuple[str, int, int]]:
        """(month label, given, received): what the bars show."""
        return [
            (self.months.at(i), int(self.given.at(i)), int(self.received.at(i)))
            for i in range(self.given.count())
        ]

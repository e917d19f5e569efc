"""A bar chart: referrals given and received per month.

The months are named under the bars and the axis's title says which months of
which years they are ("Feb 2025 – Jan 2026"), so a year of bars never leaves
one guessing the year.
Like the score chart it sits on the window's palette and says in words what it
shows (``accessibleDescription``).
"""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QWidget

from netdesk.domain.ledger import MonthCount

# tall enough for the bars to be told apart under the legend and two lines of labels
MIN_HEIGHT = 210
GIVEN_COLOR = QColor("#2e8b57")
RECEIVED_COLOR = QColor("#3b7dd8")


class LedgerChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setMargins(QMargins(0, 0, 0, 0))
        chart.setBackgroundRoundness(0)
        chart.setBackgroundVisible(False)
        chart.setPlotAreaBackgroundVisible(False)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        super().__init__(chart, parent)
        self.setObjectName("ledgerChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(MIN_HEIGHT)
        self.setAccessibleName("Referrals given and received per month")
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
        text = palette.windowText().color()
        chart.legend().setLabelColor(text)
        font = self.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
        chart.legend().setFont(font)
        for axis in (self.months, self.counts):
            axis.setLabelsFont(font)
            axis.setTitleFont(font)
            axis.setTitleBrush(text)
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
        self.months.append(month_labels([m.month for m in months]))
        self.months.setTitleText(span_title([m.month for m in months]))
        top = max([m.given for m in months] + [m.received for m in months] + [1])
        step = -(-top // 4)  # whole numbers, at most five ticks
        self.counts.setTickType(QValueAxis.TickType.TicksDynamic)
        self.counts.setTickAnchor(0)
        self.counts.setTickInterval(step)
        self.counts.setRange(0, step * -(-top // step))
        self.setAccessibleDescription(
            "; ".join(
                f"{month_name(m.month, 'MMMM yyyy')}: {m.given} given, {m.received} received"
                for m in months
            )
            or "No referrals yet."
        )

    def values(self) -> list[tuple[str, int, int]]:
        """(month label, given, received): what the bars show."""
        return [
            (self.months.at(i), int(self.given.at(i)), int(self.received.at(i)))
            for i in range(self.given.count())
        ]


def month_name(month, form: str = "MMM") -> str:
    from PySide6.QtCore import QDate, QLocale

    return QLocale().toString(QDate(month.year, month.month, 1), form)


def month_labels(months: list) -> list[str]:
    """ "Jan", "Feb"…: what each bar is labelled with."""
    return [month_name(month) for month in months]


def span_title(months: list) -> str:
    """Which months the bars are: "Feb 2025 – Jan 2026" ("" for none)."""
    if not months:
        return ""
    first, last = month_name(months[0], "MMM yyyy"), month_name(months[-1], "MMM yyyy")
    return first if first == last else f"{first} – {last}"

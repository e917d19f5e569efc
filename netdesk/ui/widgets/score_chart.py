"""Trust and attention over time (QtCharts), with a marker for each interaction.

Hovering a marker shows a tooltip naming the interactions of that day. The
chart draws no background of its own: it sits on the window's palette, light
or dark, and takes its text and grid colours from it.

The markers are drawn from one small picture of a marker (QtCharts' *light
marker*), painted once per palette: QtCharts draws a picture per point several
times faster than it paints an antialiased circle per point, and a contact with
a thousand interactions has a thousand markers.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import (
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QEvent, QMargins, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QCursor, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from netdesk.domain.timeline import Timeline
from netdesk.ui.delegates import ATTENTION_COLOR, TRUST_COLOR

_DAY_MS = 86_400_000
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
# noon UTC: the axis shows local time, and noon stays on the same date in every zone
_NOON_MS = _DAY_MS // 2
_MAX_TOOLTIP_LINES = 8
MARKER_SIZE = 7.0
# the marker's picture holds this many pixels per point of its size (sharp on HiDPI)
_MARKER_SCALE = 3


def day_to_ms(day: dt.date) -> float:
    return float((day.toordinal() - _EPOCH_ORDINAL) * _DAY_MS + _NOON_MS)


def ms_to_day(value: float) -> dt.date:
    return dt.date.fromordinal(int(value // _DAY_MS) + _EPOCH_ORDINAL)


class ScoreChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        chart = QChart()
        super().__init__(chart, parent)
        self.setObjectName("scoreChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(150)
        chart.setBackgroundVisible(False)
        chart.setPlotAreaBackgroundVisible(False)
        chart.setMargins(QMargins(0, 0, 0, 0))
        chart.layout().setContentsMargins(0, 0, 0, 0)
        chart.setBackgroundRoundness(0)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        chart.legend().setMarkerShape(chart.legend().MarkerShape.MarkerShapeFromSeries)

        self.trust_series = QLineSeries(chart)
        self.trust_series.setName("Trust")
        self.attention_series = QLineSeries(chart)
        self.attention_series.setName("Attention")
        self.marker_series = QScatterSeries(chart)
        self.marker_series.setName("Interactions")
        self.marker_series.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeCircle)
        self.marker_series.setMarkerSize(MARKER_SIZE)
        for series in (self.trust_series, self.attention_series, self.marker_series):
            chart.addSeries(series)

        self.axis_x = QDateTimeAxis(chart)
        self.axis_x.setFormat("MMM yyyy")
        self.axis_x.setTickCount(5)
        self.axis_y = QValueAxis(chart)
        self.axis_y.setRange(0, 100)
        self.axis_y.setTickCount(5)
        self.axis_y.setLabelFormat("%d")
        chart.addAxis(self.axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.axis_y, Qt.AlignmentFlag.AlignLeft)
        for series in (self.trust_series, self.attention_series, self.marker_series):
            series.attachAxis(self.axis_x)
            series.attachAxis(self.axis_y)

        self._timeline: Timeline | None = None
        self.marker_series.hovered.connect(self.on_marker_hovered)
        self.apply_palette()

    # -- what the pane calls -------------------------------------------------------

    def set_timeline(self, timeline: Timeline) -> None:
        self._timeline = timeline
        # the range first: a new range places every point already there again
        if timeline.curve:
            first, last = timeline.curve[0].on, timeline.curve[-1].on
            self.axis_x.setRange(_qdatetime(first), _qdatetime(last))
            span = (last - first).days
            self.axis_x.setFormat("d MMM" if span < 120 else "MMM yyyy")
        # each day's place on the axis, worked out once (markers sit on curve days)
        xs = {p.on: day_to_ms(p.on) for p in timeline.curve}
        self.trust_series.replace([QPointF(xs[p.on], p.trust) for p in timeline.curve])
        self.attention_series.replace([QPointF(xs[p.on], p.attention) for p in timeline.curve])
        self.marker_series.replace(
            [QPointF(xs.get(m.on) or day_to_ms(m.on), m.attention) for m in timeline.markers]
        )

    def marker_count(self) -> int:
        return self.marker_series.count()

    def curve_points(self) -> tuple[int, int]:
        """How many points each curve holds: (trust, attention)."""
        return self.trust_series.count(), self.attention_series.count()

    def tooltip_at(self, point: QPointF) -> str:
        """What hovering the marker at ``point`` says: the date and that day's interactions."""
        if self._timeline is None:
            return ""
        day = ms_to_day(point.x())
        entries = self._timeline.entries_on(day)
        if not entries:
            return ""
        lines = [entry.describe() for entry in entries[:_MAX_TOOLTIP_LINES]]
        if len(entries) > _MAX_TOOLTIP_LINES:
            lines.append(f"… and {len(entries) - _MAX_TOOLTIP_LINES} more")
        heading = day.strftime("%a %d %b %Y").replace(" 0", " ")
        return heading + "\n" + "\n".join(lines)

    # -- slots and events ------------------------------------------------------------

    def on_marker_hovered(self, point: QPointF, state: bool) -> None:
        if state:
            QToolTip.showText(QCursor.pos(), self.tooltip_at(point), self)
        else:
            QToolTip.hideText()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.apply_palette()

    def apply_palette(self) -> None:
        """Text, grid and marker outlines from the widget's palette (light or dark)."""
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        grid = QColor(palette.color(QPalette.ColorRole.Mid))
        grid.setAlpha(90)
        chart = self.chart()
        chart.legend().setLabelColor(text)
        for axis in (self.axis_x, self.axis_y):
            axis.setLabelsColor(text)
            axis.setGridLineColor(grid)
            axis.setLinePenColor(grid)
        self.trust_series.setPen(QPen(TRUST_COLOR, 2.0))
        self.attention_series.setPen(QPen(ATTENTION_COLOR, 2.0))
        border = palette.color(QPalette.ColorRole.Base)
        self.marker_series.setColor(ATTENTION_COLOR)
        self.marker_series.setBorderColor(border)
        self.marker_series.setLightMarker(marker_picture(ATTENTION_COLOR, border))


def marker_picture(fill: QColor, border: QColor) -> QImage:
    """One marker as QtCharts would paint it: a circle of ``fill`` ringed with ``border``."""
    side = int(MARKER_SIZE * _MARKER_SCALE)
    picture = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    picture.fill(Qt.GlobalColor.transparent)
    painter = QPainter(picture)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(border, _MARKER_SCALE))
    painter.setBrush(fill)
    inset = _MARKER_SCALE / 2
    painter.drawEllipse(QRectF(inset, inset, side - 2 * inset, side - 2 * inset))
    painter.end()
    return picture


def _qdatetime(day: dt.date) -> QDateTime:
    return QDateTime.fromMSecsSinceEpoch(int(day_to_ms(day)))

"""Trust and attention over time (QtCharts), with a marker for each interaction.

Hovering a marker shows a tooltip naming the interactions of that day; clicking
it emits ``interaction_clicked`` (the timeline selects that interaction). An
interaction shows as a step: the curve keeps its level up to the day and jumps
there. The date axis always spans a week or more, with no two ticks on one day
and as many ticks as its width has room for (``netdesk.ui.widgets.date_axis``).
The chart draws no background of its own: it sits on the window's palette,
light or dark, and takes its text and grid colours from it. For a screen reader
it says in words what it shows (``accessibleDescription``).

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
from PySide6.QtCore import QDateTime, QEvent, QMargins, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from netdesk.domain.timeline import Marker, Timeline
from netdesk.ui.delegates import ATTENTION_COLOR, TRUST_COLOR
from netdesk.ui.format import medium_date
from netdesk.ui.widgets.date_axis import DAYS_UP_TO, date_axis

_DAY_MS = 86_400_000
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
# noon UTC: the axis shows local time, and noon stays on the same date in every zone
_NOON_MS = _DAY_MS // 2
_MAX_TOOLTIP_LINES = 8
# how near (in pixels) the pointer must be to a marker to point at it
_NEAR = 8
# the width a date label needs between ticks
_TICK_WIDTH = 84
MARKER_SIZE = 7.0
# the marker's picture holds this many pixels per point of its size (sharp on HiDPI)
_MARKER_SCALE = 3


def day_to_ms(day: dt.date) -> float:
    return float((day.toordinal() - _EPOCH_ORDINAL) * _DAY_MS + _NOON_MS)


def ms_to_day(value: float) -> dt.date:
    return dt.date.fromordinal(int(value // _DAY_MS) + _EPOCH_ORDINAL)


class ScoreChart(QChartView):
    # a marker was clicked: the id of the (first) interaction it stands for
    interaction_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        chart = QChart()
        super().__init__(chart, parent)
        self.setObjectName("scoreChart")
        # nothing to do with the keyboard here: Tab passes it by
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
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
        self._range: tuple[dt.date, dt.date] = (dt.date.today(), dt.date.today())
        self.setAccessibleName("Trust and attention over time")
        self.apply_palette()
        self._set_axis()

    # -- what the pane calls -------------------------------------------------------

    def set_timeline(self, timeline: Timeline) -> None:
        self._timeline = timeline
        # the range first: a new range places every point already there again
        today = dt.date.today()
        if timeline.curve:
            self._range = (timeline.curve[0].on, timeline.curve[-1].on)
        else:  # nothing to show yet: the week up to today, not the last contact's range
            self._range = (today, today)
        self._set_axis()
        steps = {marker.on for marker in timeline.markers}
        trust, attention = _stepped(timeline, steps)
        self.trust_series.replace(trust)
        self.attention_series.replace(attention)
        self.marker_series.replace(
            [QPointF(day_to_ms(m.on), m.attention) for m in timeline.markers]
        )
        self.setAccessibleDescription(describe(timeline))

    def _set_axis(self) -> None:
        first, last = self._range
        if (last - first).days <= DAYS_UP_TO:
            # a day of room after the last: a dot on the last day is not on the frame
            last += dt.timedelta(days=1)
        axis = date_axis(first, last, max(2, self.width() // _TICK_WIDTH))
        self.axis_x.setRange(_qdatetime(axis.start), _qdatetime(axis.end))
        self.axis_x.setTickCount(axis.ticks)
        self.axis_x.setFormat(axis.format)

    def axis_labels(self) -> list[str]:
        """The date labels the axis shows now, left to right."""
        from PySide6.QtCore import QLocale

        start = ms_to_day(self.axis_x.min().toMSecsSinceEpoch())
        end = ms_to_day(self.axis_x.max().toMSecsSinceEpoch())
        count = self.axis_x.tickCount()
        step = (end - start).days / max(1, count - 1)
        days = [start + dt.timedelta(days=round(step * n)) for n in range(count)]
        locale = QLocale()
        return [locale.toString(_qdatetime(day), self.axis_x.format()) for day in days]

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
        return medium_date(day) + "\n" + "\n".join(lines)

    def marker_position(self, index: int) -> QPoint:
        """Where marker ``index`` is drawn, in the view's coordinates."""
        scene = self.chart().mapToPosition(self.marker_series.at(index), self.marker_series)
        return self.mapFromScene(scene)

    def marker_near(self, position: QPoint) -> Marker | None:
        """The marker under ``position`` (within a few pixels), nearest first."""
        if self._timeline is None or not self._timeline.markers:
            return None
        best, best_distance = None, _NEAR * _NEAR + 1
        for index, marker in enumerate(self._timeline.markers):
            delta = self.marker_position(index) - position
            distance = delta.x() * delta.x() + delta.y() * delta.y()
            if distance < best_distance:
                best, best_distance = marker, distance
        return best

    # -- events ------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        marker = self.marker_near(event.position().toPoint())
        if marker is not None:
            text = self.tooltip_at(QPointF(day_to_ms(marker.on), marker.attention))
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            QToolTip.hideText()
            self.viewport().unsetCursor()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        marker = self.marker_near(event.position().toPoint())
        if marker is not None and event.button() == Qt.MouseButton.LeftButton:
            assert self._timeline is not None
            self.interaction_clicked.emit(self._timeline.entries[marker.entries[0]].id)
            event.accept()
            return
        super().mousePressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._set_axis()

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


def _stepped(timeline: Timeline, steps: set[dt.date]) -> tuple[list[QPointF], list[QPointF]]:
    """Both curves' points (trust, attention), with a step at each day with interactions:
    the level of the day before held up to that day, then the jump."""
    trust: list[QPointF] = []
    attention: list[QPointF] = []
    previous: dt.date | None = None
    before = (0.0, 0.0)
    for point in timeline.curve:
        x = day_to_ms(point.on)
        if previous is not None and point.on in steps and point.on != previous:
            trust.append(QPointF(x, before[0]))
            attention.append(QPointF(x, before[1]))
        trust.append(QPointF(x, point.trust))
        attention.append(QPointF(x, point.attention))
        previous, before = point.on, (point.trust, point.attention)
    return trust, attention


def describe(timeline: Timeline) -> str:
    """The chart in words, for a screen reader."""
    if not timeline.curve:
        return "No interactions yet."
    last = timeline.curve[-1]
    count = len(timeline.entries)
    return (
        f"{count} interaction{'s' if count != 1 else ''} from "
        f"{medium_date(timeline.entries[0].occurred_on)} to "
        f"{medium_date(timeline.entries[-1].occurred_on)}; "
        f"trust {last.trust:.0f} and attention {last.attention:.0f} of 100 now."
    )

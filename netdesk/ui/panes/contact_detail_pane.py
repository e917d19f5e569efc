"""The selected contact: who they are, their scores, the chart and the timeline.

``show_contact`` is cheap to call often (every selection change while someone
types a search): the pane loads on the next turn of the event loop, and only
the last contact asked for. ``refresh`` loads at once. The very first load
waits for the pane's first paint, so the window (and the contact list) shows
before the details are read.

A very long history (tens of thousands of interactions) loads in a worker
thread: the header shows at once, the chart and the list when they are ready,
and the window stays responsive meanwhile.

The chart (and QtCharts with it) is made the first time it has something to
show: until then an empty space of the same size holds its place.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain import wording
from netdesk.domain.contacts import NETWORKING_STYLES
from netdesk.domain.user_errors import user_problem
from netdesk.domain.workspace import close_thread_connection
from netdesk.ui.delegates import ATTENTION_COLOR, TRUST_COLOR
from netdesk.ui.format import ago
from netdesk.ui.panes.timeline_pane import TimelinePane
from netdesk.ui.widgets.elided_label import ElidedLabel
from netdesk.ui.widgets.score_bar import ScoreBar

if TYPE_CHECKING:
    from netdesk.domain import timeline
    from netdesk.domain.contact_card import ContactCard
    from netdesk.ui.widgets.score_chart import ScoreChart

_EMPTY_TITLE = "No contact selected"
_EMPTY_HINT = "Pick someone in the list, or press Ctrl+N to add a contact."
_NO_HISTORY = "No interactions yet: Ctrl+L logs the first one"
# the least height of the chart's place until the chart is made (the chart's own)
CHART_MIN_HEIGHT = 150
# the header's, the chart's and the timeline's heights to begin with
_SPLIT = (250, 290, 320)
# a history this long loads in a worker thread
BACKGROUND_FROM = 5000


class _Relay(QObject):
    """Carries a timeline loaded in a worker back to the UI thread. It has no parent,
    so it outlives a pane closed while its worker is still reading."""

    loaded = Signal(int, object)  # request number, Timeline or the exception raised


def _load_in_worker(relay: _Relay, request: int, contact_id: int) -> None:
    from netdesk.domain import timeline

    try:
        result: object = timeline.load_timeline(contact_id)
    except Exception as exc:  # reported on the UI thread
        result = exc
    finally:
        close_thread_connection()
    relay.loaded.emit(request, result)


class ContactDetailPane(QWidget):
    # the pane now shows this contact (0: none), header, chart and timeline filled
    contact_shown = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactDetail")
        self._contact_id = 0
        self._pending: int | None = None
        self._select_interaction: int | None = None
        self.card: ContactCard | None = None
        self.timeline_data: timeline.Timeline | None = None
        self._load_timer = QTimer(self)
        self._load_timer.setSingleShot(True)
        self._load_timer.setInterval(0)
        self._load_timer.timeout.connect(self.load_pending)
        # each load gets a number; a worker's result for an older one is dropped
        self._request = 0
        self._relay = _Relay()
        self._relay.loaded.connect(self.on_background_loaded)

        # long values end in "…" with the whole value in a tooltip: the header never
        # scrolls sideways, however long a name, an address or a note
        self.name_label = ElidedLabel("", self)
        self.name_label.setObjectName("contactName")
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        self.name_label.setFont(font)
        self.label = ElidedLabel("", self, max_lines=2)  # title · organisation · city
        self.label.setObjectName("contactSummary")
        self.trust_bar = ScoreBar("Trust", TRUST_COLOR, self)
        self.attention_bar = ScoreBar("Attention", ATTENTION_COLOR, self)
        self.last_label = ElidedLabel("", self)
        self.last_label.setObjectName("contactLast")
        self.facts = FactsView(self)
        self._chart: ScoreChart | None = None
        self._chart_place = QWidget(self)
        self._chart_place.setMinimumHeight(CHART_MIN_HEIGHT)
        # sized as the chart would be (a chart view expands both ways)
        self._chart_place.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.timeline = TimelinePane(self)
        self._header_buttons = QHBoxLayout()
        self._header_buttons.setSpacing(2)
        self.header_buttons: list[QToolButton] = []

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("detailSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_header())
        self.splitter.addWidget(self._chart_place)
        self.splitter.addWidget(self.timeline)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 1)
        self.reset_layout()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 4, 0)
        layout.addWidget(self.splitter)
        self._apply_muted_colours()
        self.show_empty(hint=False)
        self._painted = False

    def _build_header(self) -> QWidget:
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.name_label, 1)
        top.addLayout(self._header_buttons)
        bars = QHBoxLayout()
        bars.setSpacing(18)
        bars.addWidget(self.trust_bar, 1)
        bars.addWidget(self.attention_bar, 1)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 6, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.label)
        layout.addSpacing(4)
        layout.addLayout(bars)
        layout.addWidget(self.last_label)
        layout.addSpacing(4)
        layout.addWidget(self.facts)
        layout.addStretch(1)
        scroll = self._header_scroll = QScrollArea(self)
        scroll.setObjectName("contactHeader")
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # nothing in the header to type in: Tab passes it by
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setMinimumHeight(110)
        return scroll

    def reset_layout(self) -> None:
        """The header, chart and timeline's heights netdesk starts with."""
        self.splitter.setSizes(list(_SPLIT))

    @property
    def chart(self) -> ScoreChart:
        """The trust and attention chart, made on first use in the place kept for it."""
        if self._chart is None:
            from netdesk.ui.widgets.score_chart import ScoreChart

            self._chart = ScoreChart(self)
            # the chart takes its place's size policy (with the splitter's stretch in it)
            self._chart.setSizePolicy(self._chart_place.sizePolicy())
            index = self.splitter.indexOf(self._chart_place)
            self.splitter.replaceWidget(index, self._chart).deleteLater()
            self._chart.interaction_clicked.connect(self.timeline.select_entry)
        return self._chart

    def add_header_action(self, action: QAction) -> None:
        """A small button beside the name (Edit Contact…)."""
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setAutoRaise(True)
        self._header_buttons.addWidget(button)
        self.header_buttons.append(button)

    def focus_chain(self) -> list[QWidget]:
        """What Tab visits in the pane, in reading order."""
        return [*self.header_buttons, *self.timeline.focus_chain()]

    # -- what others call ----------------------------------------------------------

    def current_contact_id(self) -> int:
        return self._contact_id

    def show_contact(self, contact_id: int) -> None:
        """Show this contact soon (0: none); repeated calls load only the last one."""
        self._pending = contact_id
        if self._painted:
            self._load_timer.start()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            if self._pending is not None:
                self._load_timer.start()

    def load_pending(self) -> None:
        """Load the contact asked for last, now (if one is waiting)."""
        self._load_timer.stop()
        if self._pending is not None:
            contact_id, self._pending = self._pending, None
            self.load(contact_id)

    def select_interaction_after_load(self, interaction_id: int) -> None:
        """Have the timeline select this interaction the next time it loads."""
        self._select_interaction = interaction_id

    def refresh(self) -> None:
        self.load(self._pending if self._pending is not None else self._contact_id)

    def load(self, contact_id: int) -> None:
        # the domain modules load with the first contact shown, after the first paint
        from netdesk.domain import contact_card, timeline

        self._pending = None
        self._load_timer.stop()
        self._request += 1
        card = contact_card.load_card(contact_id) if contact_id else None
        if card is None or card.in_trash:
            self.show_empty()
            self.contact_shown.emit(0)
            return
        self._contact_id = contact_id
        self.card = card
        self._show_card(card)
        self.timeline.set_contact_shown(True)
        count = timeline.count_interactions(contact_id)
        if count >= BACKGROUND_FROM:
            self.timeline_data = None
            self.chart.set_timeline(timeline.Timeline(contact_id, [], [], []))
            self.chart.chart().setTitle(f"Loading {count:,} interactions…")
            self.timeline.set_entries([])
            self.timeline.count_label.setText(f"loading {count:,} interactions…")
            worker = threading.Thread(
                target=_load_in_worker,
                args=(self._relay, self._request, contact_id),
                name="netdesk-timeline",
                daemon=True,
            )
            worker.start()
            return
        self._fill(timeline.load_timeline(contact_id))

    def on_background_loaded(self, request: int, result: object) -> None:
        if request != self._request:
            return  # another contact (or a newer state) was asked for since
        if isinstance(result, Exception):
            problem = user_problem(result)
            if problem is None:
                raise result  # a bug: reported as one (netdesk.ui.failures)
            self.chart.chart().setTitle(f"The timeline could not be read: {problem}")
            return
        self._fill(result)

    def _fill(self, data: timeline.Timeline) -> None:
        contact_id = data.contact_id
        self.timeline_data = data
        self.chart.set_timeline(data)
        self.chart.chart().setTitle("" if data.entries else _NO_HISTORY)
        keep, self._select_interaction = self._select_interaction, None
        self.timeline.set_entries(data.entries, keep_id=keep)
        self.contact_shown.emit(contact_id)

    def show_empty(self, *, hint: bool = True) -> None:
        """No contact: the header says how to get one, chart and timeline stand empty."""
        self._contact_id = 0
        self.card = None
        self.timeline_data = None
        self.name_label.setText(_EMPTY_TITLE if hint else "")
        self.label.setText(_EMPTY_HINT if hint else "")
        self.label.setVisible(hint)
        for widget in (self.trust_bar, self.attention_bar, self.last_label):
            widget.setVisible(False)
        self.facts.set_facts([])
        self._header_changed()
        if hint or self._chart is not None:
            from netdesk.domain.timeline import Timeline

            self.chart.set_timeline(Timeline(0, [], [], []))
            self.chart.chart().setTitle("")
        self.timeline.set_entries([])
        self.timeline.set_contact_shown(False)

    # -- drawing -------------------------------------------------------------------------

    def _show_card(self, card: ContactCard) -> None:
        draft = card.draft
        for widget in (self.trust_bar, self.attention_bar, self.last_label):
            widget.setVisible(True)
        self.name_label.setText(draft.shown_name())
        self.label.setText(
            " · ".join(part for part in (draft.title, draft.organisation, draft.city) if part)
        )
        self.label.setVisible(bool(self.label.text()))
        self.trust_bar.set_score(card.trust)
        self.attention_bar.set_score(card.attention)
        self.last_label.setText(f"Last contact: {ago(card.last_interaction_on)}")
        self.facts.set_facts(facts_of(card))
        self._header_changed()

    def _header_changed(self) -> None:
        """The header's lines changed: its scroll area measures it again (it hears of its
        content's new size only when that content is resized, and a value that now wraps
        onto two lines does not resize it)."""
        QCoreApplication.postEvent(self._header_scroll, QEvent(QEvent.Type.LayoutRequest))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_muted_colours()  # (light on dark, dark on light)

    def _apply_muted_colours(self) -> None:
        palette = QPalette(self.palette())
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        palette.setColor(QPalette.ColorRole.WindowText, muted)
        self.label.setPalette(palette)
        self.last_label.setPalette(palette)
        self.timeline.count_label.setPalette(palette)


# how many lines a fact may take before it ends in "…" (one, unless named here)
_FACT_LINES = {"Offers": 2, "Needs": 2, "Tags": 2, "Notes": 4}


def facts_of(card: ContactCard) -> list[tuple[str, str]]:
    """The contact's fields, one line each (only those filled in): a title, then the value."""
    draft = card.draft
    facts: list[tuple[str, str]] = []

    def add(title: str, value: str) -> None:
        if value:
            facts.append((title, value))

    def labelled(items) -> str:
        return ", ".join(item.value + (f" ({item.label})" if item.label else "") for item in items)

    add("Nickname", draft.nickname)
    add("Department", draft.department)
    add("Offers", ", ".join(draft.offers))
    add("Needs", ", ".join(draft.needs))
    add("Tags", ", ".join(draft.tags))
    add("How we met", draft.how_we_met)
    add("Introduced by", card.introduced_by_name)
    add("Email", labelled(draft.emails))
    add("Phone", labelled(draft.phones))
    add("Web", labelled(draft.urls))
    style = NETWORKING_STYLES.get(draft.networking_style, "") if draft.networking_style else ""
    cadence = (
        f"keep in touch every {wording.days(draft.cadence_days)}" if draft.cadence_days else ""
    )
    add("Style", " · ".join(part for part in (style, cadence) if part))
    add("Notes", draft.notes.strip())
    return facts


class FactsView(QWidget):
    """The facts as two columns, titles and values; each value elided to its lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactFacts")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(2)
        self._grid.setColumnStretch(1, 1)
        self._rows: list[tuple[QLabel, ElidedLabel]] = []
        self._facts: list[tuple[str, str]] = []

    def set_facts(self, facts: list[tuple[str, str]]) -> None:
        """Show ``facts``: the rows already there take the new titles and values (a
        contact opened does not make its labels anew), the rest are added or removed."""
        self._facts = list(facts)
        while len(self._rows) > len(facts):
            for label in self._rows.pop():
                self._grid.removeWidget(label)
                label.deleteLater()
        # a label added to a view on screen is shown on a later turn of the event loop, on
        # its own, and the rows laid out again (all those above it resized twice): rows
        # added while the view is hidden show with it, laid out once
        adding = len(facts) > len(self._rows) and self.isVisible()
        if adding:
            self.hide()
        for row, (title, value) in enumerate(facts):
            if row == len(self._rows):
                self._rows.append(self._new_row(row))
            title_label, value_label = self._rows[row]
            title_label.setText(title)
            value_label.set_max_lines(_FACT_LINES.get(title, 1))
            value_label.setText(value)
            value_label.setAccessibleName(title)
        if adding:
            self.show()

    def _new_row(self, row: int) -> tuple[QLabel, ElidedLabel]:
        title_label = QLabel(self)
        title_label.setTextFormat(Qt.TextFormat.PlainText)
        bold = title_label.font()
        bold.setBold(True)
        title_label.setFont(bold)
        title_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        value_label = ElidedLabel("", self)
        title_label.setBuddy(value_label)
        self._grid.addWidget(title_label, row, 0)
        self._grid.addWidget(value_label, row, 1)
        return title_label, value_label

    def facts(self) -> list[tuple[str, str]]:
        return list(self._facts)

    def values(self) -> list[ElidedLabel]:
        return [value for _, value in self._rows]

    def text(self) -> str:
        """The facts as plain text, one a line ("Email: ana@example.com (work)")."""
        return "\n".join(f"{title}: {value}" for title, value in self._facts)

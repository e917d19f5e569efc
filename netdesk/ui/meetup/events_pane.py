"""The events pane: the list of events above the selected event's view.

Creating, editing and checking people in go through the domain, one
transaction each; check-ins go on the undo stack. After every write the pane
tells the window through the ``DataEvents`` hub, and reloads when the hub says
something changed elsewhere.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain import event_view, events
from netdesk.domain.capture import split_name
from netdesk.domain.contacts import ContactDraft, contact_name
from netdesk.domain.events import CheckIn, EventDraft, EventRow
from netdesk.domain.validation import ValidationError
from netdesk.ui.data_events import DataEvents
from netdesk.ui.format import medium_date
from netdesk.ui.meetup.commands import push_done
from netdesk.ui.meetup.event_dialog import EventDialog
from netdesk.ui.meetup.event_view import EventView
from netdesk.ui.meetup.models import Column, RowTableModel
from netdesk.ui.roles import ROW_ROLE
from netdesk.ui.shortcuts import text as shortcut_text
from netdesk.ui.tables import list_table
from netdesk.ui.widgets.flow_layout import FlowLayout

# the list shows this many events before it scrolls
LIST_ROWS = 6
EVENT_COLUMNS = (
    Column("Date", lambda e: medium_date(e.held_on)),
    Column("Event", lambda e: e.name, lambda e: e.notes or None),
    Column("Place", lambda e: e.place, lambda e: e.place or None),
    Column("Came", lambda e: str(e.attendees)),
    Column("New", lambda e: str(e.new_people)),
    Column("Tags", lambda e: ", ".join(e.tags)),
)


class EventsPane(QWidget):
    """Emits ``message`` with a line for the status bar, ``capture_requested`` with an event."""

    message = Signal(str)
    capture_requested = Signal(int)
    contact_activated = Signal(int)

    def __init__(
        self, hub: DataEvents, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.hub = hub
        self.undo_stack = undo_stack
        self.new_button = QPushButton("New Event…", self)
        self.edit_button = QPushButton("Edit…", self)
        self.capture_button = QPushButton("Capture Here…", self)
        self.capture_button.setToolTip("Quick capture of new people at this event")
        self.new_button.setToolTip(shortcut_text("meetup.new_event"))
        self.edit_button.setToolTip(f"{shortcut_text('meetup.edit_event')}, or Enter in the list")
        self.model = RowTableModel(EVENT_COLUMNS, self)
        self.list = list_table(self.model, "eventTable", self)
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((2, 150), (5, 110)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.view = EventView(self)
        self.status = QLabel(self)
        self.status.setObjectName("eventsStatus")

        # one row of evenly spaced buttons, onto a second only when the panel is narrow
        buttons = FlowLayout(spacing=6)
        for button in (self.new_button, self.edit_button, self.capture_button):
            buttons.addWidget(button)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.list, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.view)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self._buttons = buttons
        self._fitted = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)

        self.new_button.clicked.connect(self.new_event)
        self.edit_button.clicked.connect(self.edit_event)
        self.capture_button.clicked.connect(self._on_capture_clicked)
        self.list.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.list.activated.connect(lambda _index: self.edit_event())
        self.view.picker.picked.connect(self.check_in)
        self.view.picker.add_requested.connect(self.add_person)
        self.view.contact_activated.connect(self.contact_activated)
        self.reload()

    # -- what others call --------------------------------------------------------

    def current_event_id(self) -> int | None:
        row = self.list.currentIndex().data(ROW_ROLE)
        return row.id if isinstance(row, EventRow) else None

    def select_event(self, event_id: int | None) -> bool:
        found = self.model.find(lambda e: e.id == event_id) if event_id else None
        if found is None:
            return False
        self.list.selectionModel().setCurrentIndex(
            self.model.index(found, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.list.scrollTo(self.model.index(found, 0))
        return True

    def reload(self) -> None:
        """Read the events again, keeping the selected one (or the latest)."""
        keep = self.current_event_id()
        self.model.set_rows(events.list_events())
        if not self.select_event(keep) and not self.select_event(events.latest_event_id()):
            if self.model.rowCount():
                self.list.selectRow(0)
            else:
                self.show_event(None)
        self.edit_button.setEnabled(self.current_event_id() is not None)
        self.capture_button.setEnabled(self.current_event_id() is not None)

    def show_event(self, event_id: int | None) -> None:
        self.view.show_summary(event_view.event_summary(event_id) if event_id else None)

    def show_today(self) -> None:
        """Select today's event (else the latest before today), in view in the list."""
        import datetime as dt

        today = events.event_held_on(dt.date.today()) or events.latest_event_id()
        if today is not None and today != self.current_event_id():
            self.select_event(today)
        self._scroll_to_current()

    def _scroll_to_current(self) -> None:
        index = self.list.currentIndex()
        if index.isValid():
            self.list.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self._fit_list()
        # (selected while hidden, the list could not scroll to it then)
        self._scroll_to_current()

    def _fit_list(self) -> None:
        """The list shows whole rows, up to ``LIST_ROWS`` (fewer when there are fewer
        events); the event below gets the rest."""
        rows = max(2, min(LIST_ROWS, self.model.rowCount()))
        top = self.splitter.widget(0).layout()
        height = (
            self._buttons.sizeHint().height()
            + top.spacing()
            + self.list.horizontalHeader().sizeHint().height()
            + self.list.verticalHeader().defaultSectionSize() * rows
            + 2 * self.list.frameWidth()
        )
        total = sum(self.splitter.sizes()) or self.height()
        self.splitter.setSizes([height, max(1, total - height)])
        QTimer.singleShot(0, self._trim_list)

    def _trim_list(self) -> None:
        """Once laid out: take off what shows of a row below the last whole one."""
        row = self.list.verticalHeader().defaultSectionSize()
        extra = self.list.viewport().height() % row
        if extra and self.list.viewport().height() > row:
            top, rest = self.splitter.sizes()
            self.splitter.setSizes([top - extra, rest + extra])

    def focus_check_in(self) -> None:
        if self.current_event_id() is not None:
            self.view.picker.focus()

    def invalidate_names(self) -> None:
        self.view.picker.picker.invalidate()

    # -- actions -------------------------------------------------------------------

    def new_event(self) -> None:
        created: list[int] = []

        def submit(draft: EventDraft) -> None:
            created.append(events.create_event(draft))

        dialog = EventDialog("New Event", EventDraft(), submit, self)
        if dialog.exec() and created:
            self.reload()
            self.select_event(created[0])
            self.hub.events_changed.emit()
            self.message.emit(f"Created {dialog.draft().name.strip()}")
        dialog.deleteLater()

    def edit_event(self) -> None:
        event_id = self.current_event_id()
        if event_id is None:
            return

        def submit(draft: EventDraft) -> None:
            events.update_event(event_id, draft)

        dialog = EventDialog("Edit Event", events.load_event(event_id), submit, self)
        if dialog.exec():
            self.reload()
            self.hub.events_changed.emit()
            # a new date moves the check-in interactions: scores and lists change
            self.hub.contacts_changed.emit([])
        dialog.deleteLater()

    def check_in(self, contact_id: int) -> None:
        event_id = self.current_event_id()
        if event_id is None:
            return
        try:
            done = events.check_in(event_id, contact_id)
        except ValidationError as exc:
            self._say(str(exc))
            return
        self._record_check_in(done, contact_name(contact_id))

    def add_person(self, text: str) -> None:
        """Someone new, added inline with just a name: checked in as met here."""
        event_id = self.current_event_id()
        if event_id is None:
            return
        given, family = split_name(text)
        try:
            done = events.add_and_check_in(
                event_id, ContactDraft(given_name=given, family_name=family)
            )
        except ValidationError as exc:
            self._say(str(exc))
            return
        self._record_check_in(done, " ".join(text.split()))

    def _record_check_in(self, done: CheckIn, name: str) -> None:
        state = {"done": done}
        verb = "Met" if done.is_new else "Checked in"

        def undo() -> None:
            events.undo_check_in(state["done"])

        def redo() -> None:
            state["done"] = events.redo_check_in(state["done"])

        def after() -> None:
            self.reload()
            if done.created_contact:
                self.hub.contacts_changed.emit([done.contact_id])
            self.hub.interactions_changed.emit(done.contact_id)
            self.hub.events_changed.emit()

        push_done(self.undo_stack, f"Check in {name}", undo, redo, after, self._say)
        self.view.picker.clear()
        after()
        self._say(f"{verb} {name}")
        self.view.picker.focus()

    # -- slots -------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.message.emit(text)

    def _on_current_changed(self, current, previous) -> None:
        row = current.data(ROW_ROLE)
        self.show_event(row.id if isinstance(row, EventRow) else None)

    def _on_capture_clicked(self) -> None:
        event_id = self.current_event_id()
        if event_id is not None:
            self.capture_requested.emit(event_id)

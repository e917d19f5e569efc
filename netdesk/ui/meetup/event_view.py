"""One event as a room: who came (new people in bold), check-in, introductions to plan."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from netdesk.domain.event_view import EventSummary
from netdesk.domain.events import Attendee
from netdesk.ui.format import medium_date
from netdesk.ui.meetup.models import Column, RowTableModel
from netdesk.ui.meetup.picker_widget import ContactPickerWidget
from netdesk.ui.roles import CONTACT_ID_ROLE
from netdesk.ui.tables import list_table

ATTENDEE_COLUMNS = (
    Column("Name", lambda a: a.name, lambda a: "First met here" if a.is_new else None),
    Column("Organisation", lambda a: a.organisation, lambda a: a.organisation or None),
    Column("Offers", lambda a: a.offers, lambda a: a.offers or None),
)
INTRODUCTION_COLUMNS = (
    Column("Who needs", lambda i: i.seeker_name),
    Column("Need", lambda i: i.need),
    Column("Who can help", lambda i: i.provider_name, lambda i: i.provider_organisation or None),
    Column("Because", lambda i: i.because, lambda i: i.because or None),
)


def _section(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class EventView(QWidget):
    """Shows an ``EventSummary``; the picker asks the pane to check people in."""

    contact_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QLabel(self)
        self.header.setObjectName("eventHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)
        self.picker = ContactPickerWidget("Check someone in: type part of a name…", self)

        self.attendee_model = RowTableModel(ATTENDEE_COLUMNS, self, bold=lambda a: a.is_new)
        self.attendee_view = list_table(self.attendee_model, "attendeeTable", self)
        header = self.attendee_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 150)
        header.setStretchLastSection(True)
        self.attendee_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.came_label = _section("Who came", self)

        self.intro_model = RowTableModel(INTRODUCTION_COLUMNS, self)
        self.intro_view = list_table(self.intro_model, "introductionTable", self)
        header = self.intro_view.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        # columns fit their text; a narrow panel scrolls instead of widening the window
        self.intro_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.intro_label = _section("Introductions to plan", self)

        came = QWidget(self)
        came_layout = QVBoxLayout(came)
        came_layout.setContentsMargins(0, 0, 0, 0)
        came_layout.addWidget(self.came_label)
        came_layout.addWidget(self.picker)
        came_layout.addWidget(self.attendee_view, 1)
        intros = QWidget(self)
        intro_layout = QVBoxLayout(intros)
        intro_layout.setContentsMargins(0, 0, 0, 0)
        intro_layout.addWidget(self.intro_label)
        intro_layout.addWidget(self.intro_view, 1)
        self.columns = QSplitter(Qt.Orientation.Horizontal, self)
        self.columns.setObjectName("eventColumns")
        self.columns.setChildrenCollapsible(False)
        self.columns.addWidget(came)
        self.columns.addWidget(intros)
        self.columns.setStretchFactor(0, 2)
        self.columns.setStretchFactor(1, 3)
        self.columns.setSizes([400, 600])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.columns, 1)
        self.attendee_view.activated.connect(self._on_attendee_activated)
        self.intro_view.activated.connect(self._on_introduction_activated)
        self.show_summary(None)

    def show_summary(self, summary: EventSummary | None) -> None:
        if summary is None:
            self.header.setText(
                "<p style='color:gray'>No event selected. Create one with "
                "<b>Meetup ▸ New Event</b> (Ctrl+Shift+N).</p>"
            )
            self.attendee_model.set_rows([])
            self.intro_model.set_rows([])
            self.picker.setEnabled(False)
            return
        event = summary.event
        esc = html.escape
        where = " · ".join(
            esc(part)
            for part in (medium_date(event.held_on), event.place, ", ".join(event.tags))
            if part
        )
        new = len(summary.new_people)
        counts = (
            f"<b>{len(summary.attendees)}</b> came · <b>{new}</b> new · "
            f"<b>{len(summary.introductions)}</b> introductions to plan"
        )
        self.header.setText(
            f"<h2 style='margin:0'>{esc(event.name)}</h2>"
            f"<p style='margin:2px 0'>{where}</p><p style='margin:2px 0'>{counts}</p>"
        )
        self.attendee_model.set_rows(summary.attendees)
        self.intro_model.set_rows(summary.introductions)
        self.came_label.setText(f"Who came ({len(summary.attendees)}, new in bold)")
        self.intro_label.setText(
            f"Introductions to plan ({len(summary.introductions)}): "
            "who here needs what someone else here offers"
        )
        self.picker.setEnabled(True)
        self.picker.set_present({a.contact_id for a in summary.attendees})

    def attendees(self) -> list[Attendee]:
        return self.attendee_model.rows()

    def _on_attendee_activated(self, index) -> None:
        contact_id = index.data(CONTACT_ID_ROLE)
        if contact_id:
            self.contact_activated.emit(int(contact_id))

    def _on_introduction_activated(self, index) -> None:
        row = self.intro_model.row_at(index.row())
        if row is not None:
            # the "who can help" side opens the provider, the rest the person with the need
            self.contact_activated.emit(row.provider_id if index.column() >= 2 else row.seeker_id)

"""Meetup mode: events and check-in, quick capture at the venue, follow-ups after it.

``install(window)`` adds the Events and Follow-ups side-panel tabs, the Meetup
menu (and two View entries) with their shortcuts, the quick capture window
(Ctrl+Shift+M from anywhere in netdesk), and the ``events`` and ``followups``
views for ``--view``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from netdesk.ui.shortcuts import SHORTCUTS as SHORTCUT_TABLE
from netdesk.ui.side_panel import LazyView

if TYPE_CHECKING:
    from netdesk.ui.meetup.capture_window import QuickCaptureWindow
    from netdesk.ui.meetup.events_pane import EventsPane
    from netdesk.ui.meetup.followups_pane import FollowUpsPane

SHORTCUTS = {
    key: SHORTCUT_TABLE[f"meetup.{key}"]
    for key in ("capture", "new_event", "edit_event", "check_in", "events", "followups")
}
# shares of the window's width when a meetup view is brought forward: the contact list,
# the contact (at its least width: the events need the room), the panel
_SHARES = (0.3, 0.0, 0.7)


class MeetupFeature(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        # each pane is made the first time it is shown or its key pressed
        self._events: LazyView[EventsPane] = LazyView(self._make_events_pane)
        self._followups: LazyView[FollowUpsPane] = LazyView(self._make_followups_pane)
        self._capture: QuickCaptureWindow | None = None
        # one reload for a burst of "data changed" signals (a capture sends three)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self.reload)
        self._build_actions()
        self._connect_signals()
        window.add_side_panel(self._events, "Events")
        window.add_side_panel(self._followups, "Follow-ups")
        window.register_view("events", self.show_events)
        window.register_view("followups", self.show_followups)

    # -- the panes ---------------------------------------------------------------------

    @property
    def events_pane(self) -> EventsPane:
        return self._events.get()

    @property
    def followups_pane(self) -> FollowUpsPane:
        return self._followups.get()

    def _make_events_pane(self) -> EventsPane:
        from netdesk.ui.meetup.events_pane import EventsPane

        window = self.window
        pane = EventsPane(window.events, window.undo_stack, window)
        pane.setObjectName("eventsPane")
        pane.message.connect(self._show_message)
        pane.capture_requested.connect(self.open_capture_for)
        pane.contact_activated.connect(self.select_contact)
        return pane

    def _make_followups_pane(self) -> FollowUpsPane:
        from netdesk.ui.meetup.followups_pane import FollowUpsPane

        window = self.window
        pane = FollowUpsPane(window.events, window.undo_stack, window)
        pane.setObjectName("followUpsPane")
        pane.message.connect(self._show_message)
        pane.contact_activated.connect(self.select_contact)
        return pane

    # -- menus ---------------------------------------------------------------------

    def _action(self, text: str, key: str, slot) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(SHORTCUTS[key]))
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def _build_actions(self) -> None:
        window = self.window
        self.capture_action = self._action("Quick &Capture…", "capture", self.open_capture)
        # from anywhere: the main window, the capture window itself, a dialog
        self.capture_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.new_event_action = self._action("&New Event…", "new_event", self.new_event)
        self.edit_event_action = self._action("&Edit Event…", "edit_event", self.edit_event)
        self.check_in_action = self._action("Check &In…", "check_in", self.check_in)
        self.events_action = self._action("E&vents", "events", self.show_events)
        self.followups_action = self._action(
            "&Follow-ups After Events", "followups", self.show_followups
        )
        self.menu = QMenu("&Meetup", window)
        self.menu.setObjectName("meetupMenu")
        for action in (self.capture_action, self.check_in_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        for action in (self.new_event_action, self.edit_event_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        for action in (self.events_action, self.followups_action):
            self.menu.addAction(action)
        window.menuBar().insertMenu(window.help_menu.menuAction(), self.menu)
        window.view_menu.addAction(self.events_action)
        window.view_menu.addAction(self.followups_action)

    def _connect_signals(self) -> None:
        hub = self.window.events
        hub.events_changed.connect(self.on_data_changed)
        hub.interactions_changed.connect(self.on_data_changed)
        hub.contacts_changed.connect(self.on_contacts_changed)
        hub.database_replaced.connect(self.on_contacts_changed)

    # -- views ---------------------------------------------------------------------

    def _bring_forward(self, widget: QWidget) -> None:
        self.window.show_side_tab(widget, _SHARES)

    def show_events(self) -> None:
        self._bring_forward(self.events_pane)
        self.events_pane.show_today()
        self.events_pane.list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_followups(self) -> None:
        self._bring_forward(self.followups_pane)
        self.followups_pane.focus_list()

    def select_contact(self, contact_id: int) -> None:
        self.window.contact_list.select_contact(contact_id)

    # -- actions -------------------------------------------------------------------

    def capture_window(self) -> QuickCaptureWindow:
        if self._capture is None:
            # loaded on first use: the window opens without it
            from netdesk.ui.meetup.capture_window import QuickCaptureWindow

            self._capture = QuickCaptureWindow(self.window.events, self.window)
        return self._capture

    def open_capture(self) -> None:
        window = self.capture_window()
        if window.isVisible():
            window.raise_()
            window.activateWindow()
            window.focus_name()
        else:
            window.start()

    def open_capture_for(self, event_id: int) -> None:
        self.capture_window().start(event_id)

    def new_event(self) -> None:
        self.show_events()
        self.events_pane.new_event()

    def edit_event(self) -> None:
        self.show_events()
        self.events_pane.edit_event()

    def check_in(self) -> None:
        self.show_events()
        self.events_pane.focus_check_in()

    # -- slots ---------------------------------------------------------------------

    def on_data_changed(self, *_args) -> None:
        self._reload_timer.start()

    def on_contacts_changed(self, *_args) -> None:
        events_pane = self._events.view()
        if events_pane is not None:
            events_pane.invalidate_names()
        if self._capture is not None:
            self._capture.on_contacts_changed()
        self._reload_timer.start()

    def reload(self) -> None:
        # (a pane not made yet reads what is there when it is)
        for page in (self._events, self._followups):
            pane = page.view()
            if pane is not None:
                pane.reload()
        if self._capture is not None:
            self._capture.reload_events()

    def _show_message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 6000)


def install(window: QMainWindow) -> MeetupFeature:
    """Plug meetup mode into the main window; the window keeps it as ``window.meetup``."""
    feature = MeetupFeature(window)
    window.meetup = feature
    return feature

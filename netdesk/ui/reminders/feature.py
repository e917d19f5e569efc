"""Reminders in the window and the system tray, while netdesk is open.

Every few minutes (and soon after the window opens) the domain says who falls
due today and has not been reminded today (``netdesk.domain.reminders``):

- **in the window** (the ``reminders.in_app`` setting, on by default): a bar
  under the toolbar names them, with *Open* (Needs Attention, the first person
  selected) and *Snooze Until Tomorrow* (undoable);
- **from the system tray** (``reminders.tray``, off by default): netdesk's icon
  with the count due, a desktop notification (a click on it opens netdesk; the
  icon's menu has Open, Snooze and Quit), and a minimised window goes to the
  tray rather than the task bar. A desktop with no tray gets the bar instead.

The count follows every change of the data; only ``check`` writes (the record
of who was reminded today), and only once the database's integrity check passed.
The reminders' domain (and the follow-ups' it reads) loads with the first look, some
seconds after the window opens: the window shows without it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from netdesk.domain import settings
from netdesk.ui.failures import complain
from netdesk.ui.reminders.bar import ReminderBar
from netdesk.ui.reminders.tray import ReminderTray
from netdesk.ui.undo import ActionCommand

if TYPE_CHECKING:
    from netdesk.domain.reminders import Reminder

CHECK_EVERY_MS = 5 * 60 * 1000
FIRST_CHECK_MS = 3000
# while the integrity check still runs, ask again this soon
RETRY_MS = 1000


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


class RemindersFeature(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.started = False
        self.tray: ReminderTray | None = None
        # the reminder last shown (bar or notification): what Open and Snooze act on
        self.shown: Reminder | None = None
        self.bar = ReminderBar(window)
        # a row of its own, under the toolbar
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.bar)
        window.insertToolBarBreak(self.bar)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        # the first look waits for the integrity check (one retry pending at a time)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.check)
        # a burst of changes is counted once, when they are done
        self._recount = QTimer(self)
        self._recount.setSingleShot(True)
        self._recount.setInterval(0)
        self._recount.timeout.connect(self.recount)
        self._connect_signals()

    def _connect_signals(self) -> None:
        events = self.window.events
        events.contacts_changed.connect(self._recount.start)
        events.interactions_changed.connect(self._recount.start)
        events.referrals_changed.connect(self._recount.start)
        events.events_changed.connect(self._recount.start)
        events.database_replaced.connect(self._recount.start)
        self.bar.open_requested.connect(self.open)
        self.bar.snooze_requested.connect(self.snooze)
        self.window.installEventFilter(self)

    # -- running -----------------------------------------------------------------------

    def start(self) -> None:
        """Begin reminding (the app does once the window is painted; a test when it wants)."""
        if self.started:
            return
        self.started = True
        self.apply_settings()
        self.timer.start()
        QTimer.singleShot(FIRST_CHECK_MS, self, self.check)

    def stop(self) -> None:
        self.started = False
        self.timer.stop()
        self._retry.stop()
        self._recount.stop()
        if self.tray is not None:
            self.tray.close()
            self.tray = None

    def _may_write(self) -> bool:
        """Whether the database passed its integrity check (or none is owed)."""
        integrity = self.window.integrity
        return integrity is None or integrity.problem == ""

    def _in_app(self) -> bool:
        # a tray asked for on a desktop without one: the window reminds instead
        return bool(settings.get("reminders.in_app")) or (
            bool(settings.get("reminders.tray")) and self.tray is None
        )

    def apply_settings(self) -> None:
        """The tray icon shown or removed as ``reminders.tray`` says."""
        wanted = bool(settings.get("reminders.tray")) and tray_available()
        if wanted and self.tray is None:
            self.tray = ReminderTray(self)
            self.tray.open_requested.connect(self.open)
            self.tray.snooze_requested.connect(self.snooze)
            self.tray.quit_requested.connect(self.quit)
            self.tray.set_shown(True)
        elif not wanted and self.tray is not None:
            self.tray.close()
            self.tray = None
        if not self._in_app():
            self.bar.hide()

    def check(self, today: dt.date | None = None) -> Reminder | None:
        """Remind of whoever fell due and was not reminded today; None when off."""
        if not self.started:
            return None
        if not self._may_write():
            if not self._retry.isActive():
                self._retry.start()
            return None
        try:
            self.apply_settings()
            in_app = self._in_app()
            if not in_app and self.tray is None:
                return None
            from netdesk.domain import reminders

            reminder = reminders.check(today)
        except Exception as exc:
            self.timer.stop()  # (once: not a message every few minutes)
            if not complain(self.window, "Could not work out the reminders", exc):
                raise
            return None
        if self.tray is not None:
            self.tray.show_due(reminder)
        if reminder.people:
            self.shown = reminder
            if in_app:
                self.bar.show_reminder(reminder)
            if self.tray is not None:
                self.tray.notify(reminder)
        return reminder

    def recount(self) -> None:
        """The data changed: the count due again, and the bar only while someone on it is."""
        if not self.started:
            return
        from netdesk.domain import reminders
        from netdesk.domain.reminders import Reminder

        self.apply_settings()
        today = dt.date.today()
        due = reminders.due_people(today)
        if self.tray is not None:
            self.tray.show_due(Reminder(today, (), tuple(due)))
        if self.shown is not None:
            still = {p.contact_id for p in due}
            if not any(p.contact_id in still for p in self.shown.people):
                self.bar.hide()

    # -- what a person does with a reminder -------------------------------------------

    def open(self) -> None:
        """Open: the window in front, Needs Attention, the first person reminded selected."""
        window = self.window
        if window.isMinimized() or not window.isVisible():
            window.showNormal()
        window.raise_()
        window.activateWindow()
        window.install_features()
        people = self.shown.people if self.shown is not None else ()
        if people:
            window.contact_list.select_contact(people[0].contact_id)
        feature = window.referral_feature
        feature.attention.refresh()
        feature.show_tab(feature.attention)
        self.bar.hide()

    def snooze(self) -> None:
        """Snooze Until Tomorrow: the people reminded leave the list until tomorrow."""
        if self.shown is None:
            return
        from netdesk.domain import reminders

        shown = {p.contact_id for p in self.shown.people}
        people = [p for p in reminders.due_people(dt.date.today()) if p.contact_id in shown]
        self.bar.hide()
        if self.tray is not None:
            self.tray.snooze_action.setEnabled(False)
        if not people:
            return
        state: dict[str, list] = {}

        def do() -> None:
            state["changes"] = reminders.snooze(people)

        def after() -> None:
            self.window.referral_feature.refresh_attention()
            self.recount()

        names = ", ".join(p.name for p in people)
        self.window.undo_stack.push(
            ActionCommand(
                f"Snooze {names}", do, lambda: reminders.undo_snooze(state["changes"]), after
            )
        )
        self.window.statusBar().showMessage(
            f"Snoozed until tomorrow: {names}. Undo (Ctrl+Z) takes it back.", 8000
        )

    def quit(self) -> None:
        if self.window.ask_about_unsaved_forms():
            return  # (a form with typing in it asks first)
        if self.window.close():
            QApplication.quit()

    # -- minimised to the tray ---------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            if event.type() == QEvent.Type.WindowStateChange:
                if self.window.isMinimized() and self.tray is not None:
                    QTimer.singleShot(0, self.window.hide)
            elif event.type() == QEvent.Type.Close:
                self.stop()
        return super().eventFilter(watched, event)

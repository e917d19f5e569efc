"""The in-window reminder: a bar under the toolbar, "Time to get in touch with Ana
Bennett", with Open and Snooze, until it is answered or hidden."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPushButton, QSizePolicy, QToolBar, QWidget

from netdesk.ui.widgets.elided_label import ElidedLabel

if TYPE_CHECKING:
    from netdesk.domain.reminders import Reminder


class ReminderBar(QToolBar):
    open_requested = Signal()
    snooze_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Reminders", parent)
        self.setObjectName("reminderBar")
        self.setMovable(False)
        self.setFloatable(False)
        # (the bar is netdesk's to show: it is not in the toolbars' context menu)
        self.toggleViewAction().setVisible(False)
        self.setAccessibleName("Reminder")
        self.message = ElidedLabel("", self)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.message.setContentsMargins(6, 0, 6, 0)
        self.open_button = QPushButton("Open", self)
        self.open_button.setToolTip("Show who is due in Needs Attention")
        self.snooze_button = QPushButton("Snooze Until Tomorrow", self)
        self.snooze_button.setToolTip("Take them off the list until tomorrow (Undo takes it back)")
        self.hide_button = QPushButton("Hide", self)
        self.hide_button.setToolTip("Hide this reminder (it comes back tomorrow if still due)")
        self.addWidget(self.message)
        for button in (self.open_button, self.snooze_button, self.hide_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.addWidget(button)
        self.open_button.clicked.connect(self.open_requested)
        self.snooze_button.clicked.connect(self.snooze_requested)
        self.hide_button.clicked.connect(self.hide)
        self.hide()

    def show_reminder(self, reminder: Reminder) -> None:
        self.message.setText(reminder.summary)
        self.message.setToolTip(reminder.body)
        self.show()

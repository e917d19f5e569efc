"""netdesk in the system tray: its icon with the count due, the menu, the notifications."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from netdesk.ui.icons import app_icon

if TYPE_CHECKING:
    from netdesk.domain.reminders import Reminder

ICON_SIZE = 64
# how long a notification stays (the desktop may keep it in its own list longer)
MESSAGE_MS = 15000


def counted_icon(count: int, size: int = ICON_SIZE) -> QIcon:
    """netdesk's icon with the count due in a red disc at its corner (none at 0)."""
    base = app_icon().pixmap(size, size)
    if count <= 0:
        return QIcon(base)
    picture = QPixmap(base)
    painter = QPainter(picture)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    disc = QRect(size // 2 - 2, 0, size // 2 + 2, size // 2 + 2)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#c62828"))
    painter.drawEllipse(disc)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(disc.height() * (0.62 if count < 10 else 0.5)))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, str(count) if count < 100 else "99+")
    painter.end()
    return QIcon(picture)


class ReminderTray(QObject):
    """The tray icon; its menu opens netdesk, Needs Attention, snoozes or quits."""

    open_requested = Signal()
    snooze_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.count = 0
        self.icon = QSystemTrayIcon(counted_icon(0), self)
        self.icon.setToolTip("netdesk")
        self.menu = QMenu()
        self.open_action = QAction("&Open netdesk", self)
        self.snooze_action = QAction("&Snooze Until Tomorrow", self)
        self.snooze_action.setEnabled(False)
        self.quit_action = QAction("&Quit", self)
        self.menu.addAction(self.open_action)
        self.menu.addAction(self.snooze_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self.open_action.triggered.connect(self.open_requested)
        self.snooze_action.triggered.connect(self.snooze_requested)
        self.quit_action.triggered.connect(self.quit_requested)
        self.icon.messageClicked.connect(self.open_requested)
        self.icon.activated.connect(self.on_activated)

    def on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        # a click (or a double click) on the icon; the context menu opens by itself
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.open_requested.emit()

    def set_shown(self, shown: bool) -> None:
        self.icon.setVisible(shown)

    def show_due(self, reminder: Reminder) -> None:
        """The count due on the icon and in its tooltip."""
        count = len(reminder.due)
        if count != self.count:
            self.icon.setIcon(counted_icon(count))
            self.count = count
        self.icon.setToolTip(f"netdesk — {reminder.count_text}")

    def notify(self, reminder: Reminder) -> None:
        """The desktop's notification; a click on it opens netdesk (where supported)."""
        self.snooze_action.setEnabled(True)
        if QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(
                reminder.title, reminder.body, counted_icon(len(reminder.due)), MESSAGE_MS
            )

    def close(self) -> None:
        self.icon.hide()
        self.menu.deleteLater()

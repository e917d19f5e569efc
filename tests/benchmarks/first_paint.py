"""The probes' Qt side: how a first paint is seen (see ``ui_probe``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

_PAINTED = QEvent.Type.User
# Qt.EventPriority.HighEventPriority, spelled as its value: touching the Qt namespace
# costs a process some milliseconds, which the bare window would not pay otherwise
_HIGH_PRIORITY = 1


class FirstPaint(QObject):
    """Calls ``then(window)`` once the window's first paint with ``is_ready(window)`` is done."""

    def __init__(self, window: QWidget, is_ready, then) -> None:
        super().__init__(window)
        self._window = window
        self._is_ready = is_ready
        self._then = then
        self._done = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == _PAINTED:
            print("painted", flush=True)
            QTimer.singleShot(0, lambda: self._then(self._window))
            return True
        if not self._done and event.type() == QEvent.Type.Paint and self._is_ready(watched):
            self._done = True
            # (posted events at high priority come before anything else queued)
            QCoreApplication.postEvent(watched, QEvent(_PAINTED), _HIGH_PRIORITY)
        return False

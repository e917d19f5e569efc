"""The probes' Qt side: how a window's first paint, and its first usable paint, are seen
(see ``ui_probe``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

_PAINTED = QEvent.Type.User
_USABLE = QEvent.Type(QEvent.Type.User + 1)
# Qt.EventPriority.HighEventPriority, spelled as its value: touching the Qt namespace
# costs a process some milliseconds, which the bare window would not pay otherwise
_HIGH_PRIORITY = 1


class FirstPaint(QObject):
    """Prints "painted" once the window's first paint with ``is_ready(window)`` is done,
    and, given ``is_usable``, "usable" once a repaint that began with ``is_usable(window)``
    true is done; then calls ``then(window)``.

    Qt paints everything marked dirty in one pass when the window's paint or
    ``UpdateRequest`` event is handled; a marker posted at high priority as that
    event arrives comes right after the pass.
    """

    def __init__(self, window: QWidget, is_ready, then, is_usable=None) -> None:
        super().__init__(window)
        self._window = window
        self._is_ready = is_ready
        self._is_usable = is_usable
        self._then = then
        self._painted = False
        self._usable = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == _PAINTED:
            print("painted", flush=True)
            if self._is_usable is None:
                QTimer.singleShot(0, lambda: self._then(self._window))
            return True
        if kind == _USABLE:
            print("usable", flush=True)
            QTimer.singleShot(0, lambda: self._then(self._window))
            return True
        if kind == QEvent.Type.Paint and not self._painted and self._is_ready(watched):
            self._painted = True
            QCoreApplication.postEvent(watched, QEvent(_PAINTED), _HIGH_PRIORITY)
        if (
            self._is_usable is not None
            and self._painted
            and not self._usable
            and kind in (QEvent.Type.Paint, QEvent.Type.UpdateRequest)
            and self._is_usable(watched)
        ):
            self._usable = True
            QCoreApplication.postEvent(watched, QEvent(_USABLE), _HIGH_PRIORITY)
        return False

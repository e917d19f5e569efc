"""The probes' Qt side: how a window's first paint, and its first usable paint, are seen
(see ``ui_probe``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

_PASS_ENDED = QEvent.Type.User
# Qt.EventPriority.HighEventPriority, spelled as its value: touching the Qt namespace
# costs a process some milliseconds, which the bare window would not pay otherwise
_HIGH_PRIORITY = 1


class PassWatcher(QObject):
    """Runs a window's repaint pass itself, inside its event filter, so the pass's end is
    known exactly (``_pass_ended``); ``_in_pass`` while it runs."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._in_pass = False

    def _run_pass(self, window: QObject, update_request: QEvent) -> None:
        self._in_pass = True
        try:
            type(window).event(window, update_request)
        finally:
            self._in_pass = False
        self._pass_ended()

    def _pass_ended(self) -> None:
        raise NotImplementedError


class FirstPaint(PassWatcher):
    """Prints "painted" once the window's first paint with ``is_ready(window)`` is done,
    and, given ``is_usable``, "usable" once a repaint that began with ``is_usable(window)``
    true is done; then calls ``then(window)``.

    Qt paints everything marked dirty in one pass: when the window is first shown
    (its expose), and then when its ``UpdateRequest`` event is handled. That event's
    pass is run here, inside the event filter, so its end is known exactly; after
    the first pass, a marker posted at high priority as the window's paint begins
    comes right after the pass (and after any timer already due, which the first
    paint, made before any timer of the window can run, does not wait for).
    """

    def __init__(self, window: QWidget, is_ready, then, is_usable=None) -> None:
        super().__init__(window)
        self._window = window
        self._is_ready = is_ready
        self._is_usable = is_usable
        self._then = then
        self._painted = False  # printed "painted"
        self._usable = False  # printed "usable"
        self._ready_in_pass = False
        self._usable_in_pass = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == _PASS_ENDED:
            self._pass_ended()
            return True
        if kind == QEvent.Type.UpdateRequest and not self._in_pass:
            self._note_usable(watched)
            self._run_pass(watched, event)
            return True
        if kind == QEvent.Type.Paint:  # the window itself paints: its first paint is all of it
            if not self._painted and self._is_ready(watched):
                self._ready_in_pass = True
            if not self._in_pass:  # (the window shown: its expose, painted there and then)
                self._note_usable(watched)
                QCoreApplication.postEvent(watched, QEvent(_PASS_ENDED), _HIGH_PRIORITY)
        return False

    def _note_usable(self, window: QWidget) -> None:
        if (
            self._is_usable is not None
            and (self._painted or self._ready_in_pass)
            and not self._usable
            and self._is_usable(window)
        ):
            self._usable_in_pass = True

    def _pass_ended(self) -> None:
        if self._ready_in_pass and not self._painted:
            self._painted = True
            print("painted", flush=True)
            if self._is_usable is None:
                QTimer.singleShot(0, lambda: self._then(self._window))
        if self._usable_in_pass and not self._usable:
            self._usable = True
            print("usable", flush=True)
            QTimer.singleShot(0, lambda: self._then(self._window))

"""Where a person's wait ends, seen from inside the process: painted, then idle.

``PaintClock`` watches one top-level window (and the window of every widget
it is asked to see painted: a popup is a window of its own). Qt paints a
window when its ``UpdateRequest`` arrives: every widget marked dirty by then
is painted in that one pass, and the pass ends with the frame handed to the
screen (the backing store flushed). The clock runs that pass itself, inside
its event filter, so it reads the time the pass ended: not later, when the
event loop has gone on to due timers (the count of a search's matches, a
deferred load), which the person does not wait for to see the frame.

``measure(act, painted=widget)`` runs one action the way the app runs it:
``act()`` (a key sent to a widget, a row selected), then the real event loop
(``processEvents``: posted events, timers and repaints in Qt's own order)
until

- **painted**: a repaint pass that painted ``widget`` has ended, after the
  action. Whatever the event loop ran first (a timer due before the repaint)
  is in it, as it is for the person waiting;
- **idle**: every timer of the window that the action started has fired and
  whatever they changed has been painted.

Both are seconds from just before ``act()``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from tests.benchmarks.first_paint import PassWatcher

_MARKER = QEvent.Type(QEvent.registerEventType())
# Qt.EventPriority.HighEventPriority
_HIGH_PRIORITY = 1
# a benchmark that waits longer than this has hung
_GIVE_UP_S = 30.0


class PaintClock(PassWatcher):
    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self._window = window
        self._watched: set[int] = set()
        self._marker_pending = False
        self._painted_in_pass: set[int] = set()
        self._ready: Callable[[], bool] | None = None
        self.passes = 0
        self.last_pass_end = 0.0
        self.last_pass_end_cpu = 0.0
        # processor seconds of this process from ``act()`` to painted, in the last measure
        # (what the machine's other work cannot stretch: a shared machine's wall clock can)
        self.cpu_painted = 0.0
        # widgets (by id) painted in a pass that has ended, since ``reset``
        self.painted: set[int] = set()
        self.watch(window)

    def watch(self, widget: QWidget) -> None:
        for watched in (widget, widget.window()):
            if id(watched) not in self._watched:
                self._watched.add(id(watched))
                watched.installEventFilter(self)

    def reset(self) -> None:
        self.painted.clear()

    # -- Qt's side ------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (
            kind == QEvent.Type.UpdateRequest
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and not self._in_pass
        ):
            # the pass, run here as the window would run it, so its end is known
            self._run_pass(watched, event)
            return True
        if kind == QEvent.Type.Paint and id(watched) in self._watched:
            if self._ready is None or self._ready():
                self._painted_in_pass.add(id(watched))
            if not self._in_pass:
                self._post_marker()  # (a direct repaint() has no UpdateRequest)
        return False

    def _post_marker(self) -> None:
        if not self._marker_pending:
            self._marker_pending = True
            QCoreApplication.postEvent(self, QEvent(_MARKER), _HIGH_PRIORITY)

    def event(self, event: QEvent) -> bool:
        if event.type() == _MARKER:
            self._marker_pending = False
            self._pass_ended()
            return True
        return super().event(event)

    def _pass_ended(self) -> None:
        self.last_pass_end = time.perf_counter()
        self.last_pass_end_cpu = time.process_time()
        self.passes += 1
        self.painted |= self._painted_in_pass
        self._painted_in_pass = set()

    # -- measuring --------------------------------------------------------------

    def active_timers(self) -> set[int]:
        return {id(t) for t in self._window.findChildren(QTimer) if t.isActive()}

    def measure(
        self,
        act: Callable[[], object],
        painted: QWidget | None,
        ready: Callable[[], bool] | None = None,
    ) -> tuple[float, float]:
        """Seconds from ``act()`` to ``painted`` painted, and to idle.

        ``ready``: what the action is for has happened (a paint of ``painted`` before
        then, of an older state, does not count). Without ``painted``, only until idle
        (and the first number is 0)."""
        app = QApplication.instance()
        if painted is not None:
            self.watch(painted)
        app.processEvents()  # anything left over from before is not the action's
        running_before = self.active_timers()
        self.reset()
        self._ready = ready
        start_cpu = time.process_time()
        start = time.perf_counter()
        act()
        try:
            while painted is not None and id(painted) not in self.painted:
                app.processEvents()
                self._check_time(start)
        finally:
            self._ready = None
        painted_at = self.last_pass_end if painted is not None else start
        self.cpu_painted = (self.last_pass_end_cpu - start_cpu) if painted is not None else 0.0
        busy_until = painted_at
        quiet_passes = 0
        while quiet_passes < 2:
            passes = self.passes
            app.processEvents()
            after = time.perf_counter()
            started = self.active_timers() - running_before
            if started or self._marker_pending:
                busy_until = after
                quiet_passes = 0
            elif self.passes != passes:
                busy_until = max(busy_until, self.last_pass_end)
                quiet_passes = 0
            else:
                quiet_passes += 1
            self._check_time(start)
        return painted_at - start, max(busy_until, painted_at) - start

    @staticmethod
    def _check_time(start: float) -> None:
        if time.perf_counter() - start > _GIVE_UP_S:
            raise RuntimeError("the action never finished painting")

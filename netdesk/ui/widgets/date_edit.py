"""A date field that behaves like every other field: Tab leaves it.

Qt's ``QDateEdit`` spends Tab on its own sections (day, month, year), so a person
who presses Tab after the date to type a note types it into nowhere. Here Tab and
Shift+Tab move to the next and previous field; the sections are reached with Left
and Right, by typing the date as it is written ("3 Nov 2026": a section done, the
next one is typed, and the separator after a section Qt moved on from by itself is
not taken as a move past the next), or by clicking. The calendar opens with
Alt+Down or F4, as a list's does, or a click on the arrow. The date reads as the
locale's medium date (``netdesk.ui.format``).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateEdit, QWidget

from netdesk.ui.format import medium_date, medium_date_format
from netdesk.ui.widgets.error_label import ErrorLabel
from netdesk.ui.window_layout import fit_wrapped_text

_COMMANDS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


class DateEdit(QDateEdit):
    def __init__(
        self,
        day: dt.date | None = None,
        parent: QWidget | None = None,
        *,
        latest: dt.date | None = None,
        earliest: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(medium_date_format())
        # ``earliest`` and ``latest`` bound the calendar's days, not what is typed: Qt checks
        # each section typed against the others as they are, so with today the latest,
        # the "2" of "28 Oct" (28 Dec, still in the future) would move on to the month.
        # A date typed outside them is said by ``problem`` (and refused where it is saved).
        self._bounds = (
            qdate(earliest) if earliest is not None else QDate(),
            qdate(latest) if latest is not None else QDate(),
        )
        self.calendarWidget().window().installEventFilter(self)
        self.set_day(day or dt.date.today())
        self._moved_on = False  # the last key typed completed a section

    def open_calendar(self) -> None:
        """Open the calendar, as a click on the arrow does (Qt's date field opens it only
        on that click: a press there is what is sent)."""
        if self.isReadOnly():
            return
        x = 3 if self.isRightToLeft() else self.width() - 4
        where = QPointF(x, self.height() / 2)
        press = QMouseEvent(
            QEvent.Type.MouseButtonPress,
            where,
            self.mapToGlobal(where),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        super().mousePressEvent(press)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # the calendar opens with the field's own range: bound its days then
        if event.type() == QEvent.Type.Show:
            calendar = self.calendarWidget()
            earliest, latest = self._bounds
            if earliest.isValid():
                calendar.setMinimumDate(earliest)
            if latest.isValid():
                calendar.setMaximumDate(latest)
        return False

    def refused(self, error: ErrorLabel) -> bool:
        """Whether the date typed is outside its range: then ``error`` says so (its
        window made tall enough) and the date is focused, for the dialog to stay open
        with everything typed."""
        problem = self.problem()
        if problem is None:
            return False
        error.set_message(problem)
        fit_wrapped_text(self.window())
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def problem(self) -> str | None:
        """What is wrong with the date typed, said for the person ("Date: 9 Dec 2026 is in
        the future"), or None."""
        earliest, latest = self._bounds
        value = self.date()
        if latest.isValid() and value > latest:
            beyond = (
                "in the future"
                if latest == QDate.currentDate()
                else f"after {medium_date(latest.toPython())}"
            )
            return f"Date: {medium_date(value.toPython())} is {beyond}"
        if earliest.isValid() and value < earliest:
            return (
                f"Date: {medium_date(value.toPython())} is before "
                f"{medium_date(earliest.toPython())}"
            )
        return None

    def day(self) -> dt.date:
        day: dt.date = self.date().toPython()
        return day

    def set_day(self, day: dt.date) -> None:
        self.setDate(qdate(day))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F4 or (
            event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
            and event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            event.accept()
            self.open_calendar()
            return
        # A digit or letter that completes a section moves Qt's date field on to the next;
        # the separator a person types after it would then skip that one too ("3 Nov 2026"
        # read as 3 Dec: the space jumps over the month, "Nov" falls on the year). So the
        # separator right after such a move is the move already made.
        text = event.text()
        moved, self._moved_on = self._moved_on, False
        if moved and text and not text[0].isalnum() and not event.modifiers() & _COMMANDS:
            event.accept()
            return
        section = self.currentSectionIndex()
        super().keyPressEvent(event)
        self._moved_on = bool(text) and text[0].isalnum() and self.currentSectionIndex() > section

    def event(self, event: QEvent) -> bool:
        # Tab and Shift+Tab go to the next and previous field. (Qt's date field hands them,
        # and the separators typed in the date, to the one method that moves between its
        # sections: only the keys Tab and Shift+Tab are taken from it here.)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key, modifiers = event.key(), event.modifiers()
            if not modifiers & _COMMANDS:
                if key == Qt.Key.Key_Backtab or (
                    key == Qt.Key.Key_Tab and modifiers & Qt.KeyboardModifier.ShiftModifier
                ):
                    return QWidget.focusNextPrevChild(self, False)
                if key == Qt.Key.Key_Tab:
                    return QWidget.focusNextPrevChild(self, True)
        return super().event(event)


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)

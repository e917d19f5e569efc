"""A date field that behaves like every other field: Tab leaves it.

Qt's ``QDateEdit`` spends Tab on its own sections (day, month, year), so a person
who presses Tab after the date to type a note types it into nowhere. Here Tab and
Shift+Tab move to the next and previous field; the sections are reached with Left
and Right, or by clicking, and the calendar opens with Alt+Down. The date reads
as the locale's medium date (``netdesk.ui.format``).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

from netdesk.ui.format import medium_date_format


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
        if earliest is not None:
            self.setMinimumDate(qdate(earliest))
        if latest is not None:
            self.setMaximumDate(qdate(latest))
        self.set_day(day or dt.date.today())

    def day(self) -> dt.date:
        value = self.date()
        return dt.date(value.year(), value.month(), value.day())

    def set_day(self, day: dt.date) -> None:
        self.setDate(qdate(day))

    def focusNextPrevChild(self, forward: bool) -> bool:
        # Qt's own moves between the date's sections first; Tab goes to the next field
        return QWidget.focusNextPrevChild(self, forward)


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)

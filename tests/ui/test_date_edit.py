"""The date field, driven by keys: typed as it reads, the calendar opened from the keyboard."""

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout

from netdesk.ui.widgets.date_edit import DateEdit

Key = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
TODAY = dt.date.today()


@pytest.fixture
def form(qtbot):
    """A date (today at the latest) and a note after it, the date focused."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    date = DateEdit(TODAY, dialog, latest=TODAY)
    note = QLineEdit(dialog)
    layout.addWidget(date)
    layout.addWidget(note)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    date.setFocus()
    qtbot.waitUntil(date.hasFocus)
    yield date, note
    dialog.close()


def written(date: DateEdit, day: dt.date) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day), date.displayFormat())


@pytest.mark.parametrize("back", [1, 9, 40, 400])
def test_a_date_typed_as_it_reads_is_the_date_taken(form, qtbot, back):
    date, note = form
    day = TODAY - dt.timedelta(days=back)
    qtbot.keyClicks(date, written(date, day))
    assert date.hasFocus()
    assert date.day() == day
    qtbot.keyClick(date, Key.Key_Tab)
    assert note.hasFocus() and note.text() == ""


@pytest.mark.parametrize(("key", "modifiers"), [(Key.Key_Down, ALT), (Key.Key_F4, None)])
def test_alt_down_or_f4_opens_the_calendar_up_to_today(form, qtbot, key, modifiers):
    date, _ = form
    if modifiers is None:
        qtbot.keyClick(date, key)
    else:
        qtbot.keyClick(date, key, modifiers)
    calendar = date.calendarWidget()
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is calendar.window())
    assert date.day() == TODAY  # opened, not stepped
    assert calendar.maximumDate() == QDate(TODAY.year, TODAY.month, TODAY.day)
    qtbot.keyClick(QApplication.focusWidget(), Key.Key_Left)
    qtbot.keyClick(QApplication.focusWidget(), Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert date.day() == TODAY - dt.timedelta(days=1)
    assert date.hasFocus()


def test_a_date_after_the_latest_can_be_typed_and_is_refused_where_it_is_saved(form, qtbot):
    """(The interaction, referral and introduction each refuse a day in the future with
    its reason: ``test_dates_shown``.)"""
    date, _ = form
    later = TODAY + dt.timedelta(days=3)
    qtbot.keyClicks(date, written(date, later))
    assert date.day() == later

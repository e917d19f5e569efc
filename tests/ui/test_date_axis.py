"""Date axes with no two ticks on one day (or month), and dates in the locale's medium form."""

import datetime as dt

import pytest
from PySide6.QtCore import QLocale

from netdesk.ui.format import medium_date, medium_date_format
from netdesk.ui.widgets.date_axis import MIN_SPAN_DAYS, date_axis

END = dt.date(2026, 12, 3)


@pytest.mark.parametrize("days", [0, 1, 2, 5, 6, 7, 10, 30, 90, 121, 150, 400, 1500])
@pytest.mark.parametrize("ticks", [2, 3, 5, 9])
def test_no_two_ticks_read_the_same(days, ticks):
    axis = date_axis(END - dt.timedelta(days=days), END, ticks)
    assert axis.end == END and (axis.end - axis.start).days >= max(days, MIN_SPAN_DAYS)
    assert 2 <= axis.ticks <= ticks
    shown = [QLocale.c().toString(day, axis.format) for day in axis.tick_days()]
    assert len(set(shown)) == len(shown), shown


@pytest.mark.parametrize(
    "locale, expected",
    [
        ("en_US", "Aug 24, 2026"),
        ("en_GB", "24 Aug 2026"),
        ("de_DE", "24. Aug. 2026"),
        ("fr_FR", "24 août 2026"),
        ("ja_JP", "2026年8月24日"),
    ],
)
def test_the_medium_date_is_the_locales_long_date_without_its_weekday(locale, expected):
    assert medium_date(dt.date(2026, 8, 24), QLocale(locale)) == expected
    assert "dddd" not in medium_date_format(QLocale(locale))

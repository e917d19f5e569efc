"""How values read on screen: dates, relative dates, scores.

Every date netdesk shows is the locale's *medium* date ("24 Aug 2026", "Aug 24,
2026", "24. Aug. 2026"): the locale's long date without its weekday, the month
abbreviated. Files keep ISO dates (2026-08-24); the screen never shows them.
"""

from __future__ import annotations

import datetime as dt
import re
import time

from PySide6.QtCore import QDate, QLocale

# the weekday and the separators around it, at either end of a long date format
_WEEKDAY = re.compile(r"^dddd,?\s*|,?\s*dddd$")


def medium_date_format(locale: QLocale | None = None) -> str:
    """The locale's medium date as a Qt date format ("d MMM yyyy", "MMM d, yyyy")."""
    long = (locale or QLocale()).dateFormat(QLocale.FormatType.LongFormat)
    medium = _WEEKDAY.sub("", long).strip()
    return medium.replace("MMMM", "MMM") if "dddd" not in medium else "d MMM yyyy"


def medium_date_time(moment: dt.datetime, locale: QLocale | None = None) -> str:
    """A moment (local time) as the locale's medium date and its short time."""
    from PySide6.QtCore import QTime

    locale = locale or QLocale()
    time = QTime(moment.hour, moment.minute, moment.second)
    clock = locale.toString(time, QLocale.FormatType.ShortFormat)
    return f"{medium_date(moment.date(), locale)} {clock}"


def medium_date(day: dt.date | None, locale: QLocale | None = None) -> str:
    """``day`` as the locale's medium date; "" for no date."""
    if day is None:
        return ""
    locale = locale or QLocale()
    return locale.toString(QDate(day.year, day.month, day.day), medium_date_format(locale))


def local_today() -> dt.date:
    """Today's date here, as ``date.today()`` gives it. (That one imports the ``time``
    module at every call, through PySide's import hook once Qt is loaded: some
    microseconds that the contact list, asking once a row, would pay thirty times a key.)"""
    now = time.localtime()
    return dt.date(now.tm_year, now.tm_mon, now.tm_mday)


def ago(day: dt.date | None, today: dt.date | None = None) -> str:
    """ "today", "yesterday", "3 days ago", "5 weeks ago", "2 years ago", or "never"."""
    if day is None:
        return "never"
    today = today or local_today()
    days = (today - day).days
    if days < 0:
        return "in the future" if days < -1 else "tomorrow"
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    for size, unit in ((365, "year"), (30, "month"), (7, "week")):
        if days >= size * (2 if unit != "year" else 1):
            count = days // size
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return f"{days} days ago"

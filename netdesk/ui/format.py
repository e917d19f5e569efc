"""How values read on screen: relative dates, scores."""

from __future__ import annotations

import datetime as dt


def ago(day: dt.date | None, today: dt.date | None = None) -> str:
    """ "today", "yesterday", "3 days ago", "5 weeks ago", "2 years ago", or "never"."""
    if day is None:
        return "never"
    today = today or dt.date.today()
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

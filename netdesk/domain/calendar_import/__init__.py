"""Meetings from a calendar file (.ics) as dated interactions, as the contact importers work:

1. ``read_calendar_file(path)`` reads a file's meetings (recurring events expanded
   within a bounded window, in your time zone) and its problems (cancelled
   events, events outside the window), each with its line;
2. ``plan_calendar(files)`` is the preview: which meetings are logged, with whom
   and as what, and why each other one is skipped; it writes nothing;
3. ``apply_calendar_import(files)`` takes a rolling backup, then writes the plan
   in one transaction: all of it or none of it. Importing the same file twice
   changes nothing.
"""

from netdesk.domain.calendar_import.apply import apply_calendar_import
from netdesk.domain.calendar_import.plan import (
    LARGE,
    CalendarPlan,
    NewInteraction,
    kind_of,
    plan_calendar,
)
from netdesk.domain.calendar_import.reading import (
    WINDOW_DAYS,
    Meeting,
    ParsedCalendar,
    looks_like_calendar,
    read_calendar_file,
)

__all__ = [
    "LARGE",
    "WINDOW_DAYS",
    "CalendarPlan",
    "Meeting",
    "NewInteraction",
    "ParsedCalendar",
    "apply_calendar_import",
    "kind_of",
    "looks_like_calendar",
    "plan_calendar",
    "read_calendar_file",
]

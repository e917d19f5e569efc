"""Reading a calendar file (.ics) into meetings: one per occurrence, in your time zone.

The file is read as every import reads (``importers.reading.read_bytes``: a
regular file, at most so large), parsed by ``icalendar`` and its recurring
events expanded by ``recurring-ical-events`` (RRULE, RDATE, EXDATE and moved
or cancelled occurrences, with the file's own VTIMEZONE definitions, Outlook's
Windows zone names included) within a bounded window: from ``WINDOW_DAYS``
before today to now. A meeting's day is the day it started in your time zone
(an all-day event keeps its date; a time without a zone is taken as yours).

Each occurrence keeps who was there: the organiser and the attendees (emails
lower-cased, ``mailto:`` stripped, whatever its case), less those who declined
and the rooms and resources. A cancelled event, or a cancelled occurrence of
a recurring one, is a problem with its reason, and so is an event with no
occurrence in the window (still to come, or long past).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events

from netdesk.domain import wording
from netdesk.domain.importers.reading import read_bytes
from netdesk.domain.importers.records import ImportFileError, RowProblem
from netdesk.domain.importers.text_decoding import decode_bytes
from netdesk.domain.validation import clean_line

# how far back a calendar is read (recurring events are expanded this far, no further)
WINDOW_DAYS = 730
# the most occurrences one file may give (a daily event for two years is 730)
MAX_OCCURRENCES = 20_000
_NOT_THERE = {"DECLINED"}
_NOT_PEOPLE = {"ROOM", "RESOURCE"}
_UID_LINE = re.compile(r"^UID[;:]", re.IGNORECASE)


@dataclass(frozen=True)
class Meeting:
    """One occurrence of a calendar event, as netdesk reads it."""

    line: int  # where its VEVENT starts in the file
    uid: str
    summary: str
    location: str
    description: str
    day: dt.date  # the day it started, in your time zone
    all_day: bool
    # the people there, by email (lower case): organiser first, then the attendees
    emails: tuple[str, ...]
    # how many people took part: every attendee and the organiser, declined ones left out
    size: int


@dataclass
class ParsedCalendar:
    path: Path
    producer: str  # the PRODID: which program wrote it
    meetings: list[Meeting] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    since: dt.date | None = None

    @property
    def name(self) -> str:
        return self.path.name


def looks_like_calendar(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    return head.startswith(b"BEGIN:VCALENDAR")


def _email(value: Any) -> str:
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    return text.strip().lower()


def _people(event: Any) -> tuple[list[str], int]:
    """The emails of those there (organiser first) and how many took part."""
    emails: list[str] = []
    count = 0
    organiser = event.get("ORGANIZER")
    if organiser is not None:
        email = _email(organiser)
        if email:
            emails.append(email)
        count += 1
    attendees = event.get("ATTENDEE") or []
    if not isinstance(attendees, list):
        attendees = [attendees]
    for attendee in attendees:
        params = getattr(attendee, "params", {})
        if str(params.get("PARTSTAT", "")).upper() in _NOT_THERE:
            continue
        if str(params.get("CUTYPE", "")).upper() in _NOT_PEOPLE:
            continue
        email = _email(attendee)
        if email and email in emails:
            continue  # the organiser listed again among the attendees
        if email:
            emails.append(email)
        count += 1
    return emails, count


def _text(event: Any, name: str) -> str:
    value = event.get(name)
    return "" if value is None else clean_line(str(value)).strip()


def _day(start: dt.date | dt.datetime, zone: dt.tzinfo | None) -> tuple[dt.date, bool]:
    if isinstance(start, dt.datetime):
        if start.tzinfo is None:
            return start.date(), False  # floating: the time where you are
        return start.astimezone(zone).date() if zone else start.astimezone().date(), False
    return start, True


def _event_lines(text: str) -> dict[str, int]:
    """The line each event's first VEVENT starts on, by UID."""
    lines: dict[str, int] = {}
    begin = 0
    lines_of = text.splitlines()
    for number, line in enumerate(lines_of, 1):
        if line.strip().upper() == "BEGIN:VEVENT":
            begin = number
        elif _UID_LINE.match(line) and begin:
            uid = line.split(":", 1)[-1]
            following = number
            while following < len(lines_of) and lines_of[following].startswith((" ", "\t")):
                uid += lines_of[following][1:]
                following += 1
            lines.setdefault(uid.strip(), begin)
    return lines


def read_calendar_file(
    path: Path | str,
    *,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    zone: dt.tzinfo | None = None,
) -> ParsedCalendar:
    """The meetings of a calendar file within the window; ``ImportFileError`` if the file
    cannot be read as a calendar. ``zone`` is your time zone (None: this computer's)."""
    path = Path(path)
    now = now or dt.datetime.now(dt.UTC)
    today = today or (now.astimezone(zone) if zone else now.astimezone()).date()
    data = read_bytes(path)
    if not looks_like_calendar(data):
        raise ImportFileError(path, "not a calendar file (it does not start with BEGIN:VCALENDAR)")
    text = decode_bytes(data).text
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError as exc:
        raise ImportFileError(path, f"not a calendar file netdesk can read ({exc})") from None
    lines = _event_lines(text)
    since = today - dt.timedelta(days=WINDOW_DAYS)
    parsed = ParsedCalendar(path, _text(calendar, "PRODID"), since=since)
    try:
        occurrences = recurring_ical_events.of(calendar).between(since, now)
    except Exception as exc:  # a rule the library cannot follow: the whole file is refused
        raise ImportFileError(path, f"its repeating events cannot be read ({exc})") from None
    if len(occurrences) > MAX_OCCURRENCES:
        raise ImportFileError(
            path,
            f"it holds {len(occurrences):,} meetings in two years, more than netdesk imports "
            f"at once ({MAX_OCCURRENCES:,})",
        )
    seen: set[str] = set()
    for event in occurrences:
        uid = str(event.get("UID", "")).strip()
        seen.add(uid)
        line = lines.get(uid, 0)
        start = event.get("DTSTART")
        if start is None:
            parsed.problems.append(RowProblem(line, "an event with no start (DTSTART)"))
            continue
        day, all_day = _day(start.dt, zone)
        summary = _text(event, "SUMMARY")
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            parsed.problems.append(
                RowProblem(line, f"“{summary or 'an event'}” on {wording.day(day)} was cancelled")
            )
            continue
        if day > today:
            continue  # (later today, in your time zone: not happened yet)
        emails, size = _people(event)
        parsed.meetings.append(
            Meeting(
                line,
                uid,
                summary,
                _text(event, "LOCATION"),
                _text(event, "DESCRIPTION"),
                day,
                all_day,
                tuple(emails),
                size,
            )
        )
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", "")).strip()
        if uid in seen or event.get("RECURRENCE-ID") is not None:
            continue
        seen.add(uid)
        summary = _text(event, "SUMMARY") or "an event"
        start = event.get("DTSTART")
        when = "" if start is None else f" ({wording.day(_day(start.dt, zone)[0])})"
        parsed.problems.append(
            RowProblem(
                lines.get(uid, 0),
                f"“{summary}”{when} is not between {wording.day(since)} and today: netdesk "
                "imports the meetings of the last two years that have taken place",
            )
        )
    parsed.meetings.sort(key=lambda m: (m.day, m.line))
    parsed.problems.sort(key=lambda p: p.line)
    return parsed

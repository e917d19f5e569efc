"""The preview of a calendar import: which meetings become interactions, with whom, and why
the others are skipped. It writes nothing.

A meeting is with a contact when one of its people's emails is one of the
contact's (case ignored), or, for a meeting where no email matches, when its
title names a contact in full ("Lunch with Dan Okafor") and no other contact
has that name. What a meeting becomes (``kind_of``):

- a **call** when its location, description or title says so (a phone, a
  call, a Zoom, Teams, Meet, Webex, Skype, Jitsi or FaceTime link or word) and
  fewer than ``LARGE`` people took part;
- a **one-to-one** when two people took part (or the file does not say: a
  meeting with no attendees, found by its title);
- **saw at an event** for three people or more.

Its note is the meeting's title. A contact who already has an interaction
that day with that note is not given another: importing a calendar twice, or
one that overlaps an earlier import, changes nothing. The same meeting found
twice in one import (in two files) is logged once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from netdesk.domain import wording
from netdesk.domain.calendar_import.reading import Meeting, ParsedCalendar
from netdesk.domain.importers.plan import CREATE, SKIP, PlanEntry
from netdesk.domain.validation import fold
from netdesk.storage.models import database

LARGE = 6
NOTE_LIMIT = 200
_CALL = re.compile(
    r"\b(call|calls|phone|telephone|zoom|webex|skype|jitsi|whereby|facetime|dial-in|"
    r"teams\.microsoft\.com|microsoft teams|meet\.google\.com|google meet|video ?call)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w'’-]+")
_NAME_WORDS = (2, 3, 4)
_CHUNK = 500


@dataclass(frozen=True)
class NewInteraction:
    contact_id: int
    kind: str
    day: dt.date
    note: str


@dataclass
class CalendarPlan:
    entries: list[PlanEntry] = field(default_factory=list)
    interactions: list[NewInteraction] = field(default_factory=list)
    files: list[ParsedCalendar] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {CREATE: 0, SKIP: 0}
        for entry in self.entries:
            counts[entry.action] += 1
        return counts

    def summary(self) -> str:
        counts = self.counts()
        logged = len(self.interactions)
        meetings = counts[CREATE]
        return (
            f"{meetings} meeting{'' if meetings == 1 else 's'} to log "
            f"({logged} interaction{'' if logged == 1 else 's'}), {counts[SKIP]} skipped"
        )

    @property
    def writes_anything(self) -> bool:
        return bool(self.interactions)


def kind_of(meeting: Meeting) -> str:
    said = " ".join((meeting.summary, meeting.location, meeting.description))
    if meeting.size < LARGE and _CALL.search(said):
        return "call"
    if meeting.size <= 2:
        return "one_to_one"
    return "saw_at_event"


def note_of(meeting: Meeting) -> str:
    return (meeting.summary or "Meeting")[:NOTE_LIMIT].strip()


def _in_chunks(sql: str, values: list[str]) -> Iterable[tuple[object, ...]]:
    for start in range(0, len(values), _CHUNK):
        chunk = values[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        yield from database.execute_sql(sql.format(marks=marks), chunk).fetchall()


def _by_email(meetings: list[Meeting]) -> dict[str, set[int]]:
    emails = sorted({email for m in meetings for email in m.emails})
    found: dict[str, set[int]] = defaultdict(set)
    for email, cid in _in_chunks(
        "SELECT x.normalized, x.contact_id FROM contact_email x JOIN contact c "
        "ON c.id = x.contact_id WHERE c.deleted_at IS NULL AND x.normalized IN ({marks})",
        emails,
    ):
        found[str(email)].add(int(str(cid)))
    return found


def _name_phrases(summary: str) -> set[str]:
    words = _WORD.findall(fold(summary))
    return {" ".join(words[i : i + n]) for n in _NAME_WORDS for i in range(len(words) - n + 1)}


def _by_name(meetings: list[Meeting]) -> dict[str, list[int]]:
    phrases = sorted({p for m in meetings for p in _name_phrases(m.summary)})
    found: dict[str, list[int]] = defaultdict(list)
    for key, cid in _in_chunks(
        "SELECT sort_key, id FROM contact WHERE deleted_at IS NULL AND sort_key IN ({marks}) "
        "ORDER BY id",
        phrases,
    ):
        found[str(key)].append(int(str(cid)))
    return found


def _names(ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(ids))
    names: dict[int, str] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = database.execute_sql(
            f"SELECT id, display_name FROM contact WHERE id IN ({marks})", chunk
        )
        names.update((int(cid), str(name)) for cid, name in rows)
    return names


def _logged(ids: set[int], since: dt.date) -> set[tuple[int, str, str]]:
    """(contact, ISO day, note) of the interactions these contacts have since that day."""
    wanted = sorted(ids)
    logged: set[tuple[int, str, str]] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        rows = database.execute_sql(
            f"SELECT contact_id, occurred_on, note FROM interaction "
            f"WHERE contact_id IN ({marks}) AND occurred_on >= ?",
            [*chunk, since.isoformat()],
        )
        logged.update((int(cid), str(day)[:10], str(note)) for cid, day, note in rows)
    return logged


_KIND_WORDS = {"call": "call", "one_to_one": "one-to-one", "saw_at_event": "saw at an event"}


def _people(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def plan_calendar(files: list[ParsedCalendar]) -> CalendarPlan:
    """What importing these calendars would log, and what it skips, with the reasons."""
    plan = CalendarPlan(files=list(files))
    meetings = [m for f in files for m in f.meetings]
    by_email = _by_email(meetings)
    by_name = _by_name([m for m in meetings if not any(e in by_email for e in m.emails)])
    matched: list[tuple[str, Meeting, list[int], list[str]]] = []
    for parsed in files:
        for problem in parsed.problems:
            plan.entries.append(PlanEntry(SKIP, parsed.name, problem.line, "", problem.reason))
        for meeting in parsed.meetings:
            warnings: list[str] = []
            ids: list[int] = []
            for email in meeting.emails:
                owners = by_email.get(email, set())
                if len(owners) > 1:
                    warnings.append(f"{email} is the address of {len(owners)} contacts: not used")
                elif owners and (cid := next(iter(owners))) not in ids:
                    ids.append(cid)
            if not ids:
                named = {
                    phrase: by_name[phrase]
                    for phrase in _name_phrases(meeting.summary)
                    if phrase in by_name
                }
                shared = {p: found for p, found in named.items() if len(found) > 1}
                single = {found[0] for found in named.values() if len(found) == 1}
                if len(single) == 1 and not shared:
                    ids = list(single)
                elif shared:
                    phrase, found = next(iter(shared.items()))
                    warnings.append(
                        f"{len(found)} contacts are named “{phrase.title()}”: log it by hand"
                    )
            matched.append((parsed.name, meeting, ids, warnings))
    names = _names(cid for _, _, ids, _ in matched for cid in ids)
    since = min((f.since for f in files if f.since), default=dt.date.min)
    logged = _logged(set(names), since)
    for file_name, meeting, ids, warnings in matched:
        title = f"{wording.day(meeting.day)} {meeting.summary or '(no title)'}"
        if not ids:
            reason = (
                "; ".join(warnings)
                if warnings
                else f"none of its {meeting.size} people is one of your contacts"
                if meeting.size
                else "no attendees, and its title names none of your contacts"
            )
            plan.entries.append(PlanEntry(SKIP, file_name, meeting.line, title, reason))
            continue
        note = note_of(meeting)
        kind = kind_of(meeting)
        fresh = [cid for cid in ids if (cid, meeting.day.isoformat(), note) not in logged]
        if not fresh:
            plan.entries.append(
                PlanEntry(SKIP, file_name, meeting.line, title, "already in netdesk", ids[0])
            )
            continue
        for cid in fresh:
            logged.add((cid, meeting.day.isoformat(), note))
            plan.interactions.append(NewInteraction(cid, kind, meeting.day, note))
        people = _people([names[cid] for cid in fresh])
        size = f" ({meeting.size} people)" if meeting.size > 2 else ""
        reason = f"{_KIND_WORDS[kind]}{size}: {people}"
        if len(fresh) < len(ids):
            reason += f"; {len(ids) - len(fresh)} already in netdesk"
        plan.entries.append(
            PlanEntry(CREATE, file_name, meeting.line, title, reason, fresh[0], warnings)
        )
    return plan

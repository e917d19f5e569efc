"""Events (a breakfast, a mixer, a conference) and who attended them.

Checking a contact in records their attendance and logs one interaction dated
on the event's day and linked to it: *met* when this is where we first met
them, else *saw at an event*. "First met" is decided by the caller (someone
added inline is new) or, when the caller does not say, by the contact's
history: a contact with no interaction on or before the event's day is new.
Every function that writes is one transaction; ``undo_check_in`` takes back
exactly what ``check_in`` wrote.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from peewee import IntegrityError

from netdesk.domain import contacts, score_cache, wording
from netdesk.domain.contacts import ContactDraft
from netdesk.domain.interactions import log_interaction
from netdesk.domain.user_errors import NotFound
from netdesk.domain.validation import Problem, ValidationError
from netdesk.storage import search_index
from netdesk.storage.models import (
    Attendance,
    Contact,
    Event,
    EventTag,
    Interaction,
    Tag,
    as_date,
    as_datetime,
    database,
)


@dataclass
class EventDraft:
    """An event as a person edits it."""

    name: str = ""
    held_on: dt.date | None = None
    place: str = ""
    notes: str = ""
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class EventRow:
    id: int
    name: str
    held_on: dt.date
    place: str
    notes: str
    tags: tuple[str, ...]
    attendees: int
    new_people: int

    @property
    def title(self) -> str:
        """How the event reads in a list or a menu: name and date."""
        return f"{self.name} ({self.held_on:%d %b %Y})"


@dataclass(frozen=True)
class Attendee:
    contact_id: int
    name: str
    organisation: str
    offers: str
    is_new: bool
    checked_in_at: dt.datetime


@dataclass(frozen=True)
class CheckIn:
    """What one check-in wrote, so it can be undone (and redone) exactly."""

    event_id: int
    contact_id: int
    attendance_id: int
    interaction_id: int
    is_new: bool
    # the contact was created by this check-in (someone new added inline)
    created_contact: bool = False
    draft: ContactDraft | None = None
    note: str = ""


# -- events --------------------------------------------------------------------


def validate_event(draft: EventDraft, *, event_id: int | None = None) -> None:
    problems: list[Problem] = []
    if not draft.name.strip():
        problems.append(Problem("name", None, "an event needs a name"))
    if draft.held_on is None:
        problems.append(Problem("held_on", None, "an event needs a date"))
    elif event_id is not None and draft.held_on > dt.date.today() and _attendance_count(event_id):
        problems.append(
            Problem(
                "held_on",
                None,
                f"{wording.day(draft.held_on)} is in the future, "
                "but people are already checked in to this event",
            )
        )
    if problems:
        raise ValidationError(problems)


def _attendance_count(event_id: int) -> int:
    return int(Attendance.select().where(Attendance.event == event_id).count())


def _write_tags(event_id: int, names: list[str]) -> None:
    EventTag.delete().where(EventTag.event == event_id).execute()
    for tag_id in contacts.tag_ids(names):
        EventTag.create(event=event_id, tag=tag_id)


def create_event(draft: EventDraft) -> int:
    validate_event(draft)
    with database.atomic():
        event_id: int = Event.insert(
            name=draft.name.strip(),
            held_on=draft.held_on,
            place=draft.place.strip(),
            notes=draft.notes.strip(),
        ).execute()
        _write_tags(event_id, draft.tags)
    return event_id


def update_event(event_id: int, draft: EventDraft) -> None:
    """Save an edited event; a new date moves the check-in interactions with it."""
    validate_event(draft, event_id=event_id)
    with database.atomic():
        event = Event.get_or_none(Event.id == event_id)
        if event is None:
            raise NotFound(f"no event with id {event_id}")
        old_day = as_date(event.held_on)
        Event.update(
            name=draft.name.strip(),
            held_on=draft.held_on,
            place=draft.place.strip(),
            notes=draft.notes.strip(),
        ).where(Event.id == event_id).execute()
        _write_tags(event_id, draft.tags)
        if draft.held_on != old_day:
            # what was logged at the event on its day moves with it
            at_event = (Interaction.event == event_id) & (Interaction.occurred_on == old_day)
            moved = Interaction.select(Interaction.contact_id).where(at_event)
            contact_ids = [cid for (cid,) in moved.tuples()]
            Interaction.update(occurred_on=draft.held_on).where(at_event).execute()
            score_cache.refresh_contacts(contact_ids)


def load_event(event_id: int) -> EventDraft:
    event = Event.get_or_none(Event.id == event_id)
    if event is None:
        raise NotFound(f"no event with id {event_id}")
    return EventDraft(
        name=event.name,
        held_on=as_date(event.held_on),
        place=event.place,
        notes=event.notes,
        tags=list(_tags_of([event_id]).get(event_id, ())),
    )


def _tags_of(event_ids: list[int]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = {}
    query = (
        EventTag.select(EventTag.event_id, Tag.name)
        .join(Tag)
        .where(EventTag.event.in_(event_ids))
        .order_by(Tag.name)
        .tuples()
    )
    for event_id, name in query:
        found.setdefault(event_id, []).append(name)
    return {key: tuple(names) for key, names in found.items()}


_EVENT_ROWS = """
SELECT e.id, e.name, e.held_on, e.place, e.notes,
       (SELECT count(*) FROM attendance a WHERE a.event_id = e.id),
       (SELECT count(*) FROM attendance a WHERE a.event_id = e.id AND a.is_new)
FROM event e
"""


def _event_rows(where: str = "", params: tuple[Any, ...] = ()) -> list[EventRow]:
    cursor = database.execute_sql(
        f"{_EVENT_ROWS} {where} ORDER BY e.held_on DESC, e.id DESC", params
    )
    rows = cursor.fetchall()
    tags = _tags_of([row[0] for row in rows])
    return [
        EventRow(eid, name, as_date(day), place, notes, tags.get(eid, ()), came, new)
        for eid, name, day, place, notes, came, new in rows
    ]


def list_events() -> list[EventRow]:
    """Every event, the latest first."""
    return _event_rows()


def get_event(event_id: int) -> EventRow:
    rows = _event_rows("WHERE e.id = ?", (event_id,))
    if not rows:
        raise NotFound(f"no event with id {event_id}")
    return rows[0]


def latest_event_id(on_or_before: dt.date | None = None) -> int | None:
    """The most recent event held on or before that day (today), if any."""
    day = on_or_before or dt.date.today()
    row = (
        Event.select(Event.id)
        .where(Event.held_on <= day)
        .order_by(Event.held_on.desc(), Event.id.desc())
        .first()
    )
    return row.id if row else None


def event_held_on(day: dt.date) -> int | None:
    """The event held on that day (the last one created, if there are several)."""
    row = Event.select(Event.id).where(Event.held_on == day).order_by(Event.id.desc()).first()
    return row.id if row else None


# -- attendance ----------------------------------------------------------------


def attendees(event_id: int) -> list[Attendee]:
    """Who came, by name."""
    sql = """
        SELECT c.id, c.display_name, c.organisation,
               coalesce((SELECT group_concat(o.text, ', ')
                         FROM (SELECT text FROM offer WHERE contact_id = c.id
                               ORDER BY position) o), ''),
               a.is_new, a.checked_in_at
        FROM attendance a JOIN contact c ON c.id = a.contact_id
        WHERE a.event_id = ? AND c.deleted_at IS NULL
        ORDER BY c.sort_key, c.id"""
    return [
        Attendee(cid, name, org, offers, bool(new), as_datetime(at))
        for cid, name, org, offers, new, at in database.execute_sql(sql, (event_id,))
    ]


def attendee_ids(event_id: int) -> set[int]:
    query = Attendance.select(Attendance.contact_id).where(Attendance.event == event_id)
    return {cid for (cid,) in query.tuples()}


def is_checked_in(event_id: int, contact_id: int) -> bool:
    return bool(
        Attendance.select()
        .where((Attendance.event == event_id) & (Attendance.contact == contact_id))
        .exists()
    )


def _first_meeting(contact_id: int, day: dt.date) -> bool:
    return (
        not Interaction.select()
        .where((Interaction.contact == contact_id) & (Interaction.occurred_on <= day))
        .exists()
    )


def check_in(
    event_id: int,
    contact_id: int,
    *,
    is_new: bool | None = None,
    note: str = "",
    attendance_id: int | None = None,
    interaction_id: int | None = None,
) -> CheckIn:
    """Record that the contact came, and log *met* or *saw at an event*, in one transaction.

    ``is_new=None`` decides from the contact's history (see the module's text).
    ``attendance_id``/``interaction_id`` recreate a check-in under known ids (redo).
    """
    event = Event.get_or_none(Event.id == event_id)
    if event is None:
        raise ValidationError([Problem("event", None, "that event no longer exists")])
    contact = Contact.get_or_none((Contact.id == contact_id) & Contact.deleted_at.is_null())
    if contact is None:
        raise ValidationError([Problem("contact", None, "that contact no longer exists")])
    day = as_date(event.held_on)
    if day > dt.date.today():
        raise ValidationError(
            [
                Problem(
                    "event",
                    None,
                    f"{event.name} is on {wording.day(day)}; "
                    "people can be checked in from that day on",
                )
            ]
        )
    with database.atomic():
        if is_checked_in(event_id, contact_id):
            raise _already_here(contact.display_name)
        new = _first_meeting(contact_id, day) if is_new is None else is_new
        values = dict(event=event_id, contact=contact_id, is_new=int(new))
        if attendance_id is not None:
            values["id"] = attendance_id
        try:
            new_attendance = Attendance.insert(**values).execute()
        except IntegrityError as exc:  # another window checked them in a moment ago
            raise _already_here(contact.display_name) from exc
        new_interaction = log_interaction(
            contact_id,
            "met" if new else "saw_at_event",
            day,
            note,
            event_id=event_id,
            interaction_id=interaction_id,
        )
    return CheckIn(event_id, contact_id, new_attendance, new_interaction, new, note=note)


def _already_here(name: str) -> ValidationError:
    return ValidationError([Problem("contact", None, f"{name} is already checked in")])


def add_and_check_in(
    event_id: int,
    draft: ContactDraft,
    *,
    note: str = "",
    contact_id: int | None = None,
    attendance_id: int | None = None,
    interaction_id: int | None = None,
) -> CheckIn:
    """Create someone new and check them in as met here, all in one transaction."""
    event = Event.get_or_none(Event.id == event_id)
    if event is None:
        raise ValidationError([Problem("event", None, "that event no longer exists")])
    if not draft.how_we_met:
        draft = replace(draft, how_we_met=event.name)
    with database.atomic():
        new_id = contacts.create_contact(draft, contact_id=contact_id)
        done = check_in(
            event_id,
            new_id,
            is_new=True,
            note=note,
            attendance_id=attendance_id,
            interaction_id=interaction_id,
        )
    return CheckIn(
        event_id,
        new_id,
        done.attendance_id,
        done.interaction_id,
        True,
        created_contact=True,
        draft=draft,
        note=note,
    )


def undo_check_in(done: CheckIn) -> None:
    """Take back a check-in: its attendance, its interaction, and a contact it created."""
    with database.atomic():
        Interaction.delete().where(Interaction.id == done.interaction_id).execute()
        Attendance.delete().where(Attendance.id == done.attendance_id).execute()
        if done.created_contact:
            Contact.delete().where(Contact.id == done.contact_id).execute()
            search_index.reindex_contacts(database, [done.contact_id])
        else:
            score_cache.refresh_contacts([done.contact_id])


def redo_check_in(done: CheckIn) -> CheckIn:
    """Write an undone check-in again, under the same ids."""
    if done.created_contact and done.draft is not None:
        return add_and_check_in(
            done.event_id,
            done.draft,
            note=done.note,
            contact_id=done.contact_id,
            attendance_id=done.attendance_id,
            interaction_id=done.interaction_id,
        )
    return check_in(
        done.event_id,
        done.contact_id,
        is_new=done.is_new,
        note=done.note,
        attendance_id=done.attendance_id,
        interaction_id=done.interaction_id,
    )

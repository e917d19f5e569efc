"""What to remind the person of, and when: the follow-up list, reaching them once a day.

Everyone on the follow-up list (``followups.needs_attention``) for a reason that
*falls due* is reminded: a keep-in-touch cadence overdue, a follow-up row due
(a reminder, after an event), someone met at an event not followed up yet, a
referral waiting on news. A *fading* attention is left to the list: it slides
a little every day, and a cadence, when one is set, says it plainly.

``next_reminder(today, notified)`` is the whole rule, pure: the people due today
who have not been reminded today. Each person is reminded at most once a day,
until they leave the list (an interaction logged, marked done, snoozed), and
again each later day they are still on it. ``check(today)`` applies the rule to
the database: it reads and writes the ``reminders.notified`` setting (the day
each person was last reminded, only today's kept) in one transaction.

``snooze(people, today)`` is the notification's *Snooze*: their items leave the
list until tomorrow (``followups.snooze``), so tomorrow reminds them again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from netdesk.domain import followups, settings
from netdesk.domain.followups import AttentionItem, FollowUpChange
from netdesk.storage.models import database

NOTIFIED_KEY = "reminders.notified"
# the reasons a person is not reminded of (the list shows them all the same)
NOT_REMINDED = frozenset({followups.ATTENTION})
# the people named in a notification's text; the rest are counted
NAMED = 3


def is_reminded(item: AttentionItem) -> bool:
    return item.reason not in NOT_REMINDED


@dataclass(frozen=True)
class DuePerson:
    """Someone due, with every item that makes them due (oldest first)."""

    contact_id: int
    name: str
    items: tuple[AttentionItem, ...]

    @property
    def since(self) -> dt.date:
        return min(item.since for item in self.items)

    @property
    def line(self) -> str:
        """One line for a notification: "Ana Bennett: Keep in touch every 30 days; …"."""
        first = self.items[0]
        more = len(self.items) - 1
        extra = f" (and {more} more)" if more else ""
        return f"{self.name}: {first.detail}{extra}"


def due_people(today: dt.date, items: Iterable[AttentionItem] | None = None) -> list[DuePerson]:
    """Everyone due today for a reminded reason, the longest waiting first."""
    if items is None:
        items = followups.needs_attention(today)
    by_contact: dict[int, list[AttentionItem]] = {}
    for item in items:
        if is_reminded(item):
            by_contact.setdefault(item.contact_id, []).append(item)
    people = [
        DuePerson(cid, found[0].contact_name, tuple(sorted(found, key=lambda i: i.since)))
        for cid, found in by_contact.items()
    ]
    people.sort(key=lambda p: (p.since, p.name.casefold(), p.contact_id))
    return people


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


@dataclass(frozen=True)
class Reminder:
    """The outcome of one check: who to remind now, and everyone due."""

    day: dt.date
    people: tuple[DuePerson, ...]  # to remind now (not reminded yet today)
    due: tuple[DuePerson, ...]  # everyone due today (the tray's count)

    @property
    def title(self) -> str:
        if len(self.people) == 1:
            return f"Time to get in touch with {self.people[0].name}"
        return f"Time to get in touch with {_people(len(self.people))}"

    @property
    def body(self) -> str:
        lines = [person.line for person in self.people[:NAMED]]
        rest = len(self.people) - NAMED
        if rest > 0:
            lines.append(f"and {_people(rest)} more in Needs Attention")
        return "\n".join(lines)

    @property
    def summary(self) -> str:
        """One line: the title, then what is due (one person) or who (several)."""
        if len(self.people) == 1:
            return f"{self.title}. {self.people[0].items[0].detail}"
        names = [person.name for person in self.people[:NAMED]]
        rest = len(self.people) - len(names)
        listed = ", ".join(names[:-1]) + " and " + names[-1] if not rest else ", ".join(names)
        more = f" and {rest} more" if rest else ""
        return f"{self.title}: {listed}{more}"

    @property
    def count_text(self) -> str:
        """The tray's tooltip: how many are due today."""
        if not self.due:
            return "Nobody needs attention today"
        return f"{_people(len(self.due))} to get in touch with"


def next_reminder(
    today: dt.date,
    notified: Mapping[int, dt.date],
    items: Iterable[AttentionItem] | None = None,
) -> tuple[Reminder, dict[int, dt.date]]:
    """Who to remind now, and the record of who was reminded today, afterwards.

    ``notified`` maps a contact to the day they were last reminded; a person
    reminded ``today`` is not reminded again. The record returned keeps only
    today's entries (earlier days no longer matter).
    """
    due = due_people(today, items)
    new = tuple(person for person in due if notified.get(person.contact_id) != today)
    record = {cid: day for cid, day in notified.items() if day == today}
    record.update((person.contact_id, today) for person in new)
    return Reminder(today, new, tuple(due)), record


def _read_notified() -> dict[int, dt.date]:
    stored = settings.get(NOTIFIED_KEY)
    record: dict[int, dt.date] = {}
    if not isinstance(stored, dict):
        return record  # (nothing yet, or a value edited by hand: start afresh)
    for key, value in stored.items():
        try:
            record[int(key)] = dt.date.fromisoformat(str(value))
        except ValueError:
            continue
    return record


def check(today: dt.date | None = None) -> Reminder:
    """Who to remind now; they are recorded as reminded today (one transaction)."""
    today = today or dt.date.today()
    with database.atomic():
        before = _read_notified()
        reminder, after = next_reminder(today, before)
        if after != before:
            settings.put(NOTIFIED_KEY, {str(cid): day.isoformat() for cid, day in after.items()})
    return reminder


def snooze(people: Iterable[DuePerson], today: dt.date | None = None) -> list[FollowUpChange]:
    """Snooze: each person's items leave the list until tomorrow (one transaction)."""
    today = today or dt.date.today()
    tomorrow = today + dt.timedelta(days=1)
    with database.atomic():
        return [
            followups.snooze(item, tomorrow, today) for person in people for item in person.items
        ]


def undo_snooze(changes: Iterable[FollowUpChange]) -> None:
    with database.atomic():
        for change in reversed(list(changes)):
            followups.undo_change(change)

"""The kinds of netdesk record the calendar sync carries, and how each travels.

One iCalendar object per record, in the account's "netdesk" calendar:

| record      | component | what another app shows                      |
|-------------|-----------|---------------------------------------------|
| event       | VEVENT    | the meetup in the calendar, with attendees  |
| referral    | VTODO     | a task: the need, open until won or lost    |
| interaction | VJOURNAL  | a journal entry on the day (jtx Board…)     |
| follow_up   | VTODO     | a task due on its day, done or snoozed      |
| synonyms    | VJOURNAL  | one note: the referral-match synonym table  |

``ORDER`` is the order records are applied and sent: what others name first
(events and referrals before the interactions and follow-ups that name them).
Removals go the other way round.
"""

from __future__ import annotations

from typing import NamedTuple

EVENT = "event"
REFERRAL = "referral"
INTERACTION = "interaction"
FOLLOW_UP = "follow_up"
SYNONYMS = "synonyms"

ORDER = (EVENT, REFERRAL, INTERACTION, FOLLOW_UP, SYNONYMS)


class RecordKind(NamedTuple):
    key: str
    component: str
    # what a person reads: "3 interactions stay local"
    plural: str
    # the X-NETDESK-RECORD value (the kind key, with a dash as iCalendar names go)
    marker: str


KINDS: dict[str, RecordKind] = {
    EVENT: RecordKind(EVENT, "VEVENT", "events and attendance", "event"),
    REFERRAL: RecordKind(REFERRAL, "VTODO", "referrals", "referral"),
    INTERACTION: RecordKind(INTERACTION, "VJOURNAL", "interactions (the timeline)", "interaction"),
    FOLLOW_UP: RecordKind(FOLLOW_UP, "VTODO", "follow-ups", "follow-up"),
    SYNONYMS: RecordKind(SYNONYMS, "VJOURNAL", "the match synonyms", "synonyms"),
}
BY_MARKER = {kind.marker: kind.key for kind in KINDS.values()}

# what a component is called where the person reads why a part stays local
COMPONENT_WORDS = {"VEVENT": "events", "VTODO": "tasks", "VJOURNAL": "journals"}

# a referral's status as a task app reads it (RFC 5545 VTODO STATUS)
TODO_STATUS = {
    "suggested": "NEEDS-ACTION",
    "introduced": "IN-PROCESS",
    "met": "IN-PROCESS",
    "won": "COMPLETED",
    "lost": "CANCELLED",
}
# a status set by a task app (no netdesk status, or one the task's status contradicts)
STATUS_FROM_TODO = {
    "NEEDS-ACTION": "suggested",
    "IN-PROCESS": "introduced",
    "COMPLETED": "won",
    "CANCELLED": "lost",
}


def kinds_held(components: frozenset[str] | set[str]) -> tuple[str, ...]:
    """The record kinds a calendar holding ``components`` can carry, in ``ORDER``."""
    return tuple(key for key in ORDER if KINDS[key].component in components)


def local_only(components: frozenset[str] | set[str]) -> list[str]:
    """Why each kind of record a calendar cannot hold stays here, in words."""
    found = []
    for key in ORDER:
        component = KINDS[key].component
        if component not in components:
            found.append(
                f"{KINDS[key].plural} stay on this computer: the server's calendar holds no "
                f"{COMPONENT_WORDS[component]} ({component})"
            )
    return found

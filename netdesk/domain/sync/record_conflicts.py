"""Conflicts of calendar records in the Sync Conflicts list: what the record is, what its
property is called, and the local value put back when the person chooses it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from netdesk.domain import score_cache
from netdesk.domain.interaction_kinds import KINDS as INTERACTION_KINDS
from netdesk.domain.referrals import STATUSES, format_value, get_referral
from netdesk.domain.sync.record_ical import Fields
from netdesk.domain.sync.record_kinds import EVENT, FOLLOW_UP, INTERACTION, REFERRAL, SYNONYMS
from netdesk.domain.sync.record_local import Names, load_names, read_local, write
from netdesk.domain.sync.record_state import contact_items
from netdesk.storage.models import database

FIELD_NAMES = {
    "contact": "Contact",
    "kind": "Kind",
    "day": "Date",
    "note": "Note",
    "notes": "Notes",
    "event": "Event",
    "referral": "Referral",
    "name": "Name",
    "place": "Place",
    "tags": "Tags",
    "attendance": "Attendance",
    "direction": "Direction",
    "provider": "Provider",
    "recipient": "Recipient",
    "referrer": "Referrer",
    "need": "Need",
    "status": "Status",
    "reason": "Reason",
    "due": "Due",
    "done_at": "Done",
    "snoozed_until": "Snoozed until",
    "rules": "Synonym rules",
}


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def describe_record(kind: str, local_id: int | None) -> tuple[str, dt.date | None]:
    """The record a conflict is about, as the Sync Conflicts list names it, and its day
    (the screen shows it the locale's way after the words: "… on 28 Oct 2026")."""
    if kind == SYNONYMS:
        return "Referral match synonyms", None
    if local_id is None:
        return "(no longer here)", None
    if kind in (INTERACTION, FOLLOW_UP):
        table = "interaction" if kind == INTERACTION else "follow_up"
        column = "kind, occurred_on" if kind == INTERACTION else "reason, due_on"
        row = database.execute_sql(
            f"SELECT c.display_name, {column} FROM {table} r JOIN contact c ON c.id = "
            "r.contact_id WHERE r.id = ?",
            (local_id,),
        ).fetchone()
        if row is None:
            return "(no longer here)", None
        name, what, day = row
        if kind == INTERACTION:
            label = INTERACTION_KINDS[what].label if what in INTERACTION_KINDS else what
            return f"{name}: {label}", _day(day)
        return f"{name}: follow-up due", _day(day)
    if kind == EVENT:
        row = database.execute_sql(
            "SELECT name, held_on FROM event WHERE id = ?", (local_id,)
        ).fetchone()
        return (f"Event: {row[0]}", _day(row[1])) if row else ("(no longer here)", None)
    try:
        return get_referral(local_id).summary(), None
    except LookupError:
        return "(no longer here)", None


def describe_value(kind: str, field: str, value: Any) -> str | None:
    """A record's value in words, where plain text would not do (None: as it is)."""
    if kind == REFERRAL and field == "status" and isinstance(value, list) and len(value) == 3:
        status, day, amount = value
        words = STATUSES.get(status, status)
        extra = ", ".join(p for p in (str(day or ""), format_value(amount)) if p)
        return f"{words} ({extra})" if extra else str(words)
    if field == "kind" and value in INTERACTION_KINDS:
        return INTERACTION_KINDS[value].label
    return None


def _names(collection_id: int) -> Names:
    row = database.execute_sql(
        "SELECT b.id FROM sync_collection c JOIN sync_collection b ON b.account_id = "
        "c.account_id AND b.kind = 'contacts' WHERE c.id = ?",
        (collection_id,),
    ).fetchone()
    names = load_names(contact_items(row[0] if row else None))
    for kind, local_id, uid in database.execute_sql(
        "SELECT record_kind, local_id, uid FROM sync_item WHERE collection_id = ?",
        (collection_id,),
    ):
        names.add_record(kind, local_id, uid)
    return names


def set_record_field(
    collection_id: int, kind: str, local_id: int, field: str, value: Any
) -> Fields | None:
    """Put a property's local value back on the record (the next sync sends it); the
    record's fields before, for an undo (None: the record is gone)."""
    names = _names(collection_id)
    before = read_local(kind, [local_id], names).get(local_id)
    if before is None:
        return None
    write_fields(collection_id, kind, local_id, {**before, field: value}, names)
    return before


def write_fields(
    collection_id: int, kind: str, local_id: int, fields: Fields, names: Names | None = None
) -> None:
    written = write(kind, local_id, fields, names or _names(collection_id))
    if written.contacts:
        score_cache.refresh_contacts(written.contacts)

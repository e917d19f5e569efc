"""The Sync Conflicts list: values set aside by a sync, and the person's choice.

A conflict is one field of one contact, or one property of one calendar record
(an interaction's note, an event's place…), changed differently here and on the
server. The sync kept the server's value and set the local one aside here.
Choosing the local value writes it to the contact or record (the next sync
sends it to the server); keeping the server's value only closes the entry.
Either choice can be undone.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from netdesk.domain import contacts
from netdesk.domain.sync import record_conflicts
from netdesk.domain.sync.card_fields import FIELD_NAMES, fields_into_draft
from netdesk.domain.sync.record_ical import Fields
from netdesk.domain.sync.state import CONTACT, UidIndex, load_items, local_fields_of
from netdesk.storage.models import Contact, SyncConflict, database, utcnow

KEEP_SERVER = "server"
USE_LOCAL = "local"


@dataclass(frozen=True)
class ConflictRow:
    id: int
    collection_id: int
    contact_id: int | None
    contact_name: str
    field: str
    local_value: Any
    server_value: Any
    created_at: dt.datetime
    record_kind: str = CONTACT
    record_day: dt.date | None = None  # the day of the record (an interaction's, an event's)

    @property
    def field_name(self) -> str:
        if self.record_kind != CONTACT:
            return record_conflicts.FIELD_NAMES.get(self.field, self.field)
        return FIELD_NAMES.get(self.field, self.field)


def describe(field: str, value: Any, record_kind: str = CONTACT) -> str:
    """A value as the Sync Conflicts view shows it."""
    if record_kind != CONTACT:
        words = record_conflicts.describe_value(record_kind, field, value)
        if words is not None:
            return words
    if value in (None, "", []):
        return "(empty)"
    if field == "photo":
        return f"a photo ({len(str(value)) * 3 // 4:,} bytes)"
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, list):
                parts.append(f"{item[0]} ({item[1]})" if item[1] else str(item[0]))
            else:
                parts.append(str(item))
        return ", ".join(parts)
    return str(value)


def open_conflicts() -> list[ConflictRow]:
    names = dict(database.execute_sql("SELECT id, display_name FROM contact").fetchall())
    rows = database.execute_sql(
        "SELECT id, collection_id, local_id, field, local_value, server_value, created_at, "
        "record_kind FROM sync_conflict WHERE resolved_at IS NULL ORDER BY id"
    )
    found = []
    for cid, collection_id, local_id, field, local_value, server_value, created_at, kind in rows:
        name, day = (
            (names.get(local_id, "(no longer here)"), None)
            if kind == CONTACT
            else record_conflicts.describe_record(kind, local_id)
        )
        found.append(
            ConflictRow(
                cid,
                collection_id,
                local_id,
                name,
                field,
                json.loads(local_value),
                json.loads(server_value),
                dt.datetime.fromisoformat(str(created_at)),
                kind,
                day,
            )
        )
    return found


def count_open() -> int:
    return int(SyncConflict.select().where(SyncConflict.resolved_at.is_null()).count())


@dataclass(frozen=True)
class Resolution:
    """What ``resolve`` did, for ``undo``."""

    conflict_id: int
    choice: str
    contact_before: contacts.ContactDraft | None
    record_before: Fields | None = None


def resolve(conflict_id: int, choice: str) -> Resolution:
    """Close a conflict keeping the server's value, or using the local one (one transaction)."""
    if choice not in (KEEP_SERVER, USE_LOCAL):
        raise ValueError(f"unknown choice {choice!r}")
    with database.atomic():
        row = SyncConflict.get_by_id(conflict_id)
        before = None
        record_before = None
        collection_id = int(row.__data__["collection"])
        if choice == USE_LOCAL and row.local_id is not None and row.record_kind != CONTACT:
            record_before = record_conflicts.set_record_field(
                collection_id,
                row.record_kind,
                row.local_id,
                row.field,
                json.loads(row.local_value),
            )
        elif choice == USE_LOCAL and row.local_id is not None and _live(row.local_id):
            before = contacts.load_contact(row.local_id)
            _set_field(collection_id, row.local_id, row.field, json.loads(row.local_value))
        SyncConflict.update(resolved_at=utcnow(), resolution=choice).where(
            SyncConflict.id == conflict_id
        ).execute()
    return Resolution(conflict_id, choice, before, record_before)


def undo(resolution: Resolution) -> None:
    with database.atomic():
        row = SyncConflict.get_by_id(resolution.conflict_id)
        if resolution.contact_before is not None and row.local_id is not None:
            contacts.update_contact(row.local_id, resolution.contact_before)
        if resolution.record_before is not None and row.local_id is not None:
            record_conflicts.write_fields(
                int(row.__data__["collection"]),
                row.record_kind,
                row.local_id,
                resolution.record_before,
            )
        SyncConflict.update(resolved_at=None, resolution="").where(
            SyncConflict.id == resolution.conflict_id
        ).execute()


def _live(contact_id: int) -> bool:
    return bool(
        Contact.select().where((Contact.id == contact_id) & Contact.deleted_at.is_null()).exists()
    )


def _set_field(collection_id: int, contact_id: int, field: str, value: Any) -> None:
    uids = UidIndex(load_items(collection_id).values())
    fields = local_fields_of([contact_id], uids)[contact_id]
    draft = contacts.load_contact(contact_id)
    if field == "introduced_by":
        draft.introduced_by_id = uids.id_of.get(value) if value else None
    else:
        fields[field] = value
        intro = draft.introduced_by_id
        fields_into_draft(fields, draft)
        draft.introduced_by_id = intro
    contacts.update_contact(contact_id, draft)

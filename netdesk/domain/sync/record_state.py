"""What netdesk remembers per calendar record: the ``sync_item`` rows of the calendar.

As for cards: the href and UID, the ETag and text as last synced (the base), a
digest of the local record as last synced, and (``waiting``) the UIDs a server
record names that netdesk does not know yet. A row with no local record and a
``waiting`` list is a record that waits for its contact; one with neither is
another app's object netdesk leaves alone. Rows are written in the transaction
of the local change they record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from netdesk.storage.models import SyncItem, database, utcnow


@dataclass
class RecordItem:
    id: int
    kind: str
    href: str
    uid: str
    local_id: int | None
    etag: str | None
    base: str | None
    local_hash: str | None
    local_changed: int
    waiting: list[str]

    @property
    def uploaded(self) -> bool:
        return self.base is not None


def _waiting(text: str | None) -> list[str]:
    if not text:
        return []
    try:
        found = json.loads(text)
    except ValueError:
        return []
    return [str(uid) for uid in found] if isinstance(found, list) else []


def load_items(collection_id: int) -> dict[str, RecordItem]:
    rows = database.execute_sql(
        "SELECT id, record_kind, href, uid, local_id, etag, base, local_hash, local_changed, "
        "waiting FROM sync_item WHERE collection_id = ?",
        (collection_id,),
    )
    found = {}
    for item_id, kind, href, uid, local_id, etag, base, local_hash, changed, waiting in rows:
        found[href] = RecordItem(
            item_id, kind, href, uid, local_id, etag, base, local_hash, changed, _waiting(waiting)
        )
    return found


def contact_items(collection_id: int | None) -> list[tuple[int | None, str]]:
    """(contact id, card UID) of every card of the account's address book."""
    if collection_id is None:
        return []
    return [
        (row[0], row[1])
        for row in database.execute_sql(
            "SELECT local_id, uid FROM sync_item WHERE collection_id = ? AND record_kind = "
            "'contact'",
            (collection_id,),
        )
    ]


def create_item(
    collection_id: int, kind: str, href: str, uid: str, local_id: int | None, **values: Any
) -> RecordItem:
    if "waiting" in values:
        values["waiting"] = json.dumps(values["waiting"]) if values["waiting"] else None
    row = SyncItem.create(
        collection=collection_id,
        record_kind=kind,
        local_id=local_id,
        uid=uid,
        href=href,
        **values,
    )
    return RecordItem(
        row.id,
        kind,
        href,
        uid,
        local_id,
        row.etag,
        row.base,
        row.local_hash,
        0,
        _waiting(row.waiting),
    )


def update_item(item: RecordItem, **values: Any) -> None:
    """Record ``values``; a new ``local_hash`` clears the change mark unless told otherwise."""
    if "local_hash" in values:
        values.setdefault("local_changed", 0)
    for name, value in values.items():
        setattr(item, name, value)
    if "waiting" in values:
        values["waiting"] = json.dumps(values["waiting"]) if values["waiting"] else None
    values["synced_at"] = utcnow()
    SyncItem.update(values).where(SyncItem.id == item.id).execute()


def clear_marks(collection_id: int, unchanged: dict[str, list[int]]) -> None:
    """Unmark records compared and found as last synced (a change undone)."""
    for kind, ids in unchanged.items():
        for start in range(0, len(ids), 500):
            SyncItem.update(local_changed=0).where(
                (SyncItem.collection == collection_id)
                & (SyncItem.record_kind == kind)
                & SyncItem.local_id.in_(ids[start : start + 500])
            ).execute()

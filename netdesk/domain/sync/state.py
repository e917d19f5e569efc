"""What netdesk remembers per synced record, and the local side of a contact sync.

One ``sync_item`` row per card: its href and UID, the ETag and text (the base)
as last synced, and a digest of the local contact as last synced, which tells
whether the contact changed here since (``local_hash``). The rows are written
in the same transaction as the local change they record, so a sync stopped at
any point (SIGKILL included) finds the state of what it finished.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from netdesk.domain.importers.drafts import load_drafts
from netdesk.domain.importers.vcard import unescape
from netdesk.domain.sync.card_fields import Fields, draft_fields, fields_hash, read_fields
from netdesk.domain.sync.card_text import CardError, parse_card
from netdesk.domain.sync.merge import Conflict
from netdesk.storage.models import SyncConflict, SyncItem, database, utcnow

CONTACT = "contact"
_CHUNK = 500


@dataclass
class Item:
    id: int
    href: str
    uid: str
    local_id: int | None
    etag: str | None
    base: str | None
    local_hash: str | None
    local_changed: int = 0

    @property
    def uploaded(self) -> bool:
        """Whether the server has had this record from netdesk or netdesk from it."""
        return self.base is not None


def load_items(collection_id: int) -> dict[str, Item]:
    rows = database.execute_sql(
        "SELECT id, href, uid, local_id, etag, base, local_hash, local_changed FROM sync_item "
        "WHERE collection_id = ? AND record_kind = ?",
        (collection_id, CONTACT),
    )
    return {row[1]: Item(*row) for row in rows}


def new_uid() -> str:
    return str(uuid.uuid4())


def href_for(collection_path: str, uid: str) -> str:
    return collection_path.rstrip("/") + "/" + uid + ".vcf"


def base_fields(item: Item, region: str | None) -> Fields | None:
    if item.base is None:
        return None
    try:
        return read_fields(parse_card(item.base), region)
    except CardError:
        return None


@dataclass
class LocalScan:
    """The local side: which synced contacts changed, went to the trash, or are new."""

    fields: dict[int, Fields] = field(default_factory=dict)  # live synced contacts
    hashes: dict[int, str] = field(default_factory=dict)
    dirty: set[int] = field(default_factory=set)
    trashed: set[int] = field(default_factory=set)  # synced, now in the trash
    gone: set[int] = field(default_factory=set)  # synced, now deleted for good
    new: list[int] = field(default_factory=list)  # live, never synced


def live_and_trashed() -> tuple[set[int], set[int]]:
    live: set[int] = set()
    trashed: set[int] = set()
    for cid, deleted in database.execute_sql("SELECT id, deleted_at FROM contact"):
        (trashed if deleted else live).add(cid)
    return live, trashed


class UidIndex:
    """Contact id ↔ card UID for one collection."""

    def __init__(self, items: Iterable[Item]) -> None:
        self.uid_of: dict[int, str] = {}
        self.id_of: dict[str, int] = {}
        for item in items:
            self.add(item.local_id, item.uid)

    def add(self, local_id: int | None, uid: str) -> None:
        if local_id is not None:
            self.uid_of[local_id] = uid
            self.id_of.setdefault(uid, local_id)


def local_fields_of(
    contact_ids: Iterable[int], uids: UidIndex, base_intro: dict[int, str] | None = None
) -> dict[int, Fields]:
    """The fields of these contacts. ``base_intro``: the introducer's UID each contact's
    base names; an introducer netdesk cannot name by UID (not known here) keeps it:
    unknown here is not "removed"."""
    found: dict[int, Fields] = {}
    for cid, draft in load_drafts(contact_ids).items():
        intro = draft.introduced_by_id
        uid = uids.uid_of.get(intro, "") if intro is not None else ""
        fields = draft_fields(draft, uid)
        fallback = (base_intro or {}).get(cid, "")
        if not uid and fallback and fallback not in uids.id_of:
            fields["introduced_by"] = fallback
        found[cid] = fields
    return found


def intro_of(fields: Fields | None) -> str:
    return str(fields["introduced_by"]) if fields else ""


def scan_local(items: dict[str, Item], uids: UidIndex, region: str | None) -> LocalScan:
    live, trashed = live_and_trashed()
    scan = LocalScan()
    synced: dict[int, Item] = {}
    for item in items.values():
        if item.local_id is None:
            continue
        synced[item.local_id] = item
        if item.local_id in trashed:
            scan.trashed.add(item.local_id)
        elif item.local_id not in live:
            scan.gone.add(item.local_id)
    # only contacts marked changed since their last sync (or never recorded) are compared
    ids = sorted(
        cid
        for cid, item in synced.items()
        if cid in live and (item.local_changed or item.local_hash is None)
    )
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        intros = {cid: _base_intro(synced[cid].base) for cid in chunk}
        fields = local_fields_of(chunk, uids, intros)
        for cid, value in fields.items():
            digest = fields_hash(value, region)
            scan.fields[cid] = value
            scan.hashes[cid] = digest
            if digest != synced[cid].local_hash:
                scan.dirty.add(cid)
    scan.new = sorted(live - set(synced))
    return scan


_BASE_INTRO = re.compile(r"^X-NETDESK-INTRODUCED-BY[:;](?:[^:\r\n]*:)?(.*)$", re.M | re.I)


def _base_intro(base: str | None) -> str:
    """The introducer's UID a base names (read without parsing the whole card)."""
    found = _BASE_INTRO.search(base) if base else None
    return unescape(found.group(1)).strip() if found else ""


# -- writing the state ----------------------------------------------------------------------


def clear_marks(collection_id: int, uids: UidIndex, region: str | None) -> None:
    """Unmark the contacts marked changed that are, compared, as last synced (a change
    undone); checked inside the transaction, so an edit made meanwhile stays marked."""
    with database.atomic():
        marked = {
            row[0]: row[1]
            for row in database.execute_sql(
                "SELECT local_id, local_hash FROM sync_item WHERE collection_id = ? "
                "AND record_kind = ? AND local_changed = 1 AND local_hash IS NOT NULL "
                "AND local_id IS NOT NULL",
                (collection_id, CONTACT),
            )
        }
        same = [
            cid
            for cid, fields in local_fields_of(list(marked), uids).items()
            if fields_hash(fields, region) == marked[cid]
        ]
        for start in range(0, len(same), _CHUNK):
            chunk = same[start : start + _CHUNK]
            SyncItem.update(local_changed=0).where(
                (SyncItem.collection == collection_id)
                & (SyncItem.record_kind == CONTACT)
                & SyncItem.local_id.in_(chunk)
            ).execute()


def create_item(
    collection_id: int, href: str, uid: str, local_id: int | None, **values: Any
) -> Item:
    row = SyncItem.create(
        collection=collection_id,
        record_kind=CONTACT,
        local_id=local_id,
        uid=uid,
        href=href,
        **values,
    )
    return Item(row.id, href, uid, local_id, row.etag, row.base, row.local_hash)


def update_item(item: Item, **values: Any) -> None:
    """Record ``values``; a new ``local_hash`` clears ``local_changed`` unless told otherwise
    (it was computed in the same transaction, so nothing changed since)."""
    if "local_hash" in values:
        values.setdefault("local_changed", 0)
    for name, value in values.items():
        setattr(item, name, value)
    values["synced_at"] = utcnow()
    SyncItem.update(values).where(SyncItem.id == item.id).execute()


class StoredItem(Protocol):
    """What a contact's or a calendar record's sync state has in common."""

    id: int
    href: str
    uid: str
    local_id: int | None
    etag: str | None
    base: str | None  # the text last written or read (None: never uploaded)


def drop_item(item: StoredItem) -> None:
    SyncItem.delete().where(SyncItem.id == item.id).execute()


def record_conflicts(
    collection_id: int, item: StoredItem, conflicts: list[Conflict], *, kind: str = CONTACT
) -> None:
    """Keep the values set aside; a newer conflict on the same field (or a record's
    property) replaces an open one."""
    for conflict in conflicts:
        SyncConflict.delete().where(
            (SyncConflict.collection == collection_id)
            & (SyncConflict.uid == item.uid)
            & (SyncConflict.field == conflict.field)
            & SyncConflict.resolved_at.is_null()
        ).execute()
        SyncConflict.create(
            collection=collection_id,
            record_kind=kind,
            local_id=item.local_id,
            uid=item.uid,
            field=conflict.field,
            local_value=json.dumps(conflict.local),
            server_value=json.dumps(conflict.server),
        )

"""Two-way sync of the history (interactions, events with attendance, referrals, follow-ups,
the synonym table) with the account's "netdesk" calendar (CalDAV, RFC 4791).

It runs after the contacts (``contact_sync``) and names them by their cards' UIDs.
One run, as for the contacts:

1. find the calendar (``calendar-home-set``; "netdesk", made when missing) and
   what it holds (``supported-calendar-component-set``): a kind of record it
   cannot hold stays here, and the outcome says so;
2. list what changed there (``server_changes``) and here (the change marks);
   the mass-delete guard as for contacts;
3. fetch what changed (``calendar-multiget``); a new server record and a record
   here never synced that are the same (a second computer restored from the same
   backup) are paired, not doubled;
4. merge each record three ways with its base and the local record
   (``record_merge``) and write the result here, what others name first
   (``record_kinds.ORDER``); a record naming a contact netdesk does not know
   waits (``sync_item.waiting``) and is written once it is known;
5. records gone from the server are removed here, unless edited here (an edit
   beats a delete: it goes up again);
6. records added, changed or deleted here are written there (``If-None-Match``,
   ``If-Match``; a lost race is fetched, merged and written again). A record
   removed with its contact (deleted for good here) stays on the server: archived,
   never dropped.

Scores are never synced: they are recomputed here from the history as it now
is, in the transaction that changed it. Every local change is committed with the
state recording it, so a sync stopped anywhere finishes on the next run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from netdesk.domain import score_cache
from netdesk.domain.sync import dav_xml, discovery, outcome
from netdesk.domain.sync.accounts import Account, Collection, refresh, save_position, set_calendar
from netdesk.domain.sync.collection_sync import BATCH, CollectionSync, Progress, Upload
from netdesk.domain.sync.dav_client import (
    DavClient,
    Fetched,
    NotFound,
    ServerRefused,
)
from netdesk.domain.sync.outcome import Guard, HistoryOutcome, mass_delete_guard
from netdesk.domain.sync.record_ical import (
    CALENDAR_TYPE,
    SYNONYMS_UID,
    Fields,
    RecordError,
    ServerRecord,
    new_record,
    parse_record,
    patch,
)
from netdesk.domain.sync.record_kinds import (
    EVENT,
    FOLLOW_UP,
    INTERACTION,
    ORDER,
    SYNONYMS,
    kinds_held,
    local_only,
)
from netdesk.domain.sync.record_local import (
    Names,
    RecordRefused,
    Written,
    existing,
    fields_hash,
    keep_unknown,
    load_names,
    natural_key,
    read_local,
    remove,
    synonyms_are_default,
    unnameable,
    unsynced,
    write,
)
from netdesk.domain.sync.record_merge import merge_record
from netdesk.domain.sync.record_state import (
    RecordItem,
    contact_items,
    create_item,
    load_items,
    update_item,
)
from netdesk.domain.sync.server_changes import ServerChanges, list_changes
from netdesk.domain.sync.state import drop_item, record_conflicts
from netdesk.storage.models import database

log = logging.getLogger(__name__)

FOREIGN = "foreign"  # another app's object in the calendar: left alone
CALENDAR_NAME = "netdesk"


@dataclass
class RecordUpload(Upload[RecordItem]):
    fields: Fields  # what the text says (the base once written)


@dataclass
class RecordScan:
    """The local side: what is new here, changed here, deleted here."""

    new: dict[str, list[int]] = field(default_factory=dict)
    fields: dict[tuple[str, int], Fields] = field(default_factory=dict)
    dirty: set[tuple[str, int]] = field(default_factory=set)
    unchanged: list[RecordItem] = field(default_factory=list)  # marked, yet as last synced
    deleted: set[str] = field(default_factory=set)  # hrefs whose record was deleted here
    archived: dict[str, str] = field(default_factory=dict)  # href → the contact gone with it


class CalendarGone(NotFound):
    """The account's calendar was removed from the server (by another app, or the person),
    or removed and made anew at the same address (``made_anew``): what netdesk knew of it
    no longer holds, and every record here goes to the calendar as it now is."""

    def __init__(self, message: str, *, made_anew: bool = False) -> None:
        super().__init__(message)
        self.made_anew = made_anew


def find_calendar(account: Account, client: DavClient, *, create: bool = True) -> Account:
    """The account with its calendar: found through ``calendar-home-set`` (the one called
    "netdesk"), made when missing, and what it holds; ``create=False`` (a dry run) makes
    and remembers nothing."""
    if account.calendar is not None:
        return account
    home = discovery.calendar_home(client, account.principal_url, account.server_url)
    found = {
        c.display_name: c for c in discovery.list_collections(client, home, discovery.CALENDARS)
    }
    if CALENDAR_NAME in found:
        made = found[CALENDAR_NAME]
    elif create:
        made = discovery.create_calendar(client, home, CALENDAR_NAME)
    else:
        return account
    components = discovery.supported_components(client, made.url)
    if not create:  # a dry run: nothing is written, here either
        return dataclasses.replace(
            account,
            calendar=Collection(
                0, "calendar", made.url, made.display_name, None, None, None, {},
                frozenset(components),
            ),
        )  # fmt: skip
    set_calendar(account.id, made.url, made.display_name, components)
    return refresh(account)


class HistorySync(CollectionSync[RecordItem, RecordUpload]):
    content_type = CALENDAR_TYPE
    result: HistoryOutcome

    def __init__(
        self,
        account: Account,
        client: DavClient,
        *,
        dry_run: bool = False,
        allow_deletes: bool = False,
        progress: Progress | None = None,
    ) -> None:
        self.account = account
        self.client = client
        self.dry_run = dry_run
        self.allow_deletes = allow_deletes
        self.progress = progress
        self.result = HistoryOutcome()
        self.collection: Collection | None = account.calendar
        self.kinds: tuple[str, ...] = ()
        self.path = ""
        self.items: dict[str, RecordItem] = {}
        self.names = Names()
        self._display: dict[str, str] | None = None
        self._requests_before = client.requests
        self._done = 0
        self._total = 0

    # -- the run -----------------------------------------------------------------------------

    def run(self) -> HistoryOutcome:
        started = time.perf_counter()
        collection = self.collection
        if collection is None:  # a dry run, and no calendar yet
            self.result.planned["calendar_to_create"] = 1
            return self._plan(ServerChanges(), RecordScan(), started)
        self.result.calendar = collection.url
        self.path = dav_xml.href_key(collection.url, collection.url)
        self.kinds = kinds_held(collection.components)
        self.result.local_only = local_only(collection.components)
        self.items = load_items(collection.id)
        contacts_id = self.account.contacts.id if self.account.contacts else None
        self.names = load_names(contact_items(contacts_id))
        for item in self.items.values():
            self.names.add_record(item.kind, item.local_id, item.uid)
        self._say(0, 0, "Asking the server what changed in the calendar")
        try:
            changes = list_changes(
                self.client,
                collection.url,
                {href: item.etag for href, item in self.items.items()},
                sync_token=collection.sync_token,
                ctag=collection.ctag,
            )
        except NotFound as exc:
            raise CalendarGone(f"the calendar {collection.url} is gone from the server") from exc
        synced = {  # (the synonym table has one address everywhere: left out)
            h
            for h, i in self.items.items()
            if i.etag is not None and i.base is not None and i.kind != SYNONYMS
        }
        if changes.full and changes.listed and synced and synced <= changes.removed:
            # a token the server no longer knew, and not one object of ours left among those
            # it holds: the calendar was removed and made anew (by another computer)
            raise CalendarGone(f"the calendar {collection.url} was made anew", made_anew=True)
        scan = self._scan()
        guard = self._guard(changes, scan)
        if guard is not None and not self.allow_deletes:
            self.result.status, self.result.guard = outcome.BLOCKED, guard
            self.result.message = guard.message()
            return self._finish(started)
        if self.dry_run:
            return self._plan(changes, scan, started)
        records = self._read(self._fetch(sorted(changes.changed)))
        self._pair(records, scan)
        self._new_items(scan)
        pushes = self._pushes(changes, scan)
        waiting = [i for i in self.items.values() if i.waiting and i.href not in changes.changed]
        self._total = len(records) + len(waiting) + len(changes.removed) + len(pushes)
        self._pull(records, waiting)
        self._removed(changes, scan)
        self._push(pushes, scan)
        self._clear_marks(scan)
        save_position(collection.id, sync_token=changes.sync_token, ctag=changes.ctag)
        self.result.message = ", ".join(self.result.parts()) or "up to date"
        log.info(
            "history synced: %d added, %d updated, %d deleted here; %d uploaded, %d changed, "
            "%d deleted there; %d waiting, %d conflicts, %d retries",
            self.result.added_here,
            self.result.updated_here,
            self.result.deleted_here,
            self.result.uploaded_new,
            self.result.uploaded_changes,
            self.result.deleted_on_server,
            self.result.waiting,
            self.result.conflicts,
            self.result.retries,
        )
        return self._finish(started)

    def _finish(self, started: float) -> HistoryOutcome:
        self.result.requests = self.client.requests - self._requests_before
        self.result.seconds = time.perf_counter() - started
        return self.result

    def _remember(self, item: RecordItem) -> RecordItem:
        self.items[item.href] = item
        self.names.add_record(item.kind, item.local_id, item.uid)
        return item

    # -- the local side ----------------------------------------------------------------------

    def _base(self, item: RecordItem) -> ServerRecord | None:
        if item.base is None:
            return None
        try:
            found = parse_record(item.base)
        except RecordError:
            return None
        return found if found.kind == item.kind else None

    def _local(self, item: RecordItem, base: ServerRecord | None = None) -> Fields | None:
        """The record's fields here (what the base names and netdesk does not know kept)."""
        assert item.local_id is not None
        found = read_local(item.kind, [item.local_id], self.names).get(item.local_id)
        if found is None:
            return None
        base = base if base is not None else self._base(item)
        return keep_unknown(item.kind, found, base.fields if base else None, self.names)

    def _scan(self) -> RecordScan:
        scan = RecordScan()
        by_kind: dict[str, dict[int, RecordItem]] = {}
        for item in self.items.values():
            if item.local_id is not None and item.kind in self.kinds:
                by_kind.setdefault(item.kind, {})[item.local_id] = item
        for kind in self.kinds:
            synced = by_kind.get(kind, {})
            here = existing(kind, synced)
            for local_id, item in synced.items():
                if local_id not in here:
                    self._gone(item, scan)
            marked = [
                item
                for local_id, item in synced.items()
                if local_id in here
                and (item.local_changed or item.local_hash is None or kind == SYNONYMS)
            ]
            for start in range(0, len(marked), 500):
                chunk = marked[start : start + 500]
                found = read_local(kind, [i.local_id for i in chunk if i.local_id], self.names)
                for item in chunk:
                    assert item.local_id is not None
                    base = self._base(item)
                    local = keep_unknown(
                        kind, found[item.local_id], base.fields if base else None, self.names
                    )
                    scan.fields[(kind, item.local_id)] = local
                    if fields_hash(local) != item.local_hash:
                        scan.dirty.add((kind, item.local_id))
                    elif item.local_changed:
                        scan.unchanged.append(item)
            scan.new[kind] = unsynced(kind, self.collection.id if self.collection else 0)
        if SYNONYMS in self.kinds and SYNONYMS not in by_kind and not synonyms_are_default():
            scan.new[SYNONYMS] = [1]
        return scan

    def _gone(self, item: RecordItem, scan: RecordScan) -> None:
        """A synced record no longer here: deleted by the person, or gone with its contact
        (deleted for good), whose records are archived on the server, never dropped."""
        base = self._base(item)
        if item.kind in (INTERACTION, FOLLOW_UP) and base is not None:
            uid = base.fields.get("contact") or ""
            if uid and self.names.contact(uid) is None:
                scan.archived[item.href] = uid
                return
        scan.deleted.add(item.href)

    def _guard(self, changes: ServerChanges, scan: RecordScan) -> Guard | None:
        synced = [i for i in self.items.values() if i.local_id is not None and i.etag]
        total = len(synced)
        if not total:
            return None
        lost_here = sum(
            1
            for href in changes.removed
            if (item := self.items.get(href)) is not None
            and item.local_id is not None
            and (item.kind, item.local_id) not in scan.dirty
            and href not in scan.deleted
        )
        lost_there = sum(1 for href in scan.deleted if href not in changes.changed)
        return mass_delete_guard(lost_here, lost_there, total, "records")

    def _plan(self, changes: ServerChanges, scan: RecordScan, started: float) -> HistoryOutcome:
        new_there = sum(1 for href in changes.changed if href not in self.items)
        if self.collection is None:
            scan.new = {kind: unsynced(kind, 0) for kind in ORDER if kind != SYNONYMS}
        self.result.status = outcome.DRY_RUN
        self.result.planned.update(
            {
                "records_new_on_server": new_there,
                "records_changed_on_server": len(changes.changed) - new_there,
                "records_deleted_on_server": len(changes.removed),
                "records_new_here": sum(len(ids) for ids in scan.new.values()),
                "records_changed_here": len(scan.dirty),
                "records_deleted_here": len(scan.deleted),
            }
        )
        self.result.message = "dry run: " + ", ".join(
            f"{count} {name.replace('_', ' ')}" for name, count in self.result.planned.items()
        )
        return self._finish(started)

    # -- server → here ---------------------------------------------------------------------------

    def _fetch(self, hrefs: list[str]) -> list[Fetched]:
        assert self.collection is not None
        fetched: list[Fetched] = []
        for start in range(0, len(hrefs), BATCH):
            batch = hrefs[start : start + BATCH]
            try:
                found, _ = self.client.multiget(
                    self.collection.url,
                    dav_xml.clark(dav_xml.CALDAV, "calendar-multiget"),
                    dav_xml.CALENDAR_DATA,
                    batch,
                )
            except ServerRefused:
                found = []
                for href in batch:  # a server without multiget: one GET each
                    try:
                        found.append(self.client.get(href))
                    except NotFound:
                        continue
            fetched += found
            self._say(len(fetched), len(hrefs), f"Reading the calendar ({len(fetched):,})")
        return fetched

    def _read(self, fetched: list[Fetched]) -> list[tuple[Fetched, ServerRecord | None]]:
        """Each object parsed, in the order records are applied."""
        found: list[tuple[Fetched, ServerRecord | None]] = []
        for one in fetched:
            try:
                found.append((one, parse_record(one.text)))
            except RecordError as exc:
                self.result.skipped.append(f"{one.href}: {exc}")
                found.append((one, None))
        rank = {kind: number for number, kind in enumerate(ORDER)}
        return sorted(found, key=lambda pair: rank.get(pair[1].kind or "", 99) if pair[1] else 99)

    def _pair(self, records: list[tuple[Fetched, ServerRecord | None]], scan: RecordScan) -> None:
        """New server records paired with the same records here that were never synced."""
        assert self.collection is not None
        for kind in self.kinds:
            unpaired = scan.new.get(kind, [])
            candidates = [
                (one, record)
                for one, record in records
                if record is not None
                and record.kind == kind
                and one.href not in self.items
                and self.names.record(kind, record.uid) is None
            ]
            if not unpaired or not candidates:
                continue
            keys: dict[tuple[Any, ...], int] = {}
            if kind == SYNONYMS:
                keys[("synonyms",)] = 1
            else:
                fields = read_local(kind, unpaired, self.names)
                for local_id, value in fields.items():
                    if not unnameable(kind, value):
                        keys.setdefault(natural_key(kind, value), local_id)
            paired: set[int] = set()
            with database.atomic():
                for one, record in candidates:
                    match = keys.pop(natural_key(kind, record.fields), None)
                    if match is None:
                        continue
                    self._remember(
                        create_item(self.collection.id, kind, one.href, record.uid, match)
                    )
                    paired.add(match)
            scan.new[kind] = [i for i in unpaired if i not in paired]

    def _new_items(self, scan: RecordScan) -> None:
        """Sync items (a UID each) for the records here never synced; a record whose contact
        is not on the server yet waits for it."""
        assert self.collection is not None
        for kind in self.kinds:
            ids = scan.new.get(kind, [])
            if not ids:
                continue
            found = read_local(kind, ids, self.names)
            with database.atomic():
                for local_id in ids:
                    fields = found.get(local_id)
                    if fields is None:
                        continue
                    if unnameable(kind, fields):
                        self.result.unnamed += 1
                        continue
                    uid = SYNONYMS_UID if kind == SYNONYMS else str(uuid.uuid4())
                    href = f"{self.path.rstrip('/')}/{uid}.ics"
                    if href in self.items:
                        continue
                    scan.fields[(kind, local_id)] = fields
                    self._remember(create_item(self.collection.id, kind, href, uid, local_id))

    def _pull(
        self, records: list[tuple[Fetched, ServerRecord | None]], waiting: list[RecordItem]
    ) -> None:
        rank = {kind: number for number, kind in enumerate(ORDER)}
        queue: list[tuple[int, Fetched | RecordItem, ServerRecord | None]] = [
            (rank.get(record.kind or "", 99) if record else 99, one, record)
            for one, record in records
        ]
        queue += [(rank.get(item.kind, 99), item, None) for item in waiting]
        queue.sort(key=lambda entry: entry[0])  # (stable: the waiting after the fetched)
        for start in range(0, len(queue), BATCH):
            uploads: list[RecordUpload] = []
            touched: set[int] = set()
            with database.atomic():
                for _, payload, record in queue[start : start + BATCH]:
                    if isinstance(payload, RecordItem):
                        upload = self._retake(payload, touched)
                    else:
                        upload = self._take(payload, record, touched)
                    if upload is not None:
                        uploads.append(upload)
                    self._step("Reading the history from the server")
                if touched:
                    score_cache.refresh_contacts(touched)
            self._write(uploads)

    def _retake(self, item: RecordItem, touched: set[int]) -> RecordUpload | None:
        """A record that waited for a UID: written once one it names is known."""
        known = any(
            self.names.contact(uid) is not None
            or any(self.names.record(kind, uid) is not None for kind in ORDER)
            for uid in item.waiting
        )
        if not known or item.base is None:
            return None
        return self._take(Fetched(item.href, item.etag, item.base), self._base(item), touched)

    def _take(
        self, fetched: Fetched, record: ServerRecord | None, touched: set[int]
    ) -> RecordUpload | None:
        """Merge one server record into netdesk; what to write back, if anything."""
        assert self.collection is not None
        item = self.items.get(fetched.href)
        if record is None or record.kind is None or record.kind not in self.kinds:
            if item is None:
                self._remember(
                    create_item(
                        self.collection.id,
                        record.kind if record and record.kind else FOREIGN,
                        fetched.href,
                        record.uid if record else fetched.href,
                        None,
                        etag=fetched.etag,
                        base=fetched.text,
                    )
                )
            else:
                update_item(item, etag=fetched.etag, base=fetched.text)
            return None
        kind = record.kind
        if kind == SYNONYMS and item is None:
            # one table per computer: this one's meets the server's (merged; the built-in
            # table here has no say)
            item = self._remember(
                create_item(self.collection.id, kind, fetched.href, record.uid, 1)
            )
        if item is None or item.local_id is None or not existing(kind, [item.local_id]):
            # new on the server, waiting until now, or deleted here and edited there
            return self._create_here(item, fetched, record, touched)
        local_id = item.local_id
        base = self._base(item)
        local = self._local(item, base)
        if local is None:
            return None
        says = local
        if kind == SYNONYMS and base is None and synonyms_are_default():
            says = record.fields  # the built-in table here has no say
        merged = merge_record(kind, base.fields if base else None, says, record.fields)
        if merged.conflicts:
            record_conflicts(self.collection.id, item, merged.conflicts, kind=item.kind)
            self.result.conflicts += len(merged.conflicts)
        waiting = item.waiting
        if merged.fields != local:
            written = self._write_here(kind, local_id, merged.fields, fetched.href)
            if written is None:
                return None
            touched |= written.contacts
            waiting = written.waiting
            self.result.updated_here += 1
        now = self._local(item, record)
        local_hash = fields_hash(now if now is not None else merged.fields)
        if merged.fields == record.fields:
            update_item(
                item, etag=fetched.etag, base=fetched.text, local_hash=local_hash, waiting=waiting
            )
            return None
        # recorded as not yet synced: a sync stopped before the write finds it changed here
        update_item(item, etag=fetched.etag, base=fetched.text, local_hash=None, waiting=waiting)
        text = patch(record, merged.fields, now=_now(), names=self._names_for(kind))
        return RecordUpload(item, text, fetched.etag, False, local_hash, merged.fields)

    def _create_here(
        self,
        item: RecordItem | None,
        fetched: Fetched,
        record: ServerRecord,
        touched: set[int],
    ) -> RecordUpload | None:
        assert self.collection is not None and record.kind is not None
        kind = record.kind
        written = self._write_here(kind, None, record.fields, fetched.href)
        values = {"etag": fetched.etag, "base": fetched.text}
        written_id: int | None = None
        waiting: list[str] = []
        if written is not None:  # (refused: kept as the server's, looked at when it changes)
            written_id, waiting = written.local_id, written.waiting
            touched |= written.contacts
            if written_id is not None:
                self.result.added_here += 1
            elif waiting:
                self.result.waiting += 1
        if item is None:
            item = self._remember(
                create_item(
                    self.collection.id, kind, fetched.href, record.uid, written_id, waiting=waiting
                )
            )
        else:
            update_item(item, local_id=written_id, waiting=waiting)
            self.names.add_record(kind, written_id, item.uid)
        local_hash = None
        if written_id is not None:
            now = self._local(item, record)
            local_hash = fields_hash(now) if now is not None else None
        update_item(item, **values, local_hash=local_hash)
        return None

    def _write_here(
        self, kind: str, local_id: int | None, fields: Fields, href: str
    ) -> Written | None:
        try:
            with database.atomic():
                return write(kind, local_id, fields, self.names)
        except RecordRefused as exc:
            self.result.skipped.append(f"{href}: {exc}")
            return None

    def _names_for(self, kind: str) -> dict[str, str]:
        """Card UID → name, for the attendees of an event (what a calendar app shows)."""
        if kind != EVENT:
            return {}
        if self._display is None:
            names = dict(database.execute_sql("SELECT id, display_name FROM contact").fetchall())
            self._display = {
                uid: names[cid] for cid, uid in self.names.contact_uid.items() if cid in names
            }
        return self._display

    # -- records gone from the server ------------------------------------------------------

    def _removed(self, changes: ServerChanges, scan: RecordScan) -> None:
        rank = {kind: number for number, kind in enumerate(ORDER)}
        hrefs = sorted(
            changes.removed,
            key=lambda h: -rank.get(self.items[h].kind, 0) if h in self.items else 0,
        )
        for start in range(0, len(hrefs), BATCH):
            touched: set[int] = set()
            with database.atomic():
                for href in hrefs[start : start + BATCH]:
                    self._step("Applying deletions from the server")
                    item = self.items.get(href)
                    if item is None:
                        continue
                    local_id = item.local_id
                    if local_id is None or href in scan.deleted or href in scan.archived:
                        drop_item(item)
                        del self.items[href]
                    elif (item.kind, local_id) in scan.dirty:
                        update_item(item, etag=None, base=None)  # the edit wins: up again
                    else:
                        touched |= remove(item.kind, local_id)
                        drop_item(item)
                        del self.items[href]
                        self.result.deleted_here += 1
                if touched:
                    score_cache.refresh_contacts(touched)

    # -- here → server -----------------------------------------------------------------------

    def _pushes(self, changes: ServerChanges, scan: RecordScan) -> list[RecordItem]:
        rank = {kind: number for number, kind in enumerate(ORDER)}
        pushes = []
        for item in self.items.values():
            if item.href in changes.changed or item.local_id is None:
                continue
            if item.kind not in self.kinds:
                continue
            if (
                item.base is None
                or (item.kind, item.local_id) in scan.dirty
                or item.href in scan.deleted
                or item.href in scan.archived
                or item.href in changes.removed
            ):
                pushes.append(item)
        # what others name goes first; deletions last, what names others first
        return sorted(
            pushes,
            key=lambda i: (
                i.href in scan.deleted,
                -rank[i.kind] if i.href in scan.deleted else rank[i.kind],
                i.href,
            ),
        )

    def _push(self, pushes: list[RecordItem], scan: RecordScan) -> None:
        sent: list[tuple[RecordUpload, str | None]] = []
        try:
            for item in pushes:
                if item.href not in self.items:
                    continue  # dropped meanwhile
                self._step("Sending the history to the server")
                if item.href in scan.archived:
                    with database.atomic():
                        update_item(item, local_id=None, waiting=[scan.archived[item.href]])
                    self.result.archived += 1
                    continue
                if item.href in scan.deleted:
                    self._delete_there(item)
                    continue
                upload = self._upload_for(item, scan)
                if upload is not None:
                    sent += self._send(upload)
                if len(sent) >= BATCH:
                    self._record(sent)
                    sent = []
        finally:
            # what reached the server is recorded, however the sync stops
            self._record(sent)

    def _upload_for(self, item: RecordItem, scan: RecordScan) -> RecordUpload | None:
        assert item.local_id is not None
        if item.base is None and item.etag is not None:
            return self._refetch(item)
        if item.base is not None and item.etag is None:
            return self._refetch(item)  # the server's ETag is unknown: fetch it first
        base = self._base(item)
        if item.base is not None and base is None:
            return self._refetch(item)
        local = scan.fields.get((item.kind, item.local_id)) or self._local(item, base)
        if local is None:
            return None
        local = keep_unknown(item.kind, local, base.fields if base else None, self.names)
        if unnameable(item.kind, local):
            self.result.unnamed += 1
            return None
        record = base if base is not None else new_record(item.kind, item.uid, now=_now())
        text = patch(record, local, now=_now(), names=self._names_for(item.kind))
        return RecordUpload(item, text, item.etag, base is None, fields_hash(local), local)

    def _refetch(self, item: RecordItem) -> RecordUpload | None:
        try:
            fetched = self.client.get(item.href)
        except NotFound:
            with database.atomic():
                update_item(item, etag=None, base=None)  # gone: it goes up as new
            return self._upload_for(item, RecordScan())
        try:
            record: ServerRecord | None = parse_record(fetched.text)
        except RecordError as exc:
            self.result.skipped.append(f"{item.href}: {exc}")
            record = None
        touched: set[int] = set()
        with database.atomic():
            upload = self._take(fetched, record, touched)
            if touched:
                score_cache.refresh_contacts(touched)
        return upload

    def _edited(self, sent: list[tuple[RecordUpload, str | None]]) -> list[bool]:
        by_kind: dict[str, list[int]] = {}
        for upload, _ in sent:
            if upload.item.local_id is not None:
                by_kind.setdefault(upload.item.kind, []).append(upload.item.local_id)
        now = {kind: read_local(kind, ids, self.names) for kind, ids in by_kind.items()}
        edited = []
        for upload, _ in sent:
            item = upload.item
            current = now.get(item.kind, {}).get(item.local_id or 0)
            if current is not None:
                current = keep_unknown(item.kind, current, upload.fields, self.names)
            edited.append(current is None or fields_hash(current) != upload.local_hash)
        return edited

    def _update_item(self, item: RecordItem, **values: Any) -> None:
        update_item(item, **values)

    def _clear_marks(self, scan: RecordScan) -> None:
        """Unmark records marked changed that are, compared, as last synced (a change undone);
        compared again inside the transaction, so an edit made meanwhile stays marked."""
        with database.atomic():
            for item in scan.unchanged:
                if item.local_id is None or item.href not in self.items:
                    continue
                now = self._local(item)
                if now is not None and fields_hash(now) == item.local_hash:
                    update_item(item, local_changed=0)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


__all__ = ["HistorySync", "INTERACTION"]

"""Two-way sync of the contacts with one CardDAV address book.

One run:

1. list what changed on the server (``server_changes``) and here (``state.scan_local``);
2. the mass-delete guard: when one side would lose more than 20% of the synced
   contacts (and more than two), or all of them, stop and ask (``allow_deletes``);
3. the first sync with a book that already holds people proposes pairs
   (``pairing``) and stops until they are accepted (``accept_pairs``);
4. fetch changed cards (``addressbook-multiget``, ``BATCH`` at a time), merge each
   three ways with the base and the local contact (``merge``), apply the result
   here and, when the server lacks any of it, write it back onto the server's own
   text (``card_fields.patch_card``) with ``If-Match``; a lost race (412) is
   fetched, merged and written again, at most ``MAX_RETRIES`` times;
5. cards gone from the server: the contact is archived here (to the trash, with
   its whole timeline; undoable), unless it was edited here (an edit beats a
   delete: it is uploaded again);
6. contacts changed, added or deleted here are written (``If-None-Match: *`` for
   a new card) or deleted (``If-Match``; a card edited on the server meanwhile is
   kept, and the contact comes back here).

Every local change and the state recording it are committed together, a batch at
a time, and a write to the server is recorded only once it succeeded: a sync
stopped anywhere (the network, the server, Cancel, SIGKILL) leaves a consistent
state, and the next one finishes the work without losing or duplicating anyone.
The sync token is saved last. How objects are written to the server and recorded
is ``collection_sync``'s, the same for the history's calendar (``history_sync``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from typing import Any

from netdesk.domain import contacts, settings
from netdesk.domain.contacts import ContactDraft
from netdesk.domain.importers.vcard import unescape
from netdesk.domain.sync import dav_xml, outcome
from netdesk.domain.sync.accounts import Account, Collection, save_position
from netdesk.domain.sync.card_fields import (
    ALL_FIELDS,
    Fields,
    empty_fields,
    fields_hash,
    fields_into_draft,
    has_netdesk_properties,
    new_card,
    patch_card,
    read_fields,
    same,
)
from netdesk.domain.sync.card_text import CardError, parse_card
from netdesk.domain.sync.collection_sync import BATCH, CollectionSync, Progress, Upload
from netdesk.domain.sync.dav_client import (
    DavClient,
    Fetched,
    NotFound,
    ServerRefused,
)
from netdesk.domain.sync.merge import merge
from netdesk.domain.sync.outcome import Guard, SyncOutcome, mass_delete_guard
from netdesk.domain.sync.pairing import propose_pairs
from netdesk.domain.sync.server_changes import ServerChanges, list_changes
from netdesk.domain.sync.state import (
    Item,
    LocalScan,
    UidIndex,
    base_fields,
    clear_marks,
    create_item,
    drop_item,
    href_for,
    intro_of,
    live_and_trashed,
    load_items,
    local_fields_of,
    new_uid,
    record_conflicts,
    scan_local,
    update_item,
)
from netdesk.domain.validation import FIELD_LIMITS, ValidationError
from netdesk.storage.models import Contact, database

log = logging.getLogger(__name__)

VCARD = "text/vcard; charset=utf-8"


class ContactSync(CollectionSync[Item, Upload[Item]]):
    content_type = VCARD
    result: SyncOutcome

    def __init__(
        self,
        account: Account,
        client: DavClient,
        *,
        dry_run: bool = False,
        accept_pairs: bool = False,
        allow_deletes: bool = False,
        progress: Progress | None = None,
    ) -> None:
        if account.contacts is None:
            raise ValueError(f"account {account.name!r} has no address book")
        self.account = account
        self.collection: Collection = account.contacts
        self.client = client
        self.dry_run = dry_run
        self.accept_pairs = accept_pairs
        self.allow_deletes = allow_deletes
        self.progress = progress
        self.region = settings.phone_region()
        self.path = dav_xml.href_key(self.collection.url, self.collection.url)
        self.items: dict[str, Item] = {}
        self.uids = UidIndex([])
        self.result = SyncOutcome()
        self.unresolved: dict[int, str] = {}  # contact id → introducer UID not known yet
        self.live: set[int] = set()
        self.trashed: set[int] = set()
        self._done = 0
        self._total = 0

    # -- the run -------------------------------------------------------------------------

    def run(self) -> SyncOutcome:
        started = time.perf_counter()
        self.items = load_items(self.collection.id)
        self.uids = UidIndex(self.items.values())
        self._say(0, 0, "Asking the server what changed")
        changes = list_changes(
            self.client,
            self.collection.url,
            {href: item.etag for href, item in self.items.items()},
            sync_token=self.collection.sync_token,
            ctag=self.collection.ctag,
        )
        scan = scan_local(self.items, self.uids, self.region)
        self.live, self.trashed = live_and_trashed()
        guard = self._guard(changes, scan)
        if guard is not None and not self.allow_deletes:
            return self._stop(outcome.BLOCKED, guard.message(), guard=guard)
        prefetched: dict[str, Fetched] = {}
        pairs = []
        card_uids: dict[str, str] = {}
        if not self.items and changes.changed and scan.new:
            prefetched = {f.href: f for f in self._fetch(sorted(changes.changed))}
            cards = []
            for fetched in prefetched.values():
                try:
                    card = parse_card(fetched.text)
                except CardError:
                    continue
                uid = unescape(card.value("UID") or "").strip() or fetched.href
                card_uids[fetched.href] = uid
                cards.append((fetched.href, uid, read_fields(card, self.region)))
            pairs = propose_pairs(cards, self.region)
            self.result.pairs = pairs
            if pairs and not self.accept_pairs and not self.dry_run:
                return self._stop(
                    outcome.NEEDS_PAIRING,
                    f"{len(pairs)} contacts here look like cards on the server: "
                    "check the pairs, then sync again accepting them",
                )
        if self.dry_run:
            return self._plan(changes, scan, started)
        paired = {pair.local_id for pair in pairs}
        with database.atomic():
            for pair in pairs:
                uid = card_uids[pair.href]
                self._remember(create_item(self.collection.id, pair.href, uid, pair.local_id))
            for cid in scan.new:
                if cid not in paired:
                    uid = new_uid()
                    href = href_for(self.path, uid)
                    self._remember(create_item(self.collection.id, href, uid, cid))
        pulls = sorted(changes.changed)
        pushes = self._pushes(changes, scan)
        self._total = len(pulls) + len(changes.removed) + len(pushes)
        self._pull(pulls, changes, prefetched)
        self._removed(changes, scan)
        self._push(pushes, changes, scan)
        self._resolve_introductions()
        clear_marks(self.collection.id, self.uids, self.region)
        save_position(self.collection.id, sync_token=changes.sync_token, ctag=changes.ctag)
        self.result.requests = self.client.requests
        self.result.seconds = time.perf_counter() - started
        self.result.message = self.result.summary()
        log.info(
            "contacts synced: %d added, %d updated, %d archived here; %d uploaded, %d changed, "
            "%d deleted there; %d conflicts, %d retries, %d requests in %.1f s",
            self.result.added_here,
            self.result.updated_here,
            len(self.result.archived_here),
            self.result.uploaded_new,
            self.result.uploaded_changes,
            self.result.deleted_on_server,
            self.result.conflicts,
            self.result.retries,
            self.result.requests,
            self.result.seconds,
        )
        return self.result

    def _stop(self, status: str, message: str, guard: Guard | None = None) -> SyncOutcome:
        self.result.status, self.result.message, self.result.guard = status, message, guard
        self.result.requests = self.client.requests
        return self.result

    def _remember(self, item: Item) -> Item:
        self.items[item.href] = item
        self.uids.add(item.local_id, item.uid)
        return item

    # -- before writing anything -------------------------------------------------------------

    def _guard(self, changes: ServerChanges, scan: LocalScan) -> Guard | None:
        synced = [i for i in self.items.values() if i.local_id is not None and i.etag is not None]
        total = len(synced)
        if not total:
            return None
        lost_here = sum(
            1
            for href in changes.removed
            if (item := self.items.get(href)) is not None
            and item.local_id is not None
            and item.local_id not in scan.dirty
            and item.local_id not in scan.trashed | scan.gone
        )
        lost_there = sum(
            1
            for item in synced
            if item.local_id in scan.trashed | scan.gone and item.href not in changes.changed
        )
        return mass_delete_guard(lost_here, lost_there, total)

    def _plan(self, changes: ServerChanges, scan: LocalScan, started: float) -> SyncOutcome:
        new_there = sum(1 for href in changes.changed if href not in self.items)
        self.result.status = outcome.DRY_RUN
        self.result.planned = {
            "new_on_server": new_there,
            "changed_on_server": len(changes.changed) - new_there,
            "deleted_on_server": len(changes.removed),
            "new_here": len(scan.new),
            "changed_here": len(scan.dirty),
            "deleted_here": len(scan.trashed | scan.gone),
        }
        self.result.message = "dry run: " + ", ".join(
            f"{count} {name.replace('_', ' ')}" for name, count in self.result.planned.items()
        )
        self.result.seconds = time.perf_counter() - started
        self.result.requests = self.client.requests
        return self.result

    # -- server → here -----------------------------------------------------------------------

    def _fetch(self, hrefs: list[str]) -> list[Fetched]:
        fetched: list[Fetched] = []
        for start in range(0, len(hrefs), BATCH):
            fetched += self._fetch_batch(hrefs[start : start + BATCH])
        return fetched

    def _fetch_batch(self, hrefs: list[str]) -> list[Fetched]:
        try:
            found, _ = self.client.multiget(
                self.collection.url,
                dav_xml.clark(dav_xml.CARDDAV, "addressbook-multiget"),
                dav_xml.ADDRESS_DATA,
                hrefs,
            )
            return found
        except ServerRefused:
            found = []
            for href in hrefs:  # a server without multiget: one GET each
                try:
                    found.append(self.client.get(href))
                except NotFound:
                    continue
            return found

    def _pull(
        self, hrefs: list[str], changes: ServerChanges, prefetched: dict[str, Fetched]
    ) -> None:
        for start in range(0, len(hrefs), BATCH):
            batch = hrefs[start : start + BATCH]
            missing = [h for h in batch if h not in prefetched]
            fetched = [prefetched[h] for h in batch if h in prefetched]
            fetched += self._fetch_batch(missing) if missing else []
            uploads: list[Upload[Item]] = []
            with database.atomic():
                for card in fetched:
                    upload = self._take(card)
                    if upload is not None:
                        uploads.append(upload)
                    self._step("Reading changes from the server")
            self._write(uploads)

    def _take(self, fetched: Fetched) -> Upload[Item] | None:
        """Merge one card from the server into netdesk; what to write back, if anything."""
        try:
            card = parse_card(fetched.text)
        except CardError as exc:
            self.result.skipped.append(f"{fetched.href}: {exc}")
            return None
        server = read_fields(card, self.region)
        item = self.items.get(fetched.href)
        if item is None:
            uid = unescape(card.value("UID") or "").strip() or fetched.href
            local_id = self._create_here(server, fetched.href)
            item = self._remember(
                create_item(self.collection.id, fetched.href, uid, local_id, etag=fetched.etag)
            )
            update_item(item, base=fetched.text, local_hash=self._hash_of(local_id, server))
            return None
        if item.local_id is None or item.local_id not in self.live | self.trashed:
            item.local_id = self._create_here(server, fetched.href)
            self.uids.add(item.local_id, item.uid)
            update_item(
                item,
                local_id=item.local_id,
                etag=fetched.etag,
                base=fetched.text,
                local_hash=self._hash_of(item.local_id, server),
            )
            return None
        local_id = item.local_id
        if local_id in self.trashed:
            # deleted here, edited on the server: the edit wins, the contact comes back
            contacts.restore_contact(local_id)
            self.trashed.discard(local_id)
            self.live.add(local_id)
            self.result.restored_here += 1
        base = base_fields(item, self.region)
        stripped = (
            base is not None
            and item.base is not None
            and "X-NETDESK-" in item.base.upper()
            and not has_netdesk_properties(card)
        )
        local = local_fields_of([local_id], self.uids, {local_id: intro_of(base)})[local_id]
        merged = merge(base, local, server, self.region, server_stripped=stripped)
        if merged.conflicts:
            record_conflicts(self.collection.id, item, merged.conflicts)
            self.result.conflicts += len(merged.conflicts)
        if not _all_same(merged.fields, local, self.region):
            if not self._apply_here(local_id, merged.fields, fetched.href):
                return None
            self.result.updated_here += 1
        local_now = local_fields_of([local_id], self.uids, {local_id: intro_of(base)})[local_id]
        local_hash = fields_hash(local_now, self.region)
        if _all_same(merged.fields, server, self.region) and not stripped:
            update_item(item, etag=fetched.etag, base=fetched.text, local_hash=local_hash)
            return None
        # recorded as not yet synced: a sync stopped before the write finds it changed here
        update_item(item, etag=fetched.etag, base=fetched.text, local_hash=None)
        text = patch_card(card, server, merged.fields, self.region, now=_now()).serialize()
        return Upload(item, text, fetched.etag, False, local_hash)

    def _create_here(self, fields: Fields, href: str) -> int | None:
        draft = _fitted(fields_into_draft(fields, ContactDraft()))
        try:
            with database.atomic():
                local_id = contacts.create_contact(draft)
        except ValidationError as exc:
            self.result.skipped.append(f"{href}: {exc}")
            return None
        self.live.add(local_id)
        if fields["introduced_by"]:
            self.unresolved[local_id] = fields["introduced_by"]
        self.result.added_here += 1
        return local_id

    def _apply_here(self, local_id: int, fields: Fields, href: str) -> bool:
        draft = contacts.load_contact(local_id)
        current_intro = draft.introduced_by_id
        fields_into_draft(fields, draft)
        uid = fields["introduced_by"]
        if uid:
            target = self.uids.id_of.get(uid)
            if target is not None and target != local_id and target in self.live:
                draft.introduced_by_id = target
            else:
                self.unresolved[local_id] = uid
        elif current_intro is not None and current_intro not in self.uids.uid_of:
            draft.introduced_by_id = current_intro  # not something the server can name
        else:
            draft.introduced_by_id = None
        try:
            with database.atomic():
                contacts.update_contact(local_id, _fitted(draft))
        except ValidationError as exc:
            self.result.skipped.append(f"{href}: {exc}")
            return False
        return True

    def _hash_of(self, local_id: int | None, fallback: Fields) -> str | None:
        if local_id is None:
            return None
        fields = local_fields_of([local_id], self.uids, {local_id: intro_of(fallback)}).get(
            local_id
        )
        return fields_hash(fields or fallback, self.region)

    def _resolve_introductions(self) -> None:
        if not self.unresolved:
            return
        with database.atomic():
            for local_id, uid in self.unresolved.items():
                target = self.uids.id_of.get(uid)
                if target is None or target == local_id or target not in self.live:
                    continue
                Contact.update(introduced_by=target).where(Contact.id == local_id).execute()
                item = next(i for i in self.items.values() if i.local_id == local_id)
                if item.local_hash is not None:
                    update_item(item, local_hash=self._hash_of(local_id, empty_fields()))

    # -- cards gone from the server ----------------------------------------------------------

    def _removed(self, changes: ServerChanges, scan: LocalScan) -> None:
        with database.atomic():
            for href in sorted(changes.removed):
                item = self.items.get(href)
                self._step("Applying deletions from the server")
                if item is None:
                    continue
                local_id = item.local_id
                if local_id is None or local_id in scan.trashed | scan.gone:
                    drop_item(item)
                    del self.items[href]
                elif local_id in scan.dirty:
                    # edited here, deleted there: the edit wins, uploaded anew
                    update_item(item, etag=None, base=None)
                else:
                    contacts.trash_contact(local_id)
                    self.live.discard(local_id)
                    self.trashed.add(local_id)
                    drop_item(item)
                    del self.items[href]
                    self.result.archived_here.append(local_id)

    # -- here → server -----------------------------------------------------------------------

    def _pushes(self, changes: ServerChanges, scan: LocalScan) -> list[Item]:
        pushes = []
        for item in self.items.values():
            if item.href in changes.changed or item.local_id is None:
                continue
            if (
                item.base is None
                or item.local_id in scan.dirty
                or item.local_id in scan.trashed | scan.gone
                or item.href in changes.removed
            ):
                pushes.append(item)
        return sorted(pushes, key=lambda i: i.href)

    def _push(self, pushes: list[Item], changes: ServerChanges, scan: LocalScan) -> None:
        sent: list[tuple[Upload[Item], str | None]] = []
        try:
            for item in pushes:
                if item.href not in self.items:
                    continue  # dropped meanwhile
                self._step("Sending changes to the server")
                if item.local_id in self.trashed or item.local_id not in self.live | self.trashed:
                    self._delete_there(item)
                    continue
                upload = self._upload_for(item)
                if upload is not None:
                    sent += self._send(upload)
                if len(sent) >= BATCH:
                    self._record(sent)
                    sent = []
        finally:
            # what reached the server is recorded, however the sync stops (Cancel, offline)
            self._record(sent)

    def _upload_for(self, item: Item) -> Upload[Item] | None:
        assert item.local_id is not None
        if item.base is None:
            if item.etag is not None:
                return self._refetch(item)
            card = new_card(item.uid)
            server = read_fields(card, self.region)
            etag, create = None, True
        else:
            if item.etag is None:
                return self._refetch(item)  # the server's ETag is unknown: fetch it first
            card = parse_card(item.base)
            server = read_fields(card, self.region)
            etag, create = item.etag, False
        intros = {item.local_id: intro_of(server)}
        local = local_fields_of([item.local_id], self.uids, intros)[item.local_id]
        merged = merge(server, local, server, self.region).fields
        text = patch_card(card, server, merged, self.region, now=_now()).serialize()
        return Upload(item, text, etag, create, fields_hash(local, self.region))

    def _refetch(self, item: Item) -> Upload[Item] | None:
        try:
            fetched = self.client.get(item.href)
        except NotFound:
            update_item(item, etag=None, base=None)  # gone: it goes up as new
            return self._upload_for(item)
        with database.atomic():
            return self._take(fetched)

    def _edited(self, sent: list[tuple[Upload[Item], str | None]]) -> list[bool]:
        ids = [u.item.local_id for u, _ in sent if u.item.local_id is not None]
        now = local_fields_of(ids, self.uids)
        edited = []
        for upload, _ in sent:
            current = now.get(upload.item.local_id) if upload.item.local_id else None
            edited.append(current is None or fields_hash(current, self.region) != upload.local_hash)
        return edited

    def _update_item(self, item: Item, **values: Any) -> None:
        update_item(item, **values)


def _all_same(a: Fields, b: Fields, region: str | None) -> bool:
    return all(same(name, a.get(name), b.get(name), region) for name in ALL_FIELDS)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _fitted(draft: ContactDraft) -> ContactDraft:
    """A draft netdesk can keep from whatever a server holds: values cut to netdesk's
    lengths, and a name for a card that has none (its email or phone)."""
    draft = dataclasses.replace(draft)
    for name in (
        "given_name",
        "family_name",
        "display_name",
        "nickname",
        "organisation",
        "department",
        "title",
        "city",
    ):
        setattr(draft, name, getattr(draft, name)[: FIELD_LIMITS[name]])
    draft.how_we_met = draft.how_we_met[: FIELD_LIMITS["how_we_met"]]
    draft.notes = draft.notes[: FIELD_LIMITS["notes"]]
    draft.tags = [t[: FIELD_LIMITS["tags"]] for t in draft.tags]
    draft.offers = [t[: FIELD_LIMITS["offers"]] for t in draft.offers]
    draft.needs = [t[: FIELD_LIMITS["needs"]] for t in draft.needs]
    if draft.networking_style not in contacts.NETWORKING_STYLES:
        draft.networking_style = ""
    if not draft.shown_name():
        fallback = [e.value for e in draft.emails] + [p.value for p in draft.phones]
        draft.display_name = fallback[0] if fallback else "(no name)"
    return draft

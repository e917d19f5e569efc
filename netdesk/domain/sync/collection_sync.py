"""What the contact sync and the history sync do alike, each for its collection.

``ContactSync`` keeps an address book in step with the contacts, ``HistorySync`` a
calendar with the interactions and referrals; they read and merge their own kinds
of object. Writing back is the same for both, and lives here once:

- changed objects are written one at a time with ``If-Match`` (new ones with
  ``If-None-Match: *``); a write that lost a race (412) is fetched, merged and
  written again (``_refetch``), ``MAX_RETRIES`` times at most, then left for the
  next sync;
- what was written is recorded in one transaction: its ETag and the text as the
  new base, and whether the local side was edited while it was on the way
  (``_edited``: then it stays marked changed);
- a delete on the server sends the ETag it knew; an edit made there since wins
  over the delete, and the object is written back instead;
- progress is said step by step (``_step``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from netdesk.domain.sync.dav_client import DavClient, NotFound, PreconditionFailed
from netdesk.domain.sync.state import StoredItem, drop_item
from netdesk.storage.models import database

Progress = Callable[[int, int, str], None]
# objects fetched (a multiget) or written before their state is recorded, at a time
BATCH = 50
# writes of one object that may lose a race (412) before it waits for the next sync
MAX_RETRIES = 3

ItemT = TypeVar("ItemT", bound=StoredItem)


@dataclass
class Upload(Generic[ItemT]):
    """An object's text on its way to the server."""

    item: ItemT
    text: str
    etag: str | None  # If-Match
    create: bool  # If-None-Match: *
    local_hash: str  # the local side as it was when the text was made


UploadT = TypeVar("UploadT", bound=Upload[Any])


class Tally(Protocol):
    """What a sync's outcome counts of the writing done here."""

    uploaded_new: int
    uploaded_changes: int
    deleted_on_server: int
    retries: int
    skipped: list[str]


class CollectionSync(Generic[ItemT, UploadT]):
    """The writing half of a sync; subclasses read and merge their own objects."""

    # the Content-Type objects are written with
    content_type: ClassVar[str]

    client: DavClient
    result: Tally
    items: dict[str, ItemT]  # the collection's objects netdesk knows, by href
    progress: Progress | None
    _done: int
    _total: int

    # -- what each sync knows of its own objects --------------------------------------------

    def _refetch(self, item: ItemT) -> UploadT | None:
        """The object fetched again after a lost race, merged, ready to be written (None:
        nothing to write any more)."""
        raise NotImplementedError

    def _edited(self, sent: list[tuple[UploadT, str | None]]) -> list[bool]:
        """For each object written: whether the local side changed since its text was made
        (read inside the transaction that records them)."""
        raise NotImplementedError

    def _update_item(self, item: ItemT, **values: Any) -> None:
        raise NotImplementedError

    # -- progress -------------------------------------------------------------------------

    def _say(self, done: int, total: int, text: str) -> None:
        if self.progress is not None:
            self.progress(done, total, text)

    def _step(self, text: str) -> None:
        self._done += 1
        self._say(self._done, self._total, f"{text} ({self._done:,} of {self._total:,})")

    # -- writing --------------------------------------------------------------------------

    def _write(self, uploads: list[UploadT]) -> None:
        sent: list[tuple[UploadT, str | None]] = []
        try:
            for upload in uploads:
                sent += self._send(upload)
        finally:
            self._record(sent)

    def _send(self, upload: UploadT) -> list[tuple[UploadT, str | None]]:
        """Write one object (a lost race is fetched, merged and written again); what was
        written, with the server's new ETag."""
        for _ in range(MAX_RETRIES + 1):
            try:
                etag = self.client.put(
                    upload.item.href,
                    upload.text,
                    self.content_type,
                    etag=upload.etag,
                    create=upload.create,
                )
            except PreconditionFailed:
                self.result.retries += 1
                retry = self._refetch(upload.item)
                if retry is None:
                    return []
                upload = retry
                continue
            return [(upload, etag)]
        self.result.skipped.append(
            f"{upload.item.href}: changed on the server during every try; next sync"
        )
        return []

    def _record(self, sent: list[tuple[UploadT, str | None]]) -> None:
        if not sent:
            return
        with database.atomic():
            # an object edited here while it was on the way stays marked changed
            for (upload, etag), edited in zip(sent, self._edited(sent), strict=True):
                self._update_item(
                    upload.item,
                    etag=etag,
                    base=upload.text,
                    local_hash=upload.local_hash,
                    local_changed=int(edited),
                )
                if upload.create:
                    self.result.uploaded_new += 1
                else:
                    self.result.uploaded_changes += 1

    def _delete_there(self, item: ItemT) -> None:
        try:
            self.client.delete(item.href, item.etag if item.base is not None else None)
        except NotFound:
            pass
        except PreconditionFailed:
            # edited on the server since: the edit beats the delete, the object comes back
            self.result.retries += 1
            upload = self._refetch(item)
            self._write([upload] if upload is not None else [])
            return
        with database.atomic():
            drop_item(item)
        self.items.pop(item.href, None)
        if item.base is not None:
            self.result.deleted_on_server += 1

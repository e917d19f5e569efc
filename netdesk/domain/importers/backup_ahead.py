"""The import's rolling backup, copied while the preview is made.

An import is never written without a rolling backup taken just before
(``apply_import``). Copying a large database takes a while, and the person is
already waiting for the preview, which only reads: the import dialog calls
``start`` as it begins reading the files, and the copy is made in a thread of
its own meanwhile (SQLite's backup API and the fingerprint's hashing leave
Python's lock to the reading). The copy is one snapshot, fingerprinted and
synced to disk under a temporary name in the backups folder.

``keep`` (called by ``apply_import``) makes that copy the import's backup,
waiting for it to finish if it has not, only when nothing at all was committed
to the database since just before its snapshot (the ``ChangeWatch`` token the
preview's plan is checked with too): it is then the database exactly as it
is. Otherwise (a write came in between, the copy failed, another database) the
copy is removed and ``apply_import`` takes a backup afresh, as it always did.
``discard`` removes a copy that will not be used (the dialog closed without
importing); one left by a process that died is removed a day later, like any
half-made backup.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from pathlib import Path

from netdesk.domain import rolling_backups
from netdesk.domain.importers import preview_cache
from netdesk.storage import backups
from netdesk.storage.change_watch import ChangeToken
from netdesk.storage.models import database


class _Copy:
    """One copy in the making, in its thread."""

    def __init__(self, db_path: Path, token: ChangeToken | None) -> None:
        self.db_path = db_path
        self.token = token
        self.result: backups.BackupCopy | None = None
        self.error: BaseException | None = None
        self.abandoned = False
        self.thread = threading.Thread(target=self._run, name="import-backup", daemon=True)

    def _run(self) -> None:
        _yield_to_other_work()
        try:
            # (no progress: the copy is made in one step, which leaves Python's lock to
            # the reading all the while)
            copy = backups.copy_for_backup(self.db_path, reason="import")
        except BaseException as exc:  # noqa: BLE001 - kept for ``keep`` to judge
            self.error = exc
        else:
            with _lock:
                if self.abandoned:
                    backups.discard_copy(copy)
                else:
                    self.result = copy

    def abandon(self) -> None:
        """Remove the copy, now or (still in the making) as soon as it is made."""
        with _lock:
            self.abandoned = True
            copy, self.result = self.result, None
        if copy is not None:
            backups.discard_copy(copy)


def _yield_to_other_work() -> None:
    """Lower this thread's priority, so that on a busy machine the copy gives way to the
    reading the person waits for; with a processor to spare it runs at full speed. (Linux
    keeps a nice value per thread; elsewhere this leaves the priority as it is.)"""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _NICER)


_NICER = 10
_lock = threading.Lock()
_pending: _Copy | None = None


def start(db_path: Path) -> None:
    """Begin copying ``db_path`` for the import about to be previewed (a copy already
    made or in the making of the database as it still is is kept)."""
    global _pending
    token = preview_cache.database_token()  # (before the copy's snapshot)
    with _lock:
        current = _pending
    if (
        current is not None
        and current.db_path == Path(db_path)
        and current.error is None
        and token is not None
        and current.token == token
    ):
        return
    discard()
    if token is None:
        return  # nothing could tell whether the copy is still the database: not worth it
    copy = _Copy(Path(db_path), token)
    with _lock:
        _pending = copy
    copy.thread.start()


def keep(db_path: Path, keep_count: int) -> bool:
    """Keep the copy made ahead as the import's rolling backup (waiting for it to be
    made); False, with nothing kept, when there is none for ``db_path`` or it is no
    longer the database as it is. ``StorageError`` as ``back_up_or_refuse`` when it
    cannot be kept."""
    global _pending
    with _lock:
        copy, _pending = _pending, None
    if copy is None:
        return False
    copy.thread.join()
    if copy.error is not None or copy.result is None or copy.db_path != Path(db_path):
        copy.abandon()
        return False
    watch = getattr(database.obj, "changes", None)
    if watch is None or not watch.unchanged_since(copy.token):
        copy.abandon()
        return False
    rolling_backups.keep_backup_copy(copy.result, keep_count, refused="imported")
    return True


def discard(*, wait: bool = False) -> None:
    """Remove the copy made ahead, if any (the preview was closed without importing): one
    in the making is removed once made, in its own time, or before this returns with
    ``wait``."""
    global _pending
    with _lock:
        copy, _pending = _pending, None
    if copy is not None:
        copy.abandon()
        if wait:
            copy.thread.join()

"""Where sync stands, cheaply enough for the status bar: the last sync, changes waiting to
go up, conflicts to resolve, and whether a contact is on the server.

"Waiting" is counted from the database alone (no digest of any contact):
contacts never synced, contacts marked changed since their card was last synced
(a change undone still counts), and synced contacts deleted here. The sync itself
decides exactly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netdesk.domain.sync import accounts, conflicts
from netdesk.domain.sync.state import CONTACT
from netdesk.storage.models import database

ON_SERVER = "on server"
LOCAL_ONLY = "local only"


@dataclass(frozen=True)
class SyncStatus:
    account: str
    server: str
    last_sync_at: dt.datetime | None
    last_status: str
    last_message: str
    pending: int
    conflicts: int

    def as_json(self) -> dict[str, object]:
        return {
            "account": self.account,
            "server": self.server,
            "last_sync_at": self.last_sync_at.isoformat(sep=" ") if self.last_sync_at else None,
            "last_status": self.last_status,
            "last_message": self.last_message,
            "pending": self.pending,
            "conflicts": self.conflicts,
        }


def pending_changes(collection_id: int) -> int:
    row = database.execute_sql(
        "SELECT "
        " (SELECT count(*) FROM contact c WHERE c.deleted_at IS NULL AND NOT EXISTS ("
        "   SELECT 1 FROM sync_item i WHERE i.collection_id = ? AND i.record_kind = ?"
        "   AND i.local_id = c.id AND i.base IS NOT NULL)),"
        " (SELECT count(*) FROM sync_item i JOIN contact c ON c.id = i.local_id"
        "   WHERE i.collection_id = ? AND i.record_kind = ? AND i.base IS NOT NULL"
        "   AND c.deleted_at IS NULL AND i.local_changed = 1),"
        " (SELECT count(*) FROM sync_item i LEFT JOIN contact c ON c.id = i.local_id"
        "   WHERE i.collection_id = ? AND i.record_kind = ? AND i.base IS NOT NULL"
        "   AND i.local_id IS NOT NULL AND (c.id IS NULL OR c.deleted_at IS NOT NULL))",
        (collection_id, CONTACT) * 3,
    ).fetchone()
    return int(sum(row))


def statuses() -> list[SyncStatus]:
    found = []
    open_conflicts = conflicts.count_open()
    for account in accounts.list_accounts():
        collection = account.contacts
        if collection is None:
            continue
        result = collection.last_result
        found.append(
            SyncStatus(
                account.name,
                collection.url,
                collection.last_sync_at,
                str(result.get("status", "never")),
                str(result.get("message", "")),
                pending_changes(collection.id),
                open_conflicts,
            )
        )
    return found


def contact_state(contact_id: int) -> str:
    """ "on server", "local only", or "" when no sync account is set up."""
    if not database.execute_sql("SELECT 1 FROM sync_account LIMIT 1").fetchone():
        return ""
    row = database.execute_sql(
        "SELECT 1 FROM sync_item WHERE record_kind = ? AND local_id = ? AND base IS NOT NULL",
        (CONTACT, contact_id),
    ).fetchone()
    return ON_SERVER if row else LOCAL_ONLY

"""Where sync stands, cheaply enough for the status bar: the last sync, changes waiting to
go up, conflicts to resolve, what stays local, and whether a contact is on the server.

"Waiting" is counted from the database alone (no digest of any contact or record):
contacts and records never synced, those marked changed since they were last
synced (a change undone still counts), and synced ones deleted here. The sync
itself decides exactly. Both collections count: the address book and the
calendar (the history).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from netdesk.domain import settings
from netdesk.domain.sync import accounts, conflicts
from netdesk.domain.sync.record_kinds import SYNONYMS, kinds_held, local_only
from netdesk.domain.sync.record_local import TABLES
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
    # the calendar (the history): "" until the first sync found or made it
    calendar: str = ""
    history_status: str = "never"
    history_message: str = ""
    pending_records: int = 0
    local_only: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "account": self.account,
            "server": self.server,
            "last_sync_at": self.last_sync_at.isoformat(sep=" ") if self.last_sync_at else None,
            "last_status": self.last_status,
            "last_message": self.last_message,
            "pending": self.pending,
            "conflicts": self.conflicts,
            "calendar": self.calendar,
            "history_status": self.history_status,
            "history_message": self.history_message,
            "pending_records": self.pending_records,
            "local_only": list(self.local_only),
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


def pending_records(collection: accounts.Collection | None) -> int:
    """Records of the kinds the calendar holds that wait to go up (before the first history
    sync: every record). Cheap at any size (three counts per kind, no join): records here
    beyond those synced are new, synced ones beyond those here were deleted, and the
    marked ones changed; a sync that both adds and deletes is told exactly by the sync."""
    held = kinds_held(collection.components) if collection else (*TABLES, SYNONYMS)
    collection_id = collection.id if collection else 0
    total = 0
    for kind in held:
        table = TABLES.get(kind)
        if table is None:  # the synonym table: waiting when edited and never synced
            total += int(
                settings.get("match.synonyms") is not None
                and not database.execute_sql(
                    "SELECT 1 FROM sync_item WHERE record_kind = ? AND collection_id = ?",
                    (kind, collection_id),
                ).fetchone()
            )
            continue
        here, synced, marked = database.execute_sql(
            f"SELECT (SELECT count(*) FROM {table}),"
            " (SELECT count(*) FROM sync_item WHERE record_kind = ? AND collection_id = ?"
            "   AND local_id IS NOT NULL),"
            " (SELECT count(*) FROM sync_item WHERE record_kind = ? AND collection_id = ?"
            "   AND local_id IS NOT NULL AND local_changed = 1)",
            (kind, collection_id) * 2,
        ).fetchone()
        total += abs(int(here) - int(synced)) + int(marked)
    return total


def statuses() -> list[SyncStatus]:
    found = []
    open_conflicts = conflicts.count_open()
    for account in accounts.list_accounts():
        collection = account.contacts
        if collection is None:
            continue
        result = collection.last_result
        calendar = account.calendar
        history = calendar.last_result if calendar else {}
        found.append(
            SyncStatus(
                account.name,
                collection.url,
                collection.last_sync_at,
                str(result.get("status", "never")),
                str(result.get("message", "")),
                pending_changes(collection.id),
                open_conflicts,
                calendar.url if calendar else "",
                str(history.get("status", "never")),
                str(history.get("message", "")),
                pending_records(calendar),
                tuple(local_only(calendar.components)) if calendar else (),
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

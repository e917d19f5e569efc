"""Schema versions and the runner that upgrades a database to the current one.

Each migration is registered once with its version and runs in its own
transaction, in order; the ``schema_version`` table records every version
applied. A database whose version is above ``SCHEMA_VERSION`` was written by a
newer netdesk and is refused, never touched.

Migrations are frozen: once shipped, a migration's SQL never changes, so an
old file always upgrades the same way. New columns and tables get a new version.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from peewee import Database

from netdesk.storage import search_index
from netdesk.storage.models import utcnow

if TYPE_CHECKING:
    # imported where a migration runs: opening an up-to-date database needs none of it
    from playhouse.migrate import SqliteMigrator

MigrationStep = Callable[[Database, "SqliteMigrator"], None]


class Migration(NamedTuple):
    version: int
    description: str
    apply: MigrationStep


MIGRATIONS: dict[int, Migration] = {}


def register(version: int, description: str) -> Callable[[MigrationStep], MigrationStep]:
    def decorator(step: MigrationStep) -> MigrationStep:
        if version in MIGRATIONS:
            raise ValueError(f"schema version {version} registered twice")
        MIGRATIONS[version] = Migration(version, description, step)
        return step

    return decorator


_V1_TABLES = """
CREATE TABLE "contact" ("id" INTEGER NOT NULL PRIMARY KEY, "given_name" TEXT NOT NULL, "family_name" TEXT NOT NULL, "display_name" TEXT NOT NULL, "sort_key" TEXT NOT NULL, "organisation" TEXT NOT NULL, "title" TEXT NOT NULL, "city" TEXT NOT NULL, "notes" TEXT NOT NULL, "how_we_met" TEXT NOT NULL, "introduced_by_id" INTEGER, "networking_style" TEXT NOT NULL, "cadence_days" INTEGER, "photo" BLOB, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "deleted_at" DATETIME, FOREIGN KEY ("introduced_by_id") REFERENCES "contact" ("id") ON DELETE SET NULL);
CREATE INDEX "contact_sort_key" ON "contact" ("sort_key");
CREATE INDEX "contact_introduced_by_id" ON "contact" ("introduced_by_id");
CREATE INDEX "contact_deleted_at" ON "contact" ("deleted_at");
CREATE TABLE "contact_email" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, "address" TEXT NOT NULL, "normalized" TEXT NOT NULL, "label" TEXT NOT NULL, "position" INTEGER NOT NULL, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE);
CREATE INDEX "contact_email_contact_id" ON "contact_email" ("contact_id");
CREATE INDEX "contact_email_normalized" ON "contact_email" ("normalized");
CREATE TABLE "contact_phone" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, "number" TEXT NOT NULL, "normalized" TEXT NOT NULL, "label" TEXT NOT NULL, "position" INTEGER NOT NULL, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE);
CREATE INDEX "contact_phone_contact_id" ON "contact_phone" ("contact_id");
CREATE INDEX "contact_phone_normalized" ON "contact_phone" ("normalized");
CREATE TABLE "contact_url" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, "url" TEXT NOT NULL, "label" TEXT NOT NULL, "position" INTEGER NOT NULL, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE);
CREATE INDEX "contact_url_contact_id" ON "contact_url" ("contact_id");
CREATE TABLE "tag" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL COLLATE NOCASE);
CREATE UNIQUE INDEX "tag_name" ON "tag" ("name");
CREATE TABLE "contact_tag" ("contact_id" INTEGER NOT NULL, "tag_id" INTEGER NOT NULL, PRIMARY KEY ("contact_id", "tag_id"), FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE, FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE);
CREATE INDEX "contact_tag_contact_id" ON "contact_tag" ("contact_id");
CREATE INDEX "contact_tag_tag_id" ON "contact_tag" ("tag_id");
CREATE TABLE "offer" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, "text" TEXT NOT NULL, "position" INTEGER NOT NULL, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE);
CREATE INDEX "offer_contact_id" ON "offer" ("contact_id");
CREATE TABLE "need" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, "text" TEXT NOT NULL, "position" INTEGER NOT NULL, "created_on" DATE NOT NULL, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE);
CREATE INDEX "need_contact_id" ON "need" ("contact_id");
CREATE TABLE "event" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "held_on" DATE NOT NULL, "place" TEXT NOT NULL, "notes" TEXT NOT NULL, "created_at" DATETIME NOT NULL);
CREATE INDEX "event_held_on" ON "event" ("held_on");
CREATE TABLE "event_tag" ("event_id" INTEGER NOT NULL, "tag_id" INTEGER NOT NULL, PRIMARY KEY ("event_id", "tag_id"), FOREIGN KEY ("event_id") REFERENCES "event" ("id") ON DELETE CASCADE, FOREIGN KEY ("tag_id") REFERENCES "tag" ("id") ON DELETE CASCADE);
CREATE INDEX "event_tag_event_id" ON "event_tag" ("event_id");
CREATE INDEX "event_tag_tag_id" ON "event_tag" ("tag_id");
CREATE TABLE "attendance" ("id" INTEGER NOT NULL PRIMARY KEY, "event_id" INTEGER NOT NULL, "contact_id" INTEGER NOT NULL, "is_new" INTEGER NOT NULL, "checked_in_at" DATETIME NOT NULL, FOREIGN KEY ("event_id") REFERENCES "event" ("id") ON DELETE CASCADE, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE);
CREATE INDEX "attendance_event_id" ON "attendance" ("event_id");
CREATE INDEX "attendance_contact_id" ON "attendance" ("contact_id");
CREATE UNIQUE INDEX "attendance_event_id_contact_id" ON "attendance" ("event_id", "contact_id");
CREATE TABLE "referral" ("id" INTEGER NOT NULL PRIMARY KEY, "direction" TEXT NOT NULL, "provider_id" INTEGER, "recipient_id" INTEGER, "referrer_id" INTEGER, "need" TEXT NOT NULL, "note" TEXT NOT NULL, "referred_on" DATE NOT NULL, "status" TEXT NOT NULL, "status_changed_on" DATE, "value" REAL, "created_at" DATETIME NOT NULL, FOREIGN KEY ("provider_id") REFERENCES "contact" ("id") ON DELETE SET NULL, FOREIGN KEY ("recipient_id") REFERENCES "contact" ("id") ON DELETE SET NULL, FOREIGN KEY ("referrer_id") REFERENCES "contact" ("id") ON DELETE SET NULL);
CREATE INDEX "referral_provider_id" ON "referral" ("provider_id");
CREATE INDEX "referral_recipient_id" ON "referral" ("recipient_id");
CREATE INDEX "referral_referrer_id" ON "referral" ("referrer_id");
CREATE INDEX "referral_referred_on" ON "referral" ("referred_on");
CREATE INDEX "referral_status" ON "referral" ("status");
CREATE TABLE "interaction" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, "kind" TEXT NOT NULL, "occurred_on" DATE NOT NULL, "note" TEXT NOT NULL, "event_id" INTEGER, "referral_id" INTEGER, "created_at" DATETIME NOT NULL, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE, FOREIGN KEY ("event_id") REFERENCES "event" ("id") ON DELETE SET NULL, FOREIGN KEY ("referral_id") REFERENCES "referral" ("id") ON DELETE SET NULL);
CREATE INDEX "interaction_contact_id" ON "interaction" ("contact_id");
CREATE INDEX "interaction_event_id" ON "interaction" ("event_id");
CREATE INDEX "interaction_referral_id" ON "interaction" ("referral_id");
CREATE INDEX "interaction_contact_id_occurred_on" ON "interaction" ("contact_id", "occurred_on");
CREATE TABLE "follow_up" ("id" INTEGER NOT NULL PRIMARY KEY, "contact_id" INTEGER NOT NULL, "reason" TEXT NOT NULL, "due_on" DATE NOT NULL, "event_id" INTEGER, "referral_id" INTEGER, "note" TEXT NOT NULL, "done_at" DATETIME, "snoozed_until" DATE, "created_at" DATETIME NOT NULL, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id") ON DELETE CASCADE, FOREIGN KEY ("event_id") REFERENCES "event" ("id") ON DELETE SET NULL, FOREIGN KEY ("referral_id") REFERENCES "referral" ("id") ON DELETE CASCADE);
CREATE INDEX "follow_up_contact_id" ON "follow_up" ("contact_id");
CREATE INDEX "follow_up_due_on" ON "follow_up" ("due_on");
CREATE INDEX "follow_up_event_id" ON "follow_up" ("event_id");
CREATE INDEX "follow_up_referral_id" ON "follow_up" ("referral_id");
CREATE TABLE "setting" ("key" TEXT NOT NULL PRIMARY KEY, "value" TEXT NOT NULL);
"""

# Settings keys the storage layer itself uses.
SCORES_STALE_KEY = "scores.stale"


@register(1, "contacts, interactions, events, referrals, follow-ups, settings")
def _v1_tables(db: Database, migrator: SqliteMigrator) -> None:
    for statement in _V1_TABLES.strip().split(";\n"):
        if statement.strip():
            db.execute_sql(statement.rstrip(";"))


@register(2, "score cache on contacts (attention, trust, last interaction)")
def _v2_score_cache(db: Database, migrator: SqliteMigrator) -> None:
    # Plain ADD COLUMN: SQLite adds a NOT NULL column with a default in place.
    # (playhouse.migrate would rebuild the table for NOT NULL, and dropping the
    # old table with foreign keys on would cascade into every child row.)
    db.execute_sql('ALTER TABLE "contact" ADD COLUMN "attention_norm" REAL NOT NULL DEFAULT 0')
    db.execute_sql('ALTER TABLE "contact" ADD COLUMN "trust_norm" REAL NOT NULL DEFAULT 0')
    db.execute_sql('ALTER TABLE "contact" ADD COLUMN "last_interaction_on" DATE')
    from playhouse.migrate import migrate

    migrate(
        migrator.add_index("contact", ("attention_norm",)),
        migrator.add_index("contact", ("trust_norm",)),
        migrator.add_index("contact", ("last_interaction_on",)),
    )
    # The weights live in the domain layer: flag the cache so the domain
    # recomputes it (netdesk.domain.score_cache.refresh_if_needed) after opening.
    db.execute_sql(
        "INSERT OR REPLACE INTO setting(key, value) VALUES (?, 'true')", (SCORES_STALE_KEY,)
    )


@register(3, "full-text indexes for search and referral matching")
def _v3_search_index(db: Database, migrator: SqliteMigrator) -> None:
    # (the indexes are filled by version 4, which gives the search index its rowids)
    search_index.create_index_tables(db)


@register(4, "search index rows in name order")
def _v4_search_positions(db: Database, migrator: SqliteMigrator) -> None:
    db.execute_sql('ALTER TABLE "contact" ADD COLUMN "search_position" INTEGER')
    db.execute_sql('CREATE UNIQUE INDEX "contact_search_position" ON "contact" ("search_position")')
    # a contact removed for good takes its index row with it (its number is gone with it)
    db.execute_sql(
        'CREATE TRIGGER "contact_search_row_gone" AFTER DELETE ON "contact" '
        "WHEN old.search_position IS NOT NULL BEGIN "
        "DELETE FROM contact_search WHERE rowid = old.search_position; END"
    )
    search_index.reindex_contacts(db)


@register(5, "full-text index of what each contact provides, field by field")
def _v5_provider_index(db: Database, migrator: SqliteMigrator) -> None:
    search_index.create_provider_table(db)
    search_index.reindex_contacts(db)


_V6_SYNC_TABLES = """
CREATE TABLE "sync_account" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "server_url" TEXT NOT NULL, "username" TEXT NOT NULL, "principal_url" TEXT NOT NULL, "allow_http" INTEGER NOT NULL, "created_at" DATETIME NOT NULL);
CREATE UNIQUE INDEX "sync_account_name" ON "sync_account" ("name");
CREATE TABLE "sync_collection" ("id" INTEGER NOT NULL PRIMARY KEY, "account_id" INTEGER NOT NULL, "kind" TEXT NOT NULL, "url" TEXT NOT NULL, "display_name" TEXT NOT NULL, "sync_token" TEXT, "ctag" TEXT, "last_sync_at" DATETIME, "last_result" TEXT NOT NULL, FOREIGN KEY ("account_id") REFERENCES "sync_account" ("id") ON DELETE CASCADE);
CREATE INDEX "sync_collection_account_id" ON "sync_collection" ("account_id");
CREATE UNIQUE INDEX "sync_collection_account_id_kind" ON "sync_collection" ("account_id", "kind");
CREATE TABLE "sync_item" ("id" INTEGER NOT NULL PRIMARY KEY, "collection_id" INTEGER NOT NULL, "record_kind" TEXT NOT NULL, "local_id" INTEGER, "uid" TEXT NOT NULL, "href" TEXT NOT NULL, "etag" TEXT, "base" TEXT, "local_hash" TEXT, "local_changed" INTEGER NOT NULL, "synced_at" DATETIME, FOREIGN KEY ("collection_id") REFERENCES "sync_collection" ("id") ON DELETE CASCADE);
CREATE INDEX "sync_item_collection_id" ON "sync_item" ("collection_id");
CREATE UNIQUE INDEX "sync_item_collection_id_href" ON "sync_item" ("collection_id", "href");
CREATE INDEX "sync_item_collection_id_uid" ON "sync_item" ("collection_id", "uid");
CREATE INDEX "sync_item_record_kind_local_id" ON "sync_item" ("record_kind", "local_id");
CREATE TABLE "sync_conflict" ("id" INTEGER NOT NULL PRIMARY KEY, "collection_id" INTEGER NOT NULL, "record_kind" TEXT NOT NULL, "local_id" INTEGER, "uid" TEXT NOT NULL, "field" TEXT NOT NULL, "local_value" TEXT NOT NULL, "server_value" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "resolved_at" DATETIME, "resolution" TEXT NOT NULL, FOREIGN KEY ("collection_id") REFERENCES "sync_collection" ("id") ON DELETE CASCADE);
CREATE INDEX "sync_conflict_collection_id" ON "sync_conflict" ("collection_id");
CREATE INDEX "sync_conflict_resolved_at" ON "sync_conflict" ("resolved_at");
"""


# a contact's synced fields changed, whoever changed them: its sync item is marked, so a
# sync looks at those contacts only (the score cache, search order and timestamps are no
# synced field and mark nothing)
_V6_MARK = (
    "UPDATE sync_item SET local_changed = 1 WHERE record_kind = 'contact' "
    "AND local_id = {row}.{column} AND local_changed = 0"
)
_V6_CONTACT_COLUMNS = (
    "given_name, family_name, display_name, organisation, title, city, notes, how_we_met, "
    "introduced_by_id, networking_style, cadence_days, photo, deleted_at"
)


@register(6, "sync accounts, their collections, per-record sync state and conflicts")
def _v6_sync_tables(db: Database, migrator: SqliteMigrator) -> None:
    for statement in _V6_SYNC_TABLES.strip().split(";\n"):
        if statement.strip():
            db.execute_sql(statement.rstrip(";"))
    db.execute_sql(
        f'CREATE TRIGGER "sync_mark_contact" AFTER UPDATE OF {_V6_CONTACT_COLUMNS} '
        f'ON "contact" BEGIN {_V6_MARK.format(row="new", column="id")}; END'
    )
    for table in ("contact_email", "contact_phone", "contact_url", "contact_tag", "offer", "need"):
        for event, row in (("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")):
            db.execute_sql(
                f'CREATE TRIGGER "sync_mark_{table}_{event.lower()}" AFTER {event} ON "{table}" '
                f"BEGIN {_V6_MARK.format(row=row, column='contact_id')}; END"
            )


@register(7, "nickname and department of a contact")
def _v7_nickname_department(db: Database, migrator: SqliteMigrator) -> None:
    # plain ADD COLUMN, as in version 2: in place, no table rebuild
    db.execute_sql('ALTER TABLE "contact" ADD COLUMN "nickname" TEXT NOT NULL DEFAULT \'\'')
    db.execute_sql('ALTER TABLE "contact" ADD COLUMN "department" TEXT NOT NULL DEFAULT \'\'')


# the calendar sync's records: a local record's synced columns changed, whoever changed
# them (an event's tags and attendance count as the event's), its sync item is marked
_V8_MARK = (
    "UPDATE sync_item SET local_changed = 1 WHERE record_kind = '{kind}' "
    "AND local_id = {row}.{column} AND local_changed = 0"
)
_V8_RECORD_COLUMNS = {
    "interaction": "contact_id, kind, occurred_on, note, event_id, referral_id",
    "event": "name, held_on, place, notes",
    "referral": (
        "direction, provider_id, recipient_id, referrer_id, need, note, referred_on, status, "
        "status_changed_on, value"
    ),
    "follow_up": "contact_id, reason, due_on, event_id, referral_id, note, done_at, snoozed_until",
}


@register(8, "calendar sync: supported components, records waiting for a contact, change marks")
def _v8_calendar_sync(db: Database, migrator: SqliteMigrator) -> None:
    # which components the account's calendar holds (VEVENT,VTODO,VJOURNAL; '' unknown)
    db.execute_sql(
        'ALTER TABLE "sync_collection" ADD COLUMN "components" TEXT NOT NULL DEFAULT \'\''
    )
    # JSON list of the contact (or record) UIDs a server record names and netdesk does not know
    db.execute_sql('ALTER TABLE "sync_item" ADD COLUMN "waiting" TEXT')
    for table, columns in _V8_RECORD_COLUMNS.items():
        mark = _V8_MARK.format(kind=table, row="new", column="id")
        db.execute_sql(
            f'CREATE TRIGGER "sync_mark_{table}" AFTER UPDATE OF {columns} '
            f'ON "{table}" BEGIN {mark}; END'
        )
    for table in ("event_tag", "attendance"):
        for event, row in (("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")):
            mark = _V8_MARK.format(kind="event", row=row, column="event_id")
            db.execute_sql(
                f'CREATE TRIGGER "sync_mark_{table}_{event.lower()}" AFTER {event} ON "{table}" '
                f"BEGIN {mark}; END"
            )


_V9_CONTACT_COLUMNS = f"{_V6_CONTACT_COLUMNS}, nickname, department"
_V9_UNFOLD = re.compile(r"\r?\n[ \t]")
_V9_LINE = r"^(?:[A-Za-z0-9-]+\.)?{name}(?:;[^:\r\n]*)?:(.*)$"


def _v9_first_part(card: str, name: str, separator: str, index: int) -> str:
    """A part of a stored card's first ``name`` line (escapes read as vCard 3.0 writes them)."""
    found = re.search(_V9_LINE.format(name=name), _V9_UNFOLD.sub("", card), re.M | re.I)
    if found is None:
        return ""
    parts, current, escaped = [], "", False
    for char in found.group(1).rstrip("\r"):
        if escaped:
            current += "\n" if char in "nN" else char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts[index].strip() if index < len(parts) else ""


@register(9, "contact sync carries nickname and department")
def _v9_sync_nickname_department(db: Database, migrator: SqliteMigrator) -> None:
    # what synced cards already said of the two (netdesk did not read them before) is what
    # this side knew at the last sync: taken where the contact has none of its own, so the
    # next upload does not take them off the card; a value only this side has goes up
    items = db.execute_sql(
        "SELECT sync_item.id, contact.id, sync_item.base, contact.nickname, contact.department "
        "FROM sync_item JOIN contact ON contact.id = sync_item.local_id "
        "WHERE sync_item.record_kind = 'contact' AND sync_item.base IS NOT NULL"
    ).fetchall()
    for item_id, contact_id, base, nickname, department in items:
        known = (_v9_first_part(base, "NICKNAME", ",", 0), _v9_first_part(base, "ORG", ";", 1))
        mine = (nickname, department)
        kept = tuple(own or theirs for own, theirs in zip(mine, known, strict=True))
        if kept != mine:
            db.execute_sql(
                'UPDATE "contact" SET "nickname" = ?, "department" = ? WHERE "id" = ?',
                (*kept, contact_id),
            )
        if kept != known:
            db.execute_sql('UPDATE "sync_item" SET "local_changed" = 1 WHERE "id" = ?', (item_id,))
    db.execute_sql('DROP TRIGGER "sync_mark_contact"')
    db.execute_sql(
        f'CREATE TRIGGER "sync_mark_contact" AFTER UPDATE OF {_V9_CONTACT_COLUMNS} '
        f'ON "contact" BEGIN {_V6_MARK.format(row="new", column="id")}; END'
    )


SCHEMA_VERSION = max(MIGRATIONS)


def _ensure_version_table(db: Database) -> None:
    db.execute_sql(
        'CREATE TABLE IF NOT EXISTS "schema_version" ("version" INTEGER NOT NULL PRIMARY KEY, '
        '"applied_at" DATETIME NOT NULL, "description" TEXT NOT NULL)'
    )


def current_version(db: Database) -> int:
    """The schema version of an open database; 0 when it has none yet."""
    if not db.table_exists("schema_version"):
        return 0
    row = db.execute_sql('SELECT max("version") FROM "schema_version"').fetchone()
    return int(row[0] or 0)


def upgrade(db: Database, target: int = SCHEMA_VERSION) -> list[int]:
    """Apply every migration above the database's version up to ``target``.

    Each step is its own transaction; returns the versions applied.
    """
    applied: list[int] = []
    with db.atomic():
        _ensure_version_table(db)
    version = current_version(db)
    from playhouse.migrate import SqliteMigrator

    migrator = SqliteMigrator(db)
    for number in range(version + 1, target + 1):
        step = MIGRATIONS[number]
        with db.atomic():
            step.apply(db, migrator)
            db.execute_sql(
                'INSERT INTO "schema_version"("version", "applied_at", "description") '
                "VALUES (?, ?, ?)",
                (number, utcnow().isoformat(sep=" "), step.description),
            )
        applied.append(number)
    return applied

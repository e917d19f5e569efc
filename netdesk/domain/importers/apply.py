"""Writing an import: a rolling backup first, then everything in one transaction.

What is written matches the database as it is at that moment: the preview's plan
when nothing at all was committed since it was made (``preview_cache``), else the
plan made again inside the transaction. A file read as it streams (a large
CSV) is planned and written a batch at a time within that transaction: a
record matching a contact an earlier batch wrote is merged into it, as the
preview merges it, and memory holds one batch, not the file. New contacts and their emails, phones,
web addresses, tags, offers, needs and first meetings are inserted in bulk;
updated contacts get their fields and lists rewritten; the search index and
the score cache follow in the same transaction. Cancel (the progress callback
raising) or any error rolls all of it back.
"""

from __future__ import annotations

import datetime as dt
from array import array
from pathlib import Path
from typing import Any

from netdesk.domain import cycle_collector, rolling_backups, score_cache, settings
from netdesk.domain.contacts import ContactDraft, sort_key_for
from netdesk.domain.importers import backup_ahead, preview_cache
from netdesk.domain.importers.plan import (
    ACTIONS,
    CREATE,
    MAX_ENTRIES,
    FileSummary,
    ImportPlan,
    PlanEntry,
    Planner,
    Target,
    add_name_keys,
    drop_name_keys,
    key_scope,
    prepare_name_keys,
)
from netdesk.domain.importers.records import ParsedFile, Progress
from netdesk.domain.phone_numbers import phone_key
from netdesk.domain.validation import normalize_email
from netdesk.storage import search_index, wal_checkpoints
from netdesk.storage.models import database, utcnow

_CHUNK = 500
_PROGRESS_EVERY = 100
_CONTACT_COLUMNS = (
    "id",
    "given_name",
    "family_name",
    "display_name",
    "sort_key",
    "organisation",
    "title",
    "city",
    "nickname",
    "department",
    "notes",
    "how_we_met",
    "introduced_by_id",
    "networking_style",
    "cadence_days",
    "photo",
    "created_at",
    "updated_at",
)
_INSERT_CONTACT = (
    f"INSERT INTO contact ({', '.join(_CONTACT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(_CONTACT_COLUMNS))})"
)
_UPDATE_CONTACT = (
    "UPDATE contact SET given_name = ?, family_name = ?, display_name = ?, sort_key = ?, "
    "organisation = ?, title = ?, city = ?, nickname = ?, department = ?, notes = ?, "
    "how_we_met = ?, introduced_by_id = ?, "
    "networking_style = ?, cadence_days = ?, photo = ?, updated_at = ? WHERE id = ?"
)
_CHILD_INSERTS = {
    "contact_email": "INSERT INTO contact_email (contact_id, address, normalized, label, position) "
    "VALUES (?, ?, ?, ?, ?)",
    "contact_phone": "INSERT INTO contact_phone (contact_id, number, normalized, label, position) "
    "VALUES (?, ?, ?, ?, ?)",
    "contact_url": "INSERT INTO contact_url (contact_id, url, label, position) VALUES (?, ?, ?, ?)",
    "offer": "INSERT INTO offer (contact_id, text, position) VALUES (?, ?, ?)",
    "need": "INSERT INTO need (contact_id, text, position, created_on) VALUES (?, ?, ?, ?)",
    "contact_tag": "INSERT INTO contact_tag (contact_id, tag_id) VALUES (?, ?)",
    "interaction": "INSERT INTO interaction (contact_id, kind, occurred_on, note, created_at) "
    "VALUES (?, 'met', ?, ?, ?)",
}


def bound_database_path() -> Path:
    return Path(database.obj.database)


def back_up_before_import(path: Path, progress: Progress | None = None) -> None:
    """A rolling backup of the database, or ``StorageError``: nothing is imported without.
    The copy made while the preview was shown is kept when it is still the database as
    it is (``backup_ahead``); else one is taken now."""
    if progress is not None:
        progress(0, 0, "Backing up your contacts before importing")
    if backup_ahead.keep(path, settings.backups_to_keep()):
        return
    rolling_backups.back_up_or_refuse(path, reason="import", refused="imported")


def apply_import(
    files: list[ParsedFile],
    *,
    db_path: Path | None = None,
    region: str | None = None,
    progress: Progress | None = None,
    backup: bool = True,
) -> ImportPlan:
    """Back up the database, then write the import of these files in one transaction.

    Returns the plan as written (created contacts carry their new ids). ``backup=False``
    when the caller took the backup already (one backup for several files, each
    imported in its own transaction).
    """
    if backup:
        back_up_before_import(db_path or bound_database_path(), progress)
    # (thousands of rows and plans, no cycles; the log copied into the file afterwards)
    with cycle_collector.paused(), wal_checkpoints.deferred(database):
        return _write_in_one_transaction(files, region, progress)


def _write_in_one_transaction(
    files: list[ParsedFile], region: str | None, progress: Progress | None
) -> ImportPlan:
    with database.atomic():
        # (the transaction holds the write lock: nothing can be committed from here on)
        preview = preview_cache.take(files, region)
        if preview is not None:
            return _write_preview(preview, progress)
        prepare_name_keys(key_scope(files))
        try:
            return _write_files(files, region, progress)
        finally:
            drop_name_keys()


def _write_preview(plan: ImportPlan, progress: Progress | None) -> ImportPlan:
    """Write the preview's own plan, made on the database as it still is."""
    write_plan(plan, progress)
    return ImportPlan(plan.entries, [], plan.files, dict(plan.left_out))


BATCH = 5000  # records of a streamed file planned and written at once


def _write_files(
    files: list[ParsedFile], region: str | None, progress: Progress | None
) -> ImportPlan:
    made_from = (database.execute_sql("SELECT max(id) FROM contact").fetchone()[0] or 0) + 1
    total = sum(len(f.records) for f in files)
    entries: list[PlanEntry] = []
    left_out = dict.fromkeys(ACTIONS, 0)
    summaries: list[FileSummary] = []
    planner = Planner(region, progress, total, made_from=made_from)
    # contacts a streamed file wrote: indexed for search once at its end, not batch by batch
    # (placing each batch among the rows before it would cost more with every batch)
    written = array("q")
    for parsed in files:
        counted = [0, 0]
        for records, problems in parsed.batches(BATCH):
            counted[0] += len(records)
            counted[1] += len(problems)
            planner.add(parsed, records, problems)
            if parsed.stream is not None:
                written.extend(_write_batch(planner, entries, left_out, progress, index=False))
                planner = Planner(region, progress, total, made_from=made_from)
                planner.order[parsed.name] = len(summaries)
        if written:
            if progress is not None:
                progress(counted[0], counted[0], "Updating the search index")
            search_index.reindex_contacts(database, written)
            written = array("q")
        summaries.append(
            FileSummary(parsed.name, parsed.format, parsed.encoding, counted[0], counted[1])
        )
    _write_batch(planner, entries, left_out, progress)
    order = {f.name: n for n, f in enumerate(summaries)}
    entries.sort(key=lambda e: (order[e.file], e.line))
    return ImportPlan(entries, [], summaries, left_out)


def _write_batch(
    planner: Planner,
    entries: list[PlanEntry],
    left_out: dict[str, int],
    progress: Progress | None,
    *,
    index: bool = True,
) -> list[int]:
    """Write the planner's batch; the ids of the contacts it wrote."""
    plan = planner.finish([])
    ids = write_plan(plan, progress, index=index)
    new = [t.new_id for t in plan.targets if t.new_id is not None]
    for start in range(0, len(new), _CHUNK):
        chunk = new[start : start + _CHUNK]
        add_name_keys(
            database.execute_sql(
                "SELECT id, given_name, family_name, display_name, organisation FROM contact "
                f"WHERE id IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
        )
    for entry in plan.entries:
        if len(entries) < MAX_ENTRIES:
            entries.append(entry)
        else:
            left_out[entry.action] += 1
    for action, count in plan.left_out.items():
        left_out[action] += count
    return ids


class _Rows:
    """Child rows to insert, gathered per table."""

    def __init__(self) -> None:
        self.tables: dict[str, list[tuple[Any, ...]]] = {name: [] for name in _CHILD_INSERTS}
        self.tag_ids: dict[str, int] = {
            name.casefold(): tid for tid, name in database.execute_sql("SELECT id, name FROM tag")
        }
        self.today = dt.date.today().isoformat()

    def tag_id(self, name: str) -> int:
        key = name.casefold()
        if key not in self.tag_ids:
            cursor = database.execute_sql("INSERT INTO tag (name) VALUES (?)", (name,))
            self.tag_ids[key] = cursor.lastrowid
        return self.tag_ids[key]

    def add_children(
        self,
        cid: int,
        draft: ContactDraft,
        region: str | None,
        overrides: dict[str, str | None] | None = None,
    ) -> None:
        overrides = overrides or {}
        t = self.tables
        for pos, email in enumerate(draft.emails):
            t["contact_email"].append(
                (cid, email.value.strip(), normalize_email(email.value), email.label, pos)
            )
        for pos, phone in enumerate(draft.phones):
            number = phone.value.strip()
            key = phone_key(number, overrides.get(number, region))
            t["contact_phone"].append((cid, number, key, phone.label, pos))
        for pos, url in enumerate(draft.urls):
            t["contact_url"].append((cid, url.value.strip(), url.label, pos))
        for pos, text in enumerate(draft.offers):
            t["offer"].append((cid, text, pos))
        for pos, text in enumerate(draft.needs):
            t["need"].append((cid, text, pos, self.today))
        for tag_id in dict.fromkeys(self.tag_id(name) for name in draft.tags):
            t["contact_tag"].append((cid, tag_id))


def _scalars(draft: ContactDraft, introduced_by: int | None) -> tuple[Any, ...]:
    name = draft.shown_name()
    return (
        draft.given_name.strip(),
        draft.family_name.strip(),
        name,
        sort_key_for(name),
        draft.organisation.strip(),
        draft.title.strip(),
        draft.city.strip(),
        draft.nickname.strip(),
        draft.department.strip(),
        draft.notes,
        draft.how_we_met.strip(),
        introduced_by,
        draft.networking_style,
        draft.cadence_days,
        draft.photo,
    )


def _introducer(target: Target) -> int | None:
    if target.draft.introduced_by_id is not None:
        return target.draft.introduced_by_id
    return target.introduced_by.contact_id if target.introduced_by is not None else None


def _written_id(target: Target) -> int:
    """A target's contact id, once ``write_plan`` has numbered the new ones."""
    assert target.contact_id is not None
    return target.contact_id


def write_plan(
    plan: ImportPlan, progress: Progress | None = None, *, index: bool = True
) -> list[int]:
    """Write a plan made in the same transaction (see ``apply_import``); the ids of the
    contacts written. ``index=False`` leaves the search index to the caller."""
    conn = database.connection()
    stamp = utcnow().isoformat(sep=" ")
    new = [t for t in plan.targets if t.existing_id is None]
    changed = [t for t in plan.targets if t.existing_id is not None and t.changes]
    next_id = (database.execute_sql("SELECT max(id) FROM contact").fetchone()[0] or 0) + 1
    for offset, target in enumerate(new):
        target.new_id = next_id + offset
    total = len(new) + len(changed)
    rows = _Rows()

    contact_rows = []
    for done, target in enumerate(new, 1):
        new_id = target.new_id
        assert new_id is not None
        contact_rows.append(
            # who introduced them is set once every new contact exists (foreign key)
            (target.new_id, *_scalars(target.draft, None), stamp, stamp)
        )
        rows.add_children(new_id, target.draft, target.region, target.phone_regions)
        if len(contact_rows) == _CHUNK:
            conn.executemany(_INSERT_CONTACT, contact_rows)
            contact_rows = []
        if progress is not None and done % _PROGRESS_EVERY == 0:
            progress(done, total, f"Importing: {done:,} of {total:,} contacts")
    conn.executemany(_INSERT_CONTACT, contact_rows)
    introductions = [(_introducer(t), t.new_id) for t in new if _introducer(t) is not None]
    conn.executemany("UPDATE contact SET introduced_by_id = ? WHERE id = ?", introductions)

    changed_ids = [t.existing_id for t in changed]
    for start in range(0, len(changed_ids), _CHUNK):
        chunk = changed_ids[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        for table in ("contact_email", "contact_phone", "contact_url", "offer", "need"):
            database.execute_sql(f"DELETE FROM {table} WHERE contact_id IN ({marks})", chunk)
        database.execute_sql(f"DELETE FROM contact_tag WHERE contact_id IN ({marks})", chunk)
    for done, target in enumerate(changed, len(new) + 1):
        conn.execute(
            _UPDATE_CONTACT,
            (*_scalars(target.draft, _introducer(target)), stamp, target.existing_id),
        )
        rows.add_children(_written_id(target), target.draft, target.region, target.phone_regions)
        if progress is not None and done % _PROGRESS_EVERY == 0:
            progress(done, total, f"Importing: {done:,} of {total:,} contacts")

    met_ids = []
    for target in new + changed:
        if target.met is not None:
            day, note = target.met
            rows.tables["interaction"].append((target.contact_id, day.isoformat(), note, stamp))
            met_ids.append(_written_id(target))
    for table, data in rows.tables.items():
        for start in range(0, len(data), 5000):
            conn.executemany(_CHILD_INSERTS[table], data[start : start + 5000])
    written = [_written_id(t) for t in new + changed]
    if index:
        if progress is not None:
            progress(total, total, "Updating the search index")
        search_index.reindex_contacts(database, written)
    if met_ids:
        score_cache.refresh_contacts([cid for cid in met_ids if cid is not None])
    for target in new:
        for entry in target.entries:
            if entry.action == CREATE or entry.contact_id is None:
                entry.contact_id = target.new_id
    return written

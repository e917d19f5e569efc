"""Backups and restores on the seeded database, against the plainest way to do the same.

- ``backup_copy``: a consistent copy through SQLite's backup API (one snapshot,
  fsynced, owner-only) against ``shutil.copyfile`` of the same file.
- ``restore_sqlite``: a restore over an existing database (copy, integrity and
  schema checks, the pre-restore backup, the atomic swap) against two plain
  file copies (the restored file and the kept one).
- ``restore_json_over_existing``: restoring the JSON backup over an existing
  database (a copy of the seeded one: every value checked, indexes and score
  cache rebuilt, the pre-restore backup, the swap) against ``json.load`` plus
  ``executemany`` of the same rows into an empty schema and a rename over the
  existing file.
- ``open_check``: the integrity check netdesk runs before opening a database
  against opening it and counting its contacts.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3

from peewee import SqliteDatabase

from netdesk.domain import json_backup
from netdesk.domain.restore import restore_file
from netdesk.domain.workspace import open_workspace
from netdesk.storage import backups, migrations
from netdesk.storage.database import close_database, inspect
from netdesk.storage.database_swap import restore_database
from tests.benchmarks.harness import Context, Record, timed


def _fresh(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    shutil.rmtree(backups.backups_dir(path), ignore_errors=True)


def backup_copy(ctx: Context) -> Record:
    source = ctx.seeded_db()
    out = ctx.workdir / "backup-copy.sqlite3"
    plain = ctx.workdir / "backup-plain.sqlite3"
    _fresh(out)
    value = timed(lambda: backups.copy_database(source, out))
    baseline = timed(lambda: shutil.copyfile(source, plain))
    return Record(
        "backup_copy",
        "a consistent, fsynced, owner-only copy through SQLite's backup API / shutil.copyfile",
        value,
        baseline,
        extra={"bytes": source.stat().st_size, **ctx.sizes()},
    )


def restore_sqlite(ctx: Context) -> Record:
    source = ctx.seeded_db()
    backup = ctx.workdir / "restore-source.sqlite3"
    backups.copy_database(source, backup)
    target = ctx.workdir / "restore-target.sqlite3"
    _fresh(target)
    backups.copy_database(source, target)
    value = timed(lambda: restore_database(backup, target))
    plain = ctx.workdir / "restore-plain.sqlite3"

    def two_copies() -> None:
        shutil.copyfile(target, ctx.workdir / "restore-plain-kept.sqlite3")
        shutil.copyfile(backup, plain)

    baseline = timed(two_copies)
    return Record(
        "restore_sqlite",
        "restoring a database copy over an existing one (checks, pre-restore backup, swap)"
        " / two plain file copies",
        value,
        baseline,
        extra=ctx.sizes(),
    )


def restore_json_over_existing(ctx: Context) -> Record:
    source = ctx.seeded_db()
    document_path = ctx.workdir / "restore.json"
    if not document_path.exists():
        open_workspace(source, write=False)
        json_backup.write_backup(document_path)
        close_database()
    target = ctx.workdir / "restore-json.sqlite3"
    _fresh(target)
    backups.copy_database(source, target)
    value = timed(lambda: restore_file(document_path, target))
    close_database()

    existing = ctx.workdir / "restore-json-plain.sqlite3"
    _fresh(existing)
    backups.copy_database(source, existing)
    plain = ctx.workdir / "restore-json-plain-new.sqlite3"
    _fresh(plain)
    migrations.upgrade(SqliteDatabase(str(plain)))

    def load_insert_swap() -> None:
        document = json.loads(document_path.read_text(encoding="utf-8"))
        conn = sqlite3.connect(plain)
        with conn:
            conn.execute("DELETE FROM setting")
            for table, rows in document["tables"].items():
                if not rows:
                    continue
                names = list(rows[0])
                sql = (
                    f'INSERT INTO "{table}" ({", ".join(names)}) '
                    f"VALUES ({', '.join('?' * len(names))})"
                )
                conn.executemany(sql, [tuple(row[n] for n in names) for row in rows])
        conn.close()
        os.replace(plain, existing)

    baseline = timed(load_insert_swap)
    return Record(
        "restore_json_over_existing",
        "restoring the JSON backup over an existing database (checks, indexes, scores,"
        " pre-restore backup, swap) / json.loads + executemany into an empty schema + rename",
        value,
        baseline,
        extra={"json_bytes": document_path.stat().st_size, **ctx.sizes()},
    )


def open_check(ctx: Context) -> Record:
    source = ctx.seeded_db()
    value = timed(lambda: inspect(source))

    def plain_open() -> None:
        conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        conn.execute("SELECT count(*) FROM contact").fetchone()
        conn.close()

    baseline = timed(plain_open)
    return Record(
        "open_check",
        "the integrity and schema check before opening a database / opening it and counting"
        " its contacts",
        value,
        baseline,
        extra=ctx.sizes(),
    )


BENCHMARKS = {
    "backup_copy": backup_copy,
    "restore_sqlite": restore_sqlite,
    "restore_json_over_existing": restore_json_over_existing,
    "open_check": open_check,
}

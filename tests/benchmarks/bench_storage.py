"""Storage benchmarks: seeding a large database."""

from __future__ import annotations

import datetime as dt
import sqlite3

from peewee import SqliteDatabase

from netdesk.domain import seed
from netdesk.domain.workspace import open_workspace
from netdesk.storage import migrations
from netdesk.storage.database import close_database
from tests.benchmarks.harness import Context, Record, timed


def seed_50k(ctx: Context) -> Record:
    """netdesk's seed (generate rows, insert, score cache, search index) against plain
    ``sqlite3.executemany`` of the very same rows into the same schema. Both start with
    the empty schema in place and end with the database closed (its journal written
    back into the file)."""
    anchor = dt.date.today()
    target = ctx.workdir / "seed-netdesk.sqlite3"
    baseline_db = ctx.workdir / "seed-baseline.sqlite3"
    for path in (target, baseline_db):
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)

    open_workspace(target, create=True)

    def netdesk_seed() -> None:
        seed.seed_database(ctx.contacts, ctx.interactions, anchor=anchor)
        close_database()

    value = timed(netdesk_seed)

    rows = seed.generate(ctx.contacts, ctx.interactions, anchor=anchor)
    migrations.upgrade(SqliteDatabase(str(baseline_db)))
    conn = sqlite3.connect(baseline_db)
    conn.execute("PRAGMA journal_mode=wal")

    def plain_executemany() -> None:
        with conn:
            for table in seed.COLUMNS:
                conn.executemany(seed.insert_sql(table), rows.tables[table])
        conn.close()

    baseline = timed(plain_executemany)
    return Record(
        "seed_50k",
        "netdesk seed (generate the network, insert, score cache, search indexes, close) /"
        " executemany of the same rows into the same schema, close",
        value,
        baseline,
        target=2.0,
        limit=60.0,
        extra={"duplicates_planted": len(rows.duplicates), **ctx.sizes()},
    )


BENCHMARKS = {"seed_50k": seed_50k}

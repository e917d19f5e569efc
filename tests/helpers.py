"""Small builders for tests: contacts and interactions with sensible defaults."""

from __future__ import annotations

import datetime as dt

from netdesk.domain import contacts, interactions
from netdesk.domain.contacts import ContactDraft, Labelled


def make_contact(given: str, family: str = "", **fields) -> int:
    emails = [Labelled(e) for e in fields.pop("emails", [])]
    phones = [Labelled(p) for p in fields.pop("phones", [])]
    draft = ContactDraft(
        given_name=given, family_name=family, emails=emails, phones=phones, **fields
    )
    return contacts.create_contact(draft)


def log(
    contact_id: int, kind: str, days_ago: int = 0, note: str = "", today: dt.date | None = None
) -> int:
    day = (today or dt.date.today()) - dt.timedelta(days=days_ago)
    return interactions.log_interaction(contact_id, kind, day, note)


def table_rows(
    path, *, with_schema_version: bool = True, without: tuple[str, ...] = ()
) -> dict[str, list[tuple]]:
    """Every row of every netdesk table in the file at ``path``, in a stable order.

    ``without`` leaves out columns (e.g. timestamps that differ between two runs).
    """
    import sqlite3

    from netdesk.storage.models import ALL_MODELS, SchemaVersion

    conn = sqlite3.connect(path)

    def select(table: str) -> str:
        names = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
        kept = ", ".join(f'"{n}"' for n in names if n not in without)
        return f'SELECT {kept} FROM "{table}"'

    try:
        return {
            model._meta.table_name: sorted(
                conn.execute(select(model._meta.table_name)).fetchall(), key=repr
            )
            for model in ALL_MODELS
            if with_schema_version or model is not SchemaVersion
        }
    finally:
        conn.close()


def integrity(path) -> str:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()

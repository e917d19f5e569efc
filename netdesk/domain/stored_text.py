"""Bringing text a database already holds under the one rule for text.

A SQLite backup is restored as the file it is, so what it holds was never
seen by netdesk's checks: a hostile or an old file can carry names with
escape sequences or bidi overrides. ``clean_stored_text`` runs
``validation.clean_line``/``clean_text`` over every text column netdesk keeps
(``validation.STORED_TEXT``) in one transaction, and brings the search index
of the contacts it changed up to date.
"""

from __future__ import annotations

import logging

from peewee import IntegrityError

from netdesk.domain.validation import STORED_TEXT, clean_line, clean_text, has_controls
from netdesk.storage import search_index
from netdesk.storage.models import database

log = logging.getLogger(__name__)

# the column that says which contact a row belongs to
_CONTACT_OF = {
    "contact": "id",
    "contact_email": "contact_id",
    "contact_phone": "contact_id",
    "contact_url": "contact_id",
    "offer": "contact_id",
    "need": "contact_id",
    "interaction": "contact_id",
}


def _needs_cleaning(kind: str, value: str) -> bool:
    if kind == "line":
        return has_controls(value)
    return clean_text(value) != value


def clean_stored_text() -> int:
    """Clean every stored text value that the rule would not keep; returns how many."""
    changed = 0
    contacts: set[int] = set()
    tags_changed = False
    with database.atomic():
        for (table, column), (kind, _limit) in STORED_TEXT.items():
            owner = _CONTACT_OF.get(table)
            select = f'SELECT rowid, "{column}", {owner or "NULL"} FROM "{table}"'
            fixes = [
                (clean_line(value) if kind == "line" else clean_text(value), rowid, owner_id)
                for rowid, value, owner_id in database.execute_sql(select)
                if isinstance(value, str) and _needs_cleaning(kind, value)
            ]
            for value, rowid, owner_id in fixes:
                try:
                    database.execute_sql(
                        f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?', (value, rowid)
                    )
                except IntegrityError:
                    # cleaned, it would be a second copy of a unique value (a tag): kept as is
                    log.warning(
                        "a %s.%s value was left as it is (not unique once cleaned)", table, column
                    )
                    continue
                changed += 1
                if owner_id is not None:
                    contacts.add(owner_id)
                elif table == "tag":
                    tags_changed = True
        if tags_changed:
            search_index.reindex_contacts(database)
        elif contacts:
            search_index.reindex_contacts(database, contacts)
    if changed:
        log.info("removed control characters from %d stored values", changed)
    return changed

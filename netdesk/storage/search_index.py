"""The full-text indexes over contacts, kept in step by ``reindex_contacts``.

Two FTS5 tables hold the same columns, one row per live contact (rowid = contact id):

- ``contact_search``: ``unicode61 remove_diacritics 2`` with prefix indexes, for
  search as you type ("jos" finds "José").
- ``contact_match``: the same plus the Porter stemmer, for referral matching
  ("realtors" finds "Realtor", "bookkeeping" finds "bookkeeper").

Every write that changes a contact's indexed text calls ``reindex_contacts``
inside the same transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from peewee import Database

SEARCH_TABLE = "contact_search"
MATCH_TABLE = "contact_match"

# Column order matters: bm25() weights are given positionally in this order.
COLUMNS = ("name", "organisation", "title", "offers", "needs", "tags", "city", "notes")

_TOKENIZERS = {
    SEARCH_TABLE: "unicode61 remove_diacritics 2",
    MATCH_TABLE: "porter unicode61 remove_diacritics 2",
}
_OPTIONS = {SEARCH_TABLE: ", prefix='1 2 3'", MATCH_TABLE: ""}

_SELECT_DOCUMENTS = """
SELECT c.id,
       trim(c.display_name || ' ' || c.given_name || ' ' || c.family_name),
       c.organisation,
       c.title,
       coalesce((SELECT group_concat(o.text, ' | ') FROM offer o WHERE o.contact_id = c.id), ''),
       coalesce((SELECT group_concat(n.text, ' | ') FROM need n WHERE n.contact_id = c.id), ''),
       coalesce((SELECT group_concat(t.name, ' ') FROM contact_tag ct
                 JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), ''),
       c.city,
       trim(c.notes || ' ' || c.how_we_met)
FROM contact c
WHERE c.deleted_at IS NULL
"""

_CHUNK = 500
_WORD = re.compile(r"\w+", re.UNICODE)


def create_index_tables(db: Database) -> None:
    columns = ", ".join(COLUMNS)
    for table, tokenizer in _TOKENIZERS.items():
        db.execute_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5("
            f"{columns}, tokenize='{tokenizer}'{_OPTIONS[table]})"
        )


def reindex_contacts(db: Database, contact_ids: Iterable[int] | None = None) -> None:
    """Rewrite the index rows of these contacts (all contacts when None).

    Contacts that are deleted or in the trash simply drop out of the index.
    """
    insert_cols = ", ".join(("rowid",) + COLUMNS)
    if contact_ids is None:
        for table in _TOKENIZERS:
            db.execute_sql(f"DELETE FROM {table}")
            db.execute_sql(f"INSERT INTO {table}({insert_cols}) {_SELECT_DOCUMENTS}")
        return
    ids = sorted(set(contact_ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        for table in _TOKENIZERS:
            db.execute_sql(f"DELETE FROM {table} WHERE rowid IN ({marks})", chunk)
            db.execute_sql(
                f"INSERT INTO {table}({insert_cols}) {_SELECT_DOCUMENTS} AND c.id IN ({marks})",
                chunk,
            )


def query_words(text: str) -> list[str]:
    """The words of a free-text query, as the index tokenizer would see them."""
    return _WORD.findall(text)


def prefix_query(text: str) -> str | None:
    """An FTS5 query where every word must match as a prefix, or None for no words.

    Each word is quoted, so operators or quotes a user types are taken literally.
    """
    words = query_words(text)
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words)

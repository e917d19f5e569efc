"""The contact list as pages of rows, filtered and sorted in SQL.

At tens of thousands of contacts the list never loads everything: the view
asks for a count and then for the pages it shows. Search goes through the
``contact_search`` FTS index (every word a prefix, accents ignored).

Kept fast at 50,000 contacts, search as you type included:

- ``+c.deleted_at IS NULL`` (the ``+`` keeps SQLite off the ``deleted_at``
  index) lets a page walk the sort column's index and stop after ``limit``
  rows, instead of sorting every contact.
- A search in name order reads the FTS index in rowid order: its rowids are
  search positions, which sort like the names (see ``search_index``), so a
  page is a walk that stops after ``limit`` hits, however many match.
- With a tag as well, a search that matches many contacts collects the
  matching ones once, then walks the name index in order and stops after a
  page; a narrower one sorts just its matches. The caller passes the count
  it already has (``matched``) to choose.
- The index holds live contacts only, so a text-only count asks it alone.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any, NamedTuple

from netdesk.domain import score_cache
from netdesk.storage import search_index
from netdesk.storage.models import database


class SortKey(enum.Enum):
    NAME = "name"
    LAST_INTERACTION = "last_interaction"
    TRUST = "trust"
    ATTENTION = "attention"


# a search with at least this many matches walks the name index in order...
WALK_MIN_MATCHES = 3000
# ...for pages within the first this many rows (deeper pages sort the matches)
WALK_MAX_ROWS = 1000

# (column expression, natural direction for "ascending")
_ORDER = {
    SortKey.NAME: "c.sort_key {dir}, c.id {dir}",
    SortKey.LAST_INTERACTION: "c.last_interaction_on IS NULL, c.last_interaction_on {dir}, c.id",
    SortKey.TRUST: "c.trust_norm {dir}, c.id",
    SortKey.ATTENTION: "c.attention_norm {dir}, c.id",
}


class ContactListQuery(NamedTuple):
    text: str = ""
    tag: str | None = None
    sort: SortKey = SortKey.NAME
    descending: bool = False


class ContactRow(NamedTuple):
    """One row of the list. Its scores are worked out when read: a page holds more
    rows than a screen shows, and a search replaces its page at every keystroke."""

    id: int
    name: str
    organisation: str
    title: str
    offers: str
    attention_norm: float
    trust_norm: float
    last_interaction_on: dt.date | None
    view: score_cache.ScoreView

    @property
    def trust(self) -> float:
        return self.view.trust(self.trust_norm)

    @property
    def attention(self) -> float:
        return self.view.attention(self.attention_norm)


def _where(query: ContactListQuery) -> tuple[str, list[Any]]:
    clauses = ["+c.deleted_at IS NULL"]
    params: list[Any] = []
    fts = search_index.prefix_query(query.text)
    if fts:
        clauses.append(
            f"c.search_position IN (SELECT rowid FROM {search_index.SEARCH_TABLE} "
            f"WHERE {search_index.SEARCH_TABLE} MATCH ?)"
        )
        params.append(fts)
    if query.tag:
        clauses.append(
            "c.id IN (SELECT ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
            "WHERE t.name = ?)"
        )
        params.append(query.tag)
    return " AND ".join(clauses), params


def count_contacts(query: ContactListQuery) -> int:
    fts = search_index.prefix_query(query.text)
    if fts and not query.tag:
        table = search_index.SEARCH_TABLE
        sql = f"SELECT count(*) FROM {table} WHERE {table} MATCH ?"
        return int(database.execute_sql(sql, [fts]).fetchone()[0])
    where, params = _where(query)
    sql = f"SELECT count(*) FROM contact c WHERE {where}"
    return int(database.execute_sql(sql, params).fetchone()[0])


def total_contacts() -> int:
    return count_contacts(ContactListQuery())


def fetch_contact_page(
    query: ContactListQuery,
    offset: int,
    limit: int,
    *,
    matched: int | None = None,
    view: score_cache.ScoreView | None = None,
) -> list[ContactRow]:
    """Rows ``offset`` to ``offset + limit`` of the list.

    ``matched`` (the query's count, when the caller knows it) picks the faster
    plan; ``view`` turns norms into scores (read from the settings when not given).
    """
    direction = "DESC" if query.descending else "ASC"
    fts = search_index.prefix_query(query.text)
    if query.sort == SortKey.NAME and fts and not query.tag:
        found = _index_order_page(fts, direction, offset, limit)
    else:
        found = _sorted_page(query, direction, offset, limit, matched)
    view = view or score_cache.score_view()
    return [
        ContactRow(
            cid,
            name,
            org,
            title,
            offers or "",
            a_norm,
            t_norm,
            dt.date.fromisoformat(last) if isinstance(last, str) else last,
            view,
        )
        for cid, name, org, title, offers, a_norm, t_norm, last in found
    ]


_COLUMNS = (
    "c.id, c.display_name, c.organisation, c.title, {offers}, c.attention_norm, c.trust_norm, "
    "c.last_interaction_on"
)


def _index_order_page(fts: str, direction: str, offset: int, limit: int) -> list[tuple[Any, ...]]:
    # the index keeps each contact's offers as the list shows them: read with the hit
    table = search_index.SEARCH_TABLE
    sql = f"""
        SELECT {_COLUMNS.format(offers="replace(hit.offers, ?, ', ')")}
        FROM (SELECT rowid AS position, offers FROM {table} WHERE {table} MATCH ?
              ORDER BY rowid {direction} LIMIT ? OFFSET ?) AS hit
        JOIN contact c ON c.search_position = hit.position
        ORDER BY hit.position {direction}"""
    separator = search_index.OFFER_SEPARATOR
    rows: list[tuple[Any, ...]] = database.execute_sql(
        sql, [separator, fts, limit, offset]
    ).fetchall()
    return rows


def _sorted_page(
    query: ContactListQuery, direction: str, offset: int, limit: int, matched: int | None
) -> list[tuple[Any, ...]]:
    walk = (
        query.sort == SortKey.NAME
        and bool(query.text.strip())
        and matched is not None
        and matched >= WALK_MIN_MATCHES
        and offset + limit <= WALK_MAX_ROWS
    )
    where, params = _where(query)
    order = _ORDER[query.sort].format(dir=direction)
    # offers come in a second query for the page alone: a sorted plan computes its
    # columns for every match before it sorts
    sql = f"""
        SELECT {_COLUMNS.format(offers="NULL")}
        FROM contact c {"INDEXED BY contact_sort_key" if walk else ""} WHERE {where}
        ORDER BY {order}
        LIMIT ? OFFSET ?"""
    found = database.execute_sql(sql, [*params, limit, offset]).fetchall()
    offers = _offers_of([row[0] for row in found])
    return [(*row[:4], offers.get(row[0]), *row[5:]) for row in found]


def _offers_of(contact_ids: list[int]) -> dict[int, str]:
    if not contact_ids:
        return {}
    marks = ", ".join("?" * len(contact_ids))
    offers: dict[int, list[str]] = {}
    for contact_id, text in database.execute_sql(
        f"SELECT contact_id, text FROM offer WHERE contact_id IN ({marks}) "
        "ORDER BY contact_id, position, id",
        contact_ids,
    ):
        offers.setdefault(contact_id, []).append(text)
    return {contact_id: ", ".join(texts) for contact_id, texts in offers.items()}


def row_of_contact(query: ContactListQuery, contact_id: int) -> int | None:
    """The position of a contact in the list the query gives, or None when it is not in it."""
    if query.sort == SortKey.NAME:
        return _row_by_name(query, contact_id)
    where, params = _where(query)
    direction = "DESC" if query.descending else "ASC"
    order = _ORDER[query.sort].format(dir=direction)
    sql = f"""
        SELECT pos FROM (
            SELECT c.id AS id, row_number() OVER (ORDER BY {order}) - 1 AS pos
            FROM contact c WHERE {where})
        WHERE id = ?"""
    found = database.execute_sql(sql, [*params, contact_id]).fetchone()
    return None if found is None else found[0]


def _row_by_name(query: ContactListQuery, contact_id: int) -> int | None:
    """In name order a position is a count of the rows before it, which the index answers."""
    fts = search_index.prefix_query(query.text)
    if fts and not query.tag:
        return _row_in_search(fts, contact_id, query.descending)
    where, params = _where(query)
    found = database.execute_sql(
        f"SELECT c.sort_key FROM contact c WHERE {where} AND c.id = ?", [*params, contact_id]
    ).fetchone()
    if found is None:
        return None
    before = "<" if not query.descending else ">"
    sql = (
        f"SELECT count(*) FROM contact c WHERE {where} "
        f"AND (c.sort_key {before} ? OR (c.sort_key = ? AND c.id {before} ?))"
    )
    return int(database.execute_sql(sql, [*params, found[0], found[0], contact_id]).fetchone()[0])


def _row_in_search(fts: str, contact_id: int, descending: bool) -> int | None:
    table = search_index.SEARCH_TABLE
    found = database.execute_sql(
        f"SELECT rowid FROM {table} WHERE {table} MATCH ? "
        "AND rowid = (SELECT search_position FROM contact WHERE id = ?)",
        [fts, contact_id],
    ).fetchone()
    if found is None:
        return None
    before = ">" if descending else "<"
    return int(
        database.execute_sql(
            f"SELECT count(*) FROM {table} WHERE {table} MATCH ? AND rowid {before} ?",
            [fts, found[0]],
        ).fetchone()[0]
    )

"""The contact list as pages of rows, filtered and sorted in SQL.

At tens of thousands of contacts the list never loads everything: the view
asks for a count and then for the pages it shows. Search goes through the
``contact_search`` FTS index (every word a prefix, accents ignored).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from netdesk.domain import score_cache
from netdesk.storage import search_index
from netdesk.storage.models import database


class SortKey(enum.Enum):
    NAME = "name"
    LAST_INTERACTION = "last_interaction"
    TRUST = "trust"
    ATTENTION = "attention"


# (column expression, natural direction for "ascending")
_ORDER = {
    SortKey.NAME: "c.sort_key {dir}, c.id {dir}",
    SortKey.LAST_INTERACTION: "c.last_interaction_on IS NULL, c.last_interaction_on {dir}, c.id",
    SortKey.TRUST: "c.trust_norm {dir}, c.id",
    SortKey.ATTENTION: "c.attention_norm {dir}, c.id",
}


@dataclass(frozen=True)
class ContactListQuery:
    text: str = ""
    tag: str | None = None
    sort: SortKey = SortKey.NAME
    descending: bool = False


@dataclass(frozen=True)
class ContactRow:
    id: int
    name: str
    organisation: str
    title: str
    offers: str
    trust: float
    attention: float
    last_interaction_on: dt.date | None


def _where(query: ContactListQuery) -> tuple[str, list]:
    clauses = ["c.deleted_at IS NULL"]
    params: list = []
    fts = search_index.prefix_query(query.text)
    if fts:
        clauses.append(
            f"c.id IN (SELECT rowid FROM {search_index.SEARCH_TABLE} "
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
    where, params = _where(query)
    return database.execute_sql(f"SELECT count(*) FROM contact c WHERE {where}", params).fetchone()[
        0
    ]


def total_contacts() -> int:
    return count_contacts(ContactListQuery())


def fetch_contact_page(query: ContactListQuery, offset: int, limit: int) -> list[ContactRow]:
    where, params = _where(query)
    direction = "DESC" if query.descending else "ASC"
    order = _ORDER[query.sort].format(dir=direction)
    sql = f"""
        SELECT c.id, c.display_name, c.organisation, c.title,
               coalesce((SELECT group_concat(o.text, ', ')
                         FROM (SELECT text FROM offer WHERE contact_id = c.id
                               ORDER BY position) o), ''),
               c.attention_norm, c.trust_norm, c.last_interaction_on
        FROM contact c WHERE {where}
        ORDER BY {order}
        LIMIT ? OFFSET ?"""
    view = score_cache.score_view()
    rows = []
    for cid, name, org, title, offers, a_norm, t_norm, last in database.execute_sql(
        sql, [*params, limit, offset]
    ):
        scores = view.scores(a_norm, t_norm)
        rows.append(
            ContactRow(
                cid,
                name,
                org,
                title,
                offers,
                scores.trust,
                scores.attention,
                dt.date.fromisoformat(last) if isinstance(last, str) else last,
            )
        )
    return rows


def row_of_contact(query: ContactListQuery, contact_id: int) -> int | None:
    """The position of a contact in the list the query gives, or None when it is not in it."""
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

"""Who has the need: a contact named on the command line by id, name or part of a name."""

from __future__ import annotations

from netdesk.domain import referrals
from netdesk.domain.contacts import sort_key_for
from netdesk.domain.user_errors import NotFound
from netdesk.storage import search_index
from netdesk.storage.models import database

# at most this many candidates are named when a name is ambiguous
SHOWN = 5


def find_person(text: str) -> int:
    """A live contact by id ("12"), full name, or any part of a name that only one
    person answers to ("Alice", "ali ad"): every word starts a word of their name.
    Case and accents are ignored.

    Raises ``NotFound`` when nobody answers to it, or naming the candidates when
    several do.
    """
    text = text.strip()
    if text.isdigit():
        return referrals.find_contact(text)
    exact = database.execute_sql(
        "SELECT id, display_name FROM contact WHERE sort_key = ? AND deleted_at IS NULL "
        "ORDER BY id LIMIT ?",
        (sort_key_for(text), SHOWN + 1),
    ).fetchall()
    if len(exact) == 1:
        return int(exact[0][0])
    found = exact or _by_part_of_name(text)
    if not found:
        raise NotFound(f"no contact named “{text}”")
    if len(found) == 1:
        return int(found[0][0])
    shown = ", ".join(f"{name} ({cid})" for cid, name in found[:SHOWN])
    more = ", …" if len(found) > SHOWN else ""
    raise NotFound(f"“{text}” could be {shown}{more}; give more of the name, or an id")


def _by_part_of_name(text: str) -> list[tuple[int, str]]:
    query = search_index.prefix_query(text)
    if query is None:
        return []
    table = search_index.SEARCH_TABLE
    found: list[tuple[int, str]] = database.execute_sql(
        f"SELECT c.id, c.display_name FROM {table} s JOIN contact c ON c.search_position = s.rowid "
        f"WHERE {table} MATCH ? AND c.deleted_at IS NULL ORDER BY s.rowid LIMIT ?",
        ("{name}: (" + query + ")", SHOWN + 1),
    ).fetchall()
    return found

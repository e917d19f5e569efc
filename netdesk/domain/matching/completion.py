"""Completing a need as it is typed, from the needs recorded on contacts."""

from __future__ import annotations

from dataclasses import dataclass

from netdesk.domain.contacts import sort_key_for
from netdesk.storage import search_index
from netdesk.storage.models import database


@dataclass(frozen=True)
class RecordedNeed:
    text: str
    contact_id: int
    contact_name: str


def recorded_needs(typed: str, limit: int = 20) -> list[RecordedNeed]:
    """Needs on record whose words start with what was typed, newest first."""
    query = search_index.prefix_query(typed)
    if query is None:
        return []
    words = [sort_key_for(w) for w in search_index.query_words(typed)]
    cursor = database.execute_sql(
        f"SELECT n.text, c.id, c.display_name FROM need n JOIN contact c ON c.id = n.contact_id "
        "WHERE c.search_position IN ("
        f"SELECT rowid FROM {search_index.SEARCH_TABLE} "
        f"WHERE {search_index.SEARCH_TABLE} MATCH ? LIMIT 500) "
        "ORDER BY n.created_on DESC, n.id DESC",
        ("{needs}: (" + query + ")",),
    )
    found = []
    for text, cid, name in cursor:
        folded = [sort_key_for(w) for w in search_index.query_words(text)]
        if all(any(f.startswith(w) for f in folded) for w in words):
            found.append(RecordedNeed(text, cid, name))
            if len(found) >= limit:
                break
    return found

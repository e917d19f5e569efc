"""One event seen as a room of people: who came, who is new, and whom to introduce.

An introduction pairs an attendee's recorded need with another attendee whose
offers or title serve it. Each need becomes a query on the Porter-stemmed
``contact_match`` index ("a bookkeeper" finds "bookkeeping"), restricted to
the people who came and never answered by the person with the need; the best
few per need are kept, ranked by the index's bm25 relevance.
"""

from __future__ import annotations

from dataclasses import dataclass

from netdesk.domain import events
from netdesk.domain.events import Attendee, EventRow
from netdesk.storage import search_index
from netdesk.storage.models import database

PER_NEED = 3
_MARK_START, _MARK_END = "\x02", "\x03"
# words that say nothing about the trade asked for
STOPWORDS = frozenset(
    {
        "a", "an", "and", "any", "are", "at", "be", "by", "can", "client", "clients",
        "for", "from", "good", "help", "her", "his", "i", "in", "is", "it", "looking",
        "me", "my", "need", "needs", "new", "of", "on", "or", "our", "some", "someone",
        "somebody", "the", "their", "them", "to", "who", "with",
    }
)  # fmt: skip
_TITLE_COLUMN = search_index.COLUMNS.index("title")
_OFFERS_COLUMN = search_index.COLUMNS.index("offers")


@dataclass(frozen=True)
class Introduction:
    """``seeker`` needs ``need``; ``provider`` offers what serves it (``because``)."""

    seeker_id: int
    seeker_name: str
    need: str
    provider_id: int
    provider_name: str
    provider_organisation: str
    because: str
    relevance: float


@dataclass(frozen=True)
class EventSummary:
    event: EventRow
    attendees: list[Attendee]
    introductions: list[Introduction]

    @property
    def new_people(self) -> list[Attendee]:
        return [person for person in self.attendees if person.is_new]


def need_query(need: str) -> str | None:
    """An FTS5 query for who serves this need (offers or title), or None if no words."""
    words = [
        word
        for word in search_index.query_words(need.casefold())
        if word not in STOPWORDS and len(word) > 1
    ]
    if not words:
        return None
    return "{offers title} : (" + " OR ".join(f'"{word}"' for word in words) + ")"


def event_summary(event_id: int) -> EventSummary:
    people = events.attendees(event_id)
    return EventSummary(
        events.get_event(event_id),
        people,
        introductions_among([person.contact_id for person in people]),
    )


def _marked_parts(text: str, separator: str) -> list[str]:
    parts = text.split(separator) if separator else [text]
    return [
        part.replace(_MARK_START, "").replace(_MARK_END, "").strip()
        for part in parts
        if _MARK_START in part
    ]


def introductions_among(contact_ids: list[int], per_need: int = PER_NEED) -> list[Introduction]:
    """Who among these people serves a need another one of them has recorded."""
    ids = sorted(set(contact_ids))
    if len(ids) < 2:
        return []
    marks = ", ".join("?" * len(ids))
    needs = database.execute_sql(
        f"""SELECT n.contact_id, c.display_name, n.text
            FROM need n JOIN contact c ON c.id = n.contact_id
            WHERE n.contact_id IN ({marks}) AND c.deleted_at IS NULL
            ORDER BY c.sort_key, c.id, n.position""",
        ids,
    ).fetchall()
    table = search_index.MATCH_TABLE
    sql = f"""
        SELECT m.rowid, c.display_name, c.organisation,
               highlight({table}, {_TITLE_COLUMN}, '{_MARK_START}', '{_MARK_END}'),
               highlight({table}, {_OFFERS_COLUMN}, '{_MARK_START}', '{_MARK_END}'),
               rank
        FROM {table} m JOIN contact c ON c.id = m.rowid
        WHERE {table} MATCH ? AND m.rowid IN ({marks}) AND m.rowid != ?
        ORDER BY rank LIMIT ?"""
    found = []
    for seeker_id, seeker_name, need in needs:
        query = need_query(need)
        if query is None:
            continue
        for provider_id, name, organisation, title, offers, rank in database.execute_sql(
            sql, [query, *ids, seeker_id, per_need]
        ):
            reasons = list(
                {
                    part.casefold(): part
                    for part in _marked_parts(offers, " | ") + _marked_parts(title, "")
                }.values()
            )
            found.append(
                Introduction(
                    seeker_id,
                    seeker_name,
                    need,
                    provider_id,
                    name,
                    organisation,
                    ", ".join(reasons),
                    -rank,
                )
            )
    return found

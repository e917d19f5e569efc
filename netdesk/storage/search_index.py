"""The full-text indexes over contacts, kept in step by ``reindex_contacts``.

Two FTS5 tables hold the same columns, one row per live contact:

- ``contact_search``: ``unicode61 remove_diacritics 2`` with prefix indexes, for
  search as you type ("jos" finds "José"). Its rowid is the contact's
  *search position* (``contact.search_position``), a number that sorts like
  the contact's name, so the first page of a search in name order is a plain
  walk of the index in rowid order, however many contacts match.
- ``contact_match``: the same plus the Porter stemmer ("realtors" finds
  "Realtor", "bookkeeping" finds "bookkeeper"); rowid = contact id. Referral
  matching reads its notes and city columns, the event view its offers and title.
- ``contact_provider``: what a contact provides, one row per field (offers,
  title, organisation, tags; ``PROVIDER_FIELDS``), rowid = contact id × 8 + the
  field's number, words as written (no stemmer: referral matching picks the
  word forms itself, so "marketing" never finds "market"). A field left empty
  has no row.

Search positions are spaced ``POSITION_GAP`` apart when the whole index is
rebuilt. A contact added or renamed later takes the midpoint between its
neighbours in name order; when two neighbours have no number left between
them, a few contacts around them are spaced out again. Many contacts written
at once (an import) are placed the same way in one pass (``search_placement``).

Every write that changes a contact's indexed text calls ``reindex_contacts``
inside the same transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from peewee import Database

from netdesk.storage import search_placement
from netdesk.storage.search_placement import Crowded

SEARCH_TABLE = "contact_search"
MATCH_TABLE = "contact_match"
PROVIDER_TABLE = "contact_provider"
# a provider row's rowid is contact id * PROVIDER_SLOTS + the field's index here
PROVIDER_FIELDS = ("offers", "title", "organisation", "tags")
PROVIDER_SLOTS = 8
PROVIDER_TOKENIZER = "unicode61 remove_diacritics 2"

# Column order matters: bm25() weights are given positionally in this order.
COLUMNS = ("name", "organisation", "title", "offers", "needs", "tags", "city", "notes")
# what an index row is written with: its rowid, then the columns
_ROW_COLUMNS = ", ".join(("rowid",) + COLUMNS)

_TOKENIZERS = {
    SEARCH_TABLE: "unicode61 remove_diacritics 2",
    MATCH_TABLE: "porter unicode61 remove_diacritics 2",
}
_OPTIONS = {SEARCH_TABLE: ", prefix='1 2 3'", MATCH_TABLE: ""}

OFFER_SEPARATOR = " | "
# {rowid}: the index row's rowid, "c.id" or "c.search_position". Offers and needs are
# joined with OFFER_SEPARATOR (referral reasons split them again), offers in their order.
_SELECT_DOCUMENTS = f"""
SELECT {{rowid}},
       trim(c.display_name || ' ' || c.given_name || ' ' || c.family_name),
       c.organisation,
       c.title,
       coalesce((SELECT group_concat(text, '{OFFER_SEPARATOR}') FROM
                 (SELECT o.text FROM offer o WHERE o.contact_id = c.id ORDER BY o.position, o.id)),
                ''),
       coalesce((SELECT group_concat(n.text, '{OFFER_SEPARATOR}') FROM need n
                 WHERE n.contact_id = c.id), ''),
       coalesce((SELECT group_concat(t.name, ' ') FROM contact_tag ct
                 JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), ''),
       c.city,
       trim(c.notes || ' ' || c.how_we_met)
FROM contact c
WHERE c.deleted_at IS NULL
"""

_PROVIDER_TEXT = {
    "offers": f"""(SELECT group_concat(text, '{OFFER_SEPARATOR}') FROM
                 (SELECT o.text FROM offer o WHERE o.contact_id = c.id
                  ORDER BY o.position, o.id))""",
    "title": "c.title",
    "organisation": "c.organisation",
    "tags": f"""(SELECT group_concat(t.name, '{OFFER_SEPARATOR}') FROM contact_tag ct
                 JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id)""",
}
# {where}: which contacts; one row per non-empty field
_SELECT_PROVIDER_ROWS = " UNION ALL ".join(
    f"SELECT c.id * {PROVIDER_SLOTS} + {number}, {_PROVIDER_TEXT[name]} AS text "
    f"FROM contact c WHERE c.deleted_at IS NULL {{where}} AND coalesce(text, '') <> ''"
    for number, name in enumerate(PROVIDER_FIELDS)
)

_CHUNK = 500
# where a rebuild gathers the documents it writes to both tables
_DOCUMENTS = "temp.netdesk_documents"
# the contacts whose rows a partial rebuild rewrites
_CHANGED = "temp.netdesk_reindexed"
# Rebuilt positions are this far apart. Small on purpose: the index stores rowid
# deltas as varints, and at 4 its entries are as small as with contact ids (at
# 4096 the index is a quarter larger and every search reads that much more).
# A spot with no number left is spaced out with its neighbours.
POSITION_GAP = 4
# a window spaced out afresh starts this many contacts either side...
_SPREAD_REACH = 8
# ...and grows until its contacts can be at least this far apart...
_MIN_SPACING = 2
# ...or, past this many either side, everyone is numbered afresh
_SPREAD_MAX_REACH = 2048
# reindexing more than this many contacts places them all in one pass over everyone's
# names (``search_placement``) instead of looking up each one's neighbours (10,000
# imported into 50,000: 21 s placed one by one, 6 s with everyone renumbered, under
# 1 s placed in one pass); over 1/_REBUILD_SHARE of them all, everyone is renumbered
_REBUILD_MIN = 200
_REBUILD_SHARE = 2
_WORD = re.compile(r"\w+", re.UNICODE)


# bumped by every reindex: readers caching the index's vocabulary compare it
_generation = 0


def generation() -> int:
    """A number that changes whenever ``reindex_contacts`` rewrites index rows."""
    return _generation


def create_index_tables(db: Database) -> None:
    for table in _TOKENIZERS:
        _create_table(db, table)


def create_provider_table(db: Database) -> None:
    db.execute_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {PROVIDER_TABLE} "
        f"USING fts5(text, tokenize='{PROVIDER_TOKENIZER}')"
    )


def _provider_rowids(contact_ids: list[int]) -> list[int]:
    return [cid * PROVIDER_SLOTS + n for cid in contact_ids for n in range(len(PROVIDER_FIELDS))]


def _create_table(db: Database, table: str) -> None:
    db.execute_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5("
        f"{', '.join(COLUMNS)}, tokenize='{_TOKENIZERS[table]}'{_OPTIONS[table]})"
    )


def reindex_contacts(db: Database, contact_ids: Iterable[int] | None = None) -> None:
    """Rewrite the index rows of these contacts (all contacts when None).

    Contacts that are deleted or in the trash simply drop out of the index.
    """
    global _generation
    _generation += 1
    if contact_ids is None:
        _rebuild(db)
        return
    ids = sorted(set(contact_ids))
    if len(ids) > _REBUILD_MIN:
        live = db.execute_sql("SELECT count(*) FROM contact WHERE deleted_at IS NULL").fetchone()
        if len(ids) * _REBUILD_SHARE > live[0]:
            _rebuild(db, ids)
        else:
            _reindex_many(db, ids)
        return
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        db.execute_sql(f"DELETE FROM {MATCH_TABLE} WHERE rowid IN ({marks})", chunk)
        db.execute_sql(
            f"INSERT INTO {MATCH_TABLE}({_ROW_COLUMNS}) "
            f"{_SELECT_DOCUMENTS.format(rowid='c.id')} AND c.id IN ({marks})",
            chunk,
        )
        rowids = _provider_rowids(chunk)
        db.execute_sql(
            f"DELETE FROM {PROVIDER_TABLE} WHERE rowid IN ({', '.join('?' * len(rowids))})",
            rowids,
        )
        db.execute_sql(
            f"INSERT INTO {PROVIDER_TABLE}(rowid, text) "
            + _SELECT_PROVIDER_ROWS.format(where=f"AND c.id IN ({marks})"),
            chunk * len(PROVIDER_FIELDS),
        )
        try:
            _Positions(db).reindex(chunk)
        except Crowded:
            _rebuild(db)
            return


def _rebuild(db: Database, changed: list[int] | None = None) -> None:
    """Number every live contact in name order afresh and rebuild the indexes.

    With ``changed``, only the search table (whose rowids are the positions) is
    rebuilt whole: the match and provider tables, keyed by contact id, have just
    those contacts' rows rewritten.
    """
    db.execute_sql("UPDATE contact SET search_position = NULL WHERE search_position IS NOT NULL")
    db.execute_sql(
        f"UPDATE contact SET search_position = ranked.n * {POSITION_GAP} "
        "FROM (SELECT id, row_number() OVER (ORDER BY sort_key, id) AS n "
        "      FROM contact WHERE deleted_at IS NULL) AS ranked "
        "WHERE contact.id = ranked.id"
    )
    # every contact's document, gathered once for both tables
    db.execute_sql(f"DROP TABLE IF EXISTS {_DOCUMENTS}")
    db.execute_sql(
        f"CREATE TEMP TABLE {_DOCUMENTS} (id INTEGER PRIMARY KEY, position, {', '.join(COLUMNS)})"
    )
    db.execute_sql(
        f"INSERT INTO {_DOCUMENTS} {_SELECT_DOCUMENTS.format(rowid='c.id, c.search_position')}"
    )
    rebuilt = ((SEARCH_TABLE, "position"), (MATCH_TABLE, "id"))
    for table, rowid in rebuilt if changed is None else rebuilt[:1]:
        # a fresh table: deleting every row would leave a tombstone per entry in the index
        db.execute_sql(f"DROP TABLE IF EXISTS {table}")
        _create_table(db, table)
        db.execute_sql(
            f"INSERT INTO {table}({_ROW_COLUMNS}) "
            f"SELECT {rowid}, {', '.join(COLUMNS)} FROM {_DOCUMENTS} ORDER BY {rowid}"
        )
    if changed is not None:
        _rewrite_by_id(db, changed)
    db.execute_sql(f"DROP TABLE {_DOCUMENTS}")
    if changed is not None:
        return
    db.execute_sql(f"DROP TABLE IF EXISTS {PROVIDER_TABLE}")
    create_provider_table(db)
    db.execute_sql(
        f"INSERT INTO {PROVIDER_TABLE}(rowid, text) "
        f"SELECT * FROM ({_SELECT_PROVIDER_ROWS.format(where='')}) ORDER BY 1"
    )


def _reindex_many(db: Database, changed: list[int]) -> None:
    """Rewrite the index rows of many contacts, placing them among everyone else in
    name order in one pass; the contacts moved to make room have their search rows
    written again. A stretch too crowded to space out renumbers everyone."""
    db.execute_sql(f"DROP TABLE IF EXISTS {_CHANGED}")
    db.execute_sql(f"CREATE TEMP TABLE {_CHANGED} (id INTEGER PRIMARY KEY)")
    db.connection().executemany(f"INSERT INTO {_CHANGED} VALUES (?)", ((i,) for i in changed))
    in_changed = f"id IN (SELECT id FROM {_CHANGED})"
    db.execute_sql(
        f"DELETE FROM {SEARCH_TABLE} WHERE rowid IN (SELECT search_position FROM contact "
        f"WHERE {in_changed} AND search_position IS NOT NULL)"
    )
    db.execute_sql(f"UPDATE contact SET search_position = NULL WHERE {in_changed}")
    numbered = db.execute_sql(
        "SELECT sort_key, id, search_position FROM contact WHERE search_position IS NOT NULL"
    ).fetchall()
    incoming = db.execute_sql(
        f"SELECT sort_key, id FROM contact WHERE {in_changed} AND deleted_at IS NULL"
    ).fetchall()
    try:
        placement = search_placement.place(
            numbered,
            incoming,
            gap=POSITION_GAP,
            max_reach=_SPREAD_MAX_REACH,
        )
    except Crowded:
        db.execute_sql(f"DROP TABLE {_CHANGED}")
        _rebuild(db, changed)
        return
    moved = sorted(placement.moved_from)
    for start in range(0, len(moved), _CHUNK):
        chunk = moved[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        db.execute_sql(
            f"DELETE FROM {SEARCH_TABLE} WHERE rowid IN ({marks})",
            [placement.moved_from[cid] for cid in chunk],
        )
        db.execute_sql(f"UPDATE contact SET search_position = NULL WHERE id IN ({marks})", chunk)
    db.connection().executemany(
        "UPDATE contact SET search_position = ? WHERE id = ?",
        ((position, cid) for cid, position in placement.positions.items()),
    )
    # the documents of the contacts written and of those moved, gathered once
    db.connection().executemany(f"INSERT INTO {_CHANGED} VALUES (?)", ((i,) for i in moved))
    db.execute_sql(f"DROP TABLE IF EXISTS {_DOCUMENTS}")
    db.execute_sql(
        f"CREATE TEMP TABLE {_DOCUMENTS} (id INTEGER PRIMARY KEY, position, {', '.join(COLUMNS)})"
    )
    db.execute_sql(
        f"INSERT INTO {_DOCUMENTS} {_SELECT_DOCUMENTS.format(rowid='c.id, c.search_position')} "
        f"AND c.id IN (SELECT id FROM {_CHANGED})"
    )
    db.execute_sql(f"DROP TABLE {_CHANGED}")
    db.execute_sql(
        f"INSERT INTO {SEARCH_TABLE}({_ROW_COLUMNS}) "
        f"SELECT position, {', '.join(COLUMNS)} FROM {_DOCUMENTS} ORDER BY position"
    )
    _rewrite_by_id(db, changed)
    db.execute_sql(f"DROP TABLE {_DOCUMENTS}")


def _rewrite_by_id(db: Database, changed: list[int]) -> None:
    """Rewrite the match and provider rows of the ``changed`` contacts (their documents
    are in ``_DOCUMENTS``; one that is not live there simply drops out)."""
    db.execute_sql(f"DROP TABLE IF EXISTS {_CHANGED}")
    db.execute_sql(f"CREATE TEMP TABLE {_CHANGED} (id INTEGER PRIMARY KEY)")
    db.connection().executemany(f"INSERT INTO {_CHANGED} VALUES (?)", ((i,) for i in changed))
    db.execute_sql(f"DELETE FROM {MATCH_TABLE} WHERE rowid IN (SELECT id FROM {_CHANGED})")
    db.execute_sql(
        f"INSERT INTO {MATCH_TABLE}({_ROW_COLUMNS}) "
        f"SELECT d.id, {', '.join('d.' + c for c in COLUMNS)} FROM {_DOCUMENTS} d "
        f"JOIN {_CHANGED} USING (id) ORDER BY d.id"
    )
    slots = " UNION ALL ".join(f"SELECT {n} AS n" for n in range(len(PROVIDER_FIELDS)))
    db.execute_sql(
        f"DELETE FROM {PROVIDER_TABLE} WHERE rowid IN "
        f"(SELECT x.id * {PROVIDER_SLOTS} + s.n FROM {_CHANGED} x, ({slots}) AS s)"
    )
    db.execute_sql(
        f"INSERT INTO {PROVIDER_TABLE}(rowid, text) SELECT * FROM ("
        + _SELECT_PROVIDER_ROWS.format(where=f"AND c.id IN (SELECT id FROM {_CHANGED})")
        + ") ORDER BY 1"
    )
    db.execute_sql(f"DROP TABLE {_CHANGED}")


class _Positions:
    """Search positions for a few contacts, and their ``contact_search`` rows."""

    def __init__(self, db: Database) -> None:
        self.db = db
        # contacts whose index row was taken out and must be written again
        self.unindexed: set[int] = set()

    def reindex(self, contact_ids: list[int]) -> None:
        marks = ", ".join("?" * len(contact_ids))
        rows = self.db.execute_sql(
            f"SELECT id, sort_key, search_position, deleted_at IS NULL FROM contact "
            f"WHERE id IN ({marks})",
            contact_ids,
        ).fetchall()
        self._unindex({cid: position for cid, _, position, _ in rows if position is not None})
        # everyone in the batch is numbered afresh (a rename moves a contact; an
        # unchanged name lands between the same two neighbours again)
        self.db.execute_sql(
            f"UPDATE contact SET search_position = NULL WHERE id IN ({marks})", contact_ids
        )
        for cid, sort_key, _, live in rows:
            if live:
                self._place(cid, sort_key)
                self.unindexed.add(cid)
        self._index()

    # -- the index rows ---------------------------------------------------------

    def _unindex(self, positions: dict[int, int]) -> None:
        """Take these contacts' rows (contact id -> search position) out of the index."""
        if positions:
            marks = ", ".join("?" * len(positions))
            self.db.execute_sql(
                f"DELETE FROM {SEARCH_TABLE} WHERE rowid IN ({marks})", list(positions.values())
            )
            self.unindexed.update(positions)

    def _index(self) -> None:
        ids = sorted(self.unindexed)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            self.db.execute_sql(
                f"INSERT INTO {SEARCH_TABLE}({_ROW_COLUMNS}) "
                f"{_SELECT_DOCUMENTS.format(rowid='c.search_position')} "
                f"AND c.id IN ({marks}) ORDER BY c.search_position",
                chunk,
            )
        self.unindexed.clear()

    # -- the numbers ------------------------------------------------------------

    def _set(self, contact_id: int, position: int | None) -> None:
        self.db.execute_sql(
            "UPDATE contact SET search_position = ? WHERE id = ?", (position, contact_id)
        )

    def _neighbours(
        self, contact_id: int, sort_key: str, limit: int, after: bool
    ) -> list[tuple[int, int]]:
        """(id, position) of up to ``limit`` numbered contacts next to this one in name order."""
        # (a row value keeps SQLite on the sort_key index; an OR of two ranges would not)
        where, order = ("> (?, ?)", "ASC") if after else ("< (?, ?)", "DESC")
        rows: list[tuple[int, int]] = self.db.execute_sql(
            f"SELECT id, search_position FROM contact WHERE (sort_key, id) {where} "
            f"AND search_position IS NOT NULL ORDER BY sort_key {order}, id {order} LIMIT ?",
            (sort_key, contact_id, limit),
        ).fetchall()
        return rows

    def _place(self, contact_id: int, sort_key: str) -> None:
        before = self._neighbours(contact_id, sort_key, 1, after=False)
        after = self._neighbours(contact_id, sort_key, 1, after=True)
        low = before[0][1] if before else 0
        if not after:
            self._set(contact_id, low + POSITION_GAP)
        elif after[0][1] - low >= 2:
            self._set(contact_id, (low + after[0][1]) // 2)
        else:
            self._spread(contact_id, sort_key)

    def _spread(self, contact_id: int, sort_key: str) -> None:
        """Space out the contacts around this one (which has no number yet) and number it.

        The window grows until its numbers leave room, at least ``_MIN_SPACING``
        between each; past the last contact there is always room.
        """
        reach = _SPREAD_REACH
        while True:
            before = self._neighbours(contact_id, sort_key, reach + 1, after=False)
            after = self._neighbours(contact_id, sort_key, reach + 1, after=True)
            low = before[reach][1] if len(before) > reach else 0
            high = after[reach][1] if len(after) > reach else None
            members = [cid for cid, _ in reversed(before[:reach])]
            members += [contact_id] + [cid for cid, _ in after[:reach]]
            if high is None:
                step = POSITION_GAP
            else:
                step = (high - low) // (len(members) + 1)
                if step < _MIN_SPACING:
                    if reach >= _SPREAD_MAX_REACH:
                        raise Crowded
                    reach *= 4
                    continue
            moved = dict(before[:reach] + after[:reach])
            # (``_unindex`` marks them for writing again; the others already are)
            self._unindex({cid: moved[cid] for cid in moved if cid not in self.unindexed})
            for cid in moved:
                self._set(cid, None)
            for number, cid in enumerate(members, 1):
                self._set(cid, low + number * step)
            return


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

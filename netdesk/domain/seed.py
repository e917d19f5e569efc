"""Synthetic databases of any size, for benchmarks and scale tests.

``generate`` makes the rows (deterministic for a seed and an anchor date);
``write_rows`` inserts them in chunks inside one transaction, then builds the
score cache and the search indexes in bulk. Kept apart so a benchmark can time
plain ``sqlite3.executemany`` of the very same rows as its baseline.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from netdesk.domain import scoring, settings
from netdesk.domain.contacts import sort_key_for
from netdesk.domain.sample_names import CITIES, FAMILY_NAMES, GIVEN_NAMES, ORG_PREFIXES, TRADES
from netdesk.storage import search_index
from netdesk.storage.models import database

CHUNK = 5000
HISTORY_DAYS = 730

# Table -> columns, in the order the generated tuples hold them.
COLUMNS: dict[str, tuple[str, ...]] = {
    "contact": (
        "id",
        "given_name",
        "family_name",
        "display_name",
        "sort_key",
        "organisation",
        "title",
        "city",
        "notes",
        "how_we_met",
        "networking_style",
        "created_at",
        "updated_at",
        "attention_norm",
        "trust_norm",
        "last_interaction_on",
    ),
    "contact_email": ("contact_id", "address", "normalized", "label", "position"),
    "contact_phone": ("contact_id", "number", "normalized", "label", "position"),
    "tag": ("id", "name"),
    "contact_tag": ("contact_id", "tag_id"),
    "offer": ("contact_id", "text", "position"),
    "need": ("contact_id", "text", "position", "created_on"),
    "interaction": ("contact_id", "kind", "occurred_on", "note", "created_at"),
}

_KIND_WEIGHTS = {
    "met": 1,
    "one_to_one": 5,
    "call": 8,
    "message": 14,
    "saw_at_event": 10,
    "favour_given": 2,
    "favour_received": 2,
    "promise_kept": 3,
    "promise_broken": 1,
    "referral_given": 1,
    "referral_received": 1,
    "referral_closed": 1,
    "note": 3,
}
_NOTES = (
    "",
    "",
    "coffee at Vincenzo's",
    "talked about the spring open house",
    "sent the brochure",
    "follow up in two weeks",
    "lunch at the Huether",
    "asked about referrals for new clients",
    "met their business partner",
)
_TAGS = (
    "Waterloo Business Breakfast",
    "Chamber of Commerce",
    "KW Referral Club",
    "Women in Business",
    "Tech Meetup",
    "Rotary",
    "client",
    "supplier",
    "friend",
)
_STYLES = ("", "quick_sale", "soft_sell", "referral_partner")


@dataclass
class SeedRows:
    tables: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)

    def count(self, table: str) -> int:
        return len(self.tables.get(table, ()))


def generate(
    contacts: int, interactions: int, *, seed: int = 1, anchor: dt.date | None = None
) -> SeedRows:
    """All rows of a believable network: ``contacts`` people, ``interactions`` entries.

    Score norms (epoch = ``anchor``) and last-interaction dates are computed
    here, so the contact rows are final.
    """
    if contacts < 0 or interactions < 0:
        raise ValueError("counts cannot be negative")
    if interactions and not contacts:
        raise ValueError("interactions need at least one contact")
    anchor = anchor or dt.date.today()
    rng = random.Random(seed)
    stamp = dt.datetime.combine(anchor, dt.time(9, 0)).isoformat(sep=" ")
    trades = list(TRADES.items())
    rows = SeedRows({name: [] for name in COLUMNS})
    rows.tables["tag"] = [(i + 1, name) for i, name in enumerate(_TAGS)]

    # interactions first: their norms go into the contact rows
    kinds = list(_KIND_WEIGHTS)
    weights = list(_KIND_WEIGHTS.values())
    norms = [scoring.Norms() for _ in range(contacts)]
    # a skewed spread: some people are seen far more than others
    picks = (
        [
            min(contacts - 1, int(rng.paretovariate(1.2)) - 1)
            if rng.random() < 0.3
            else rng.randrange(contacts)
            for _ in range(interactions)
        ]
        if contacts
        else []
    )
    chosen_kinds = rng.choices(kinds, weights, k=interactions)
    table = rows.tables["interaction"]
    for index in range(interactions):
        contact_index = picks[index]
        key = chosen_kinds[index]
        when = anchor - dt.timedelta(days=rng.randrange(HISTORY_DAYS))
        norms[contact_index].add(key, when, anchor)
        table.append((contact_index + 1, key, when.isoformat(), rng.choice(_NOTES), stamp))

    for index in range(contacts):
        cid = index + 1
        given = rng.choice(GIVEN_NAMES)
        family = rng.choice(FAMILY_NAMES)
        trade, (titles, offers, needs, suffixes) = rng.choice(trades)
        org = f"{rng.choice(ORG_PREFIXES)} {rng.choice(suffixes)}"
        name = f"{given} {family}"
        norm = norms[index]
        rows.tables["contact"].append(
            (
                cid,
                given,
                family,
                name,
                sort_key_for(name),
                org,
                rng.choice(titles),
                rng.choice(CITIES),
                f"{trade} in the {rng.choice(CITIES)} area",
                "",
                rng.choice(_STYLES),
                stamp,
                stamp,
                norm.attention,
                norm.trust,
                norm.last.isoformat() if norm.last else None,
            )
        )
        user = f"{given}.{family}".lower().replace(" ", "").replace("'", "")
        rows.tables["contact_email"].append(
            (cid, f"{user}{cid}@example.com", f"{user}{cid}@example.com", "work", 0)
        )
        number = f"+1519{rng.randrange(2000000, 9999999)}"
        rows.tables["contact_phone"].append((cid, number, number, "mobile", 0))
        for pos, offer in enumerate(rng.sample(offers, k=min(2, len(offers)))):
            rows.tables["offer"].append((cid, offer, pos))
        if rng.random() < 0.5:
            rows.tables["need"].append((cid, rng.choice(needs), 0, anchor.isoformat()))
        for tag_id in rng.sample(range(1, len(_TAGS) + 1), k=rng.randrange(0, 3)):
            rows.tables["contact_tag"].append((cid, tag_id))
    return rows


def insert_sql(table: str) -> str:
    columns = COLUMNS[table]
    return f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'


def write_rows(
    rows: SeedRows, anchor: dt.date, progress: Callable[[str, int, int], None] | None = None
) -> None:
    """Insert generated rows into the open (empty) database, all or nothing."""
    conn = database.connection()
    with database.atomic():
        for table in COLUMNS:
            data = rows.tables.get(table, [])
            sql = insert_sql(table)
            for start in range(0, len(data), CHUNK):
                conn.executemany(sql, data[start : start + CHUNK])
                if progress is not None:
                    progress(table, min(start + CHUNK, len(data)), len(data))
        settings.put("scores.epoch", anchor.isoformat())
        settings.put("scores.stale", False)
        search_index.reindex_contacts(database)


def seed_database(
    contacts: int, interactions: int, *, seed: int = 1, anchor: dt.date | None = None
) -> SeedRows:
    anchor = anchor or dt.date.today()
    if database.execute_sql("SELECT count(*) FROM contact").fetchone()[0]:
        raise ValueError("seed fills an empty database; this one already has contacts")
    rows = generate(contacts, interactions, seed=seed, anchor=anchor)
    write_rows(rows, anchor)
    return rows

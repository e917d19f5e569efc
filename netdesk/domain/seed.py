"""Synthetic databases of any size, for benchmarks and scale tests.

The network looks like a real address book to the code that searches, matches
and de-duplicates it (``generate`` says how); its words come from
``seed_vocabulary``. ``generate`` makes the rows (deterministic for a seed and an anchor date);
``write_rows`` inserts them in chunks inside one transaction, then builds the
score cache and the search indexes in bulk. Kept apart so a benchmark can time
plain ``sqlite3.executemany`` of the very same rows as its baseline.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from netdesk.domain import scoring, seed_vocabulary, settings
from netdesk.domain.contacts import sort_key_for
from netdesk.domain.sample_names import CITIES, ORG_PREFIXES
from netdesk.storage import search_index
from netdesk.storage.models import database

T = TypeVar("T")

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
_TAG_IDS = tuple(range(1, len(_TAGS) + 1))

# of the people generated, this share are a second record of someone already generated
DUPLICATE_SHARE = 0.03
# of the people at an organisation, this share give its main line as their work phone
MAIN_LINE_SHARE = 0.25
_AREA_CODES = ("519", "226", "548")
# multipliers that number each mobile, direct line and main line once (prime, and
# prime to the 8,000,000 numbers of an area code from 200-0000 on)
_MOBILE, _DIRECT, _MAIN = 104_729, 130_363, 155_921
_NUMBERS = 8_000_000
_ORG_PLACES = ORG_PREFIXES + CITIES


@dataclass
class SeedRows:
    tables: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    # (duplicate's id, the id of the person it is a second record of)
    duplicates: list[tuple[int, int]] = field(default_factory=list)

    def count(self, table: str) -> int:
        return len(self.tables.get(table, ()))


@dataclass
class _Person:
    given: str
    family: str
    organisation: str
    trade: str
    city: str
    emails: list[tuple[str, str]]  # (address, label)
    phones: list[tuple[str, str, str]]  # (as written, E.164, label)


def _phone(area_index: int, number: int) -> tuple[str, str]:
    area = _AREA_CODES[area_index % len(_AREA_CODES)]
    digits = f"{2_000_000 + number % _NUMBERS:07d}"
    return f"+1 {area} {digits[:3]} {digits[3:]}", f"+1{area}{digits}"


class _Stock:
    """Weighted draws from the vocabulary: common names and trades come up more often."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.given = seed_vocabulary.given_names()
        self.family = seed_vocabulary.family_names()
        self.trades = list(seed_vocabulary.SEED_TRADES.items())
        self.cities = seed_vocabulary.SEED_CITIES
        self._cumulative = {
            id(items): list(itertools.accumulate(1 / (rank + 8) for rank in range(len(items))))
            for items in (self.given, self.family, self.trades, self.cities)
        }
        self._plain: dict[str, str] = {}
        self._main_lines: dict[str, tuple[str, str]] = {}

    def draw(self, items: Sequence[T], k: int) -> list[T]:
        return self.rng.choices(items, cum_weights=self._cumulative[id(items)], k=k)

    def plain(self, text: str) -> str:
        """Lower-case ASCII letters only, for an email address."""
        found = self._plain.get(text)
        if found is None:
            found = self._plain[text] = re.sub(r"[^a-z]", "", sort_key_for(text))
        return found

    def main_line(self, organisation: str) -> tuple[str, str]:
        found = self._main_lines.get(organisation)
        if found is None:
            number = len(self._main_lines) * _MAIN
            found = self._main_lines[organisation] = _phone(2, number)
        return found


def _new_person(stock: _Stock, cid: int, drawn: tuple[Any, ...]) -> _Person:
    """Someone new, from the names, trade, town and family name (of a family business)
    drawn for them."""
    rng = stock.rng
    given, family, (trade, (_, _, _, suffixes)), city, business_family = drawn
    roll = rng.random()
    if roll < 0.45:
        organisation = f"{rng.choice(_ORG_PLACES)} {rng.choice(suffixes)}"
    elif roll < 0.88:
        organisation = f"{business_family} {rng.choice(suffixes)}"
    else:
        organisation = ""  # on their own
    user = f"{stock.plain(given)}.{stock.plain(family)}"
    emails = []
    if organisation and rng.random() < 0.85:
        emails.append((f"{user}@{stock.plain(organisation)}.example", "work"))
    if not emails or rng.random() < 0.5:
        emails.append((f"{user}{cid}@mail.example", "home"))
    phones = [(*_phone(0, cid * _MOBILE), "mobile")]
    if organisation:
        if rng.random() < MAIN_LINE_SHARE:
            phones.append((*stock.main_line(organisation), "main"))
        elif rng.random() < 0.4:
            phones.append((*_phone(1, cid * _DIRECT), "work"))
    if rng.random() < 0.15:
        phones.append((*_phone(1, (cid + _NUMBERS // 2) * _DIRECT), "home"))
    return _Person(given, family, organisation, trade, city, emails, phones)


def _second_record(stock: _Stock, cid: int, of: _Person) -> _Person:
    """The same person entered again: a variant of the name, sharing an email or a phone."""
    rng = stock.rng
    given, family = of.given, of.family
    roll = rng.random()
    if roll < 0.35 and given in seed_vocabulary.NICKNAMES:
        given = seed_vocabulary.NICKNAMES[given]
    elif roll < 0.55 and sort_key_for(family) != family.casefold():
        family = sort_key_for(family).title()  # typed without its accents
    elif roll < 0.8 and len(family) > 4:
        at = rng.randrange(1, len(family) - 2)  # two letters swapped
        family = family[:at] + family[at + 1] + family[at] + family[at + 2 :]
    organisation = of.organisation
    if organisation and rng.random() < 0.3:
        organisation += " Inc."
    if rng.random() < 0.6:
        emails = [of.emails[0]]
        phones = [(*_phone(0, (cid + _NUMBERS // 3) * _MOBILE), "mobile")]
    else:
        emails = [(f"{stock.plain(given)}.{stock.plain(family)}{cid}@mail.example", "home")]
        phones = [of.phones[0]]
    return _Person(given, family, organisation, of.trade, of.city, emails, phones)


def generate(
    contacts: int, interactions: int, *, seed: int = 1, anchor: dt.date | None = None
) -> SeedRows:
    """All rows of a believable network: ``contacts`` people, ``interactions`` entries.

    Names, trades and towns come from ``seed_vocabulary``, common ones more
    often; about ``DUPLICATE_SHARE`` of the people are a second record of
    someone (a nickname, a name without its accents or with a typo; the same
    email or mobile), and people at one organisation may share its main line
    without being one person. Score norms (epoch = ``anchor``) and
    last-interaction dates are computed here, so the contact rows are final.
    """
    if contacts < 0 or interactions < 0:
        raise ValueError("counts cannot be negative")
    if interactions and not contacts:
        raise ValueError("interactions need at least one contact")
    anchor = anchor or dt.date.today()
    rng = random.Random(seed)
    stamp = dt.datetime.combine(anchor, dt.time(9, 0)).isoformat(sep=" ")
    rows = SeedRows({name: [] for name in COLUMNS})
    rows.tables["tag"] = [(i + 1, name) for i, name in enumerate(_TAGS)]
    norms = _interactions(rows, contacts, interactions, rng, anchor, stamp)
    today = anchor.isoformat()

    stock = _Stock(rng)
    drawn = zip(
        stock.draw(stock.given, contacts),
        stock.draw(stock.family, contacts),
        stock.draw(stock.trades, contacts),
        stock.draw(stock.cities, contacts),
        stock.draw(stock.family, contacts),
        strict=True,
    )
    people: list[_Person] = []
    trades = seed_vocabulary.SEED_TRADES
    for index, person_drawn in enumerate(drawn):
        cid = index + 1
        if index > 10 and rng.random() < DUPLICATE_SHARE:
            original = rng.randrange(index)
            person = _second_record(stock, cid, people[original])
            rows.duplicates.append((cid, original + 1))
        else:
            person = _new_person(stock, cid, person_drawn)
        people.append(person)
        titles, offers, needs, _ = trades[person.trade]
        name = f"{person.given} {person.family}"
        a_norm, t_norm, last = norms[index]
        rows.tables["contact"].append(
            (
                cid,
                person.given,
                person.family,
                name,
                sort_key_for(name),
                person.organisation,
                rng.choice(titles),
                person.city,
                _note(rng, stock, person) if rng.random() < 0.55 else "",
                _how_we_met(rng) if rng.random() < 0.3 else "",
                rng.choice(_STYLES),
                stamp,
                stamp,
                a_norm,
                t_norm,
                last,
            )
        )
        for pos, (address, label) in enumerate(person.emails):
            rows.tables["contact_email"].append((cid, address, address, label, pos))
        for pos, (number, normalized, label) in enumerate(person.phones):
            rows.tables["contact_phone"].append((cid, number, normalized, label, pos))
        for pos, offer in enumerate(_some(rng, offers, 1 + int(rng.random() * 3))):
            rows.tables["offer"].append((cid, offer, pos))
        wanted = rng.random()
        how_many = 2 if wanted < 0.15 else 1 if wanted < 0.55 else 0
        for pos, need in enumerate(_some(rng, needs, how_many)):
            rows.tables["need"].append((cid, need, pos, today))
        for tag_id in _some(rng, _TAG_IDS, int(rng.random() * 3)):
            rows.tables["contact_tag"].append((cid, tag_id))
    return rows


def _some(rng: random.Random, items: tuple[T, ...], count: int) -> tuple[T, ...]:
    """Up to ``count`` different items, from a random place on (cheaper than ``sample``)."""
    count = min(count, len(items))
    if not count:
        return ()
    start = int(rng.random() * len(items))
    return (items + items)[start : start + count]


def _interactions(
    rows: SeedRows,
    contacts: int,
    interactions: int,
    rng: random.Random,
    anchor: dt.date,
    stamp: str,
) -> list[list[Any]]:
    """The interaction rows, and each contact's [attention norm, trust norm, last day]
    (the last day in ISO form, or None)."""
    kinds = list(_KIND_WEIGHTS)
    weights = list(_KIND_WEIGHTS.values())
    norms: list[list[Any]] = [[0.0, 0.0, None] for _ in range(contacts)]
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
    chosen_days = rng.choices(range(HISTORY_DAYS), k=interactions)
    chosen_notes = rng.choices(_NOTES, k=interactions)
    dates = [(anchor - dt.timedelta(days=days)).isoformat() for days in range(HISTORY_DAYS)]
    # each (kind, days ago) contributes the same norms: worked out once
    terms: dict[tuple[str, int], tuple[float, float]] = {}
    table = rows.tables["interaction"]
    for contact_index, key, days, note in zip(
        picks, chosen_kinds, chosen_days, chosen_notes, strict=True
    ):
        found = terms.get((key, days))
        if found is None:
            when = anchor - dt.timedelta(days=days)
            found = terms[(key, days)] = scoring.norm_terms(key, when, anchor)
        entry = norms[contact_index]
        entry[0] += found[0]
        entry[1] += found[1]
        if entry[2] is None or days < entry[2]:
            entry[2] = days
        table.append((contact_index + 1, key, dates[days], note, stamp))
    for entry in norms:
        if entry[2] is not None:
            entry[2] = dates[entry[2]]
    return norms


def _note(rng: random.Random, stock: _Stock, person: _Person) -> str:
    _, _, needs, _ = seed_vocabulary.SEED_TRADES[person.trade]
    other = stock.draw(stock.trades, 1)[0][1][2]
    return rng.choice(seed_vocabulary.NOTE_TEMPLATES).format(
        event=rng.choice(seed_vocabulary.EVENTS),
        need=rng.choice(needs),
        need_person=rng.choice(other),
        city=stock.draw(stock.cities, 1)[0],
    )


def _how_we_met(rng: random.Random) -> str:
    return rng.choice(seed_vocabulary.HOW_WE_MET).format(event=rng.choice(seed_vocabulary.EVENTS))


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

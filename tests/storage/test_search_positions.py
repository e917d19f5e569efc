"""Search positions: the contact_search index is numbered in name order, whatever is written."""

import random

import pytest

from netdesk.domain import contacts, dedupe
from netdesk.domain.contact_list import ContactListQuery, fetch_contact_page
from netdesk.storage import search_index
from netdesk.storage.models import Contact
from tests.helpers import make_contact

GIVEN = ("Ana", "Ben", "Chen", "Dana", "Eli", "José", "Zoë", "Émile", "Ola", "Sam")
FAMILY = ("Lee", "Smith", "Ng", "Álvarez", "Okafor", "Brown", "Sørensen", "Chen")


def assert_numbered_in_name_order(db) -> None:
    """Live contacts, and only they, are in the index, at positions that sort like names."""
    by_name = db.execute_sql(
        "SELECT id FROM contact WHERE deleted_at IS NULL ORDER BY sort_key, id"
    ).fetchall()
    by_position = db.execute_sql(
        "SELECT id FROM contact WHERE deleted_at IS NULL ORDER BY search_position"
    ).fetchall()
    assert by_position == by_name
    positions = db.execute_sql(
        "SELECT search_position FROM contact WHERE deleted_at IS NULL ORDER BY search_position"
    ).fetchall()
    assert None not in {p for (p,) in positions}
    index_rows = db.execute_sql(
        f"SELECT rowid FROM {search_index.SEARCH_TABLE} ORDER BY rowid"
    ).fetchall()
    assert index_rows == positions
    trashed = db.execute_sql(
        "SELECT count(*) FROM contact WHERE deleted_at IS NOT NULL AND search_position IS NOT NULL"
    ).fetchone()[0]
    assert trashed == 0


def names(text: str, descending: bool = False) -> list[str]:
    query = ContactListQuery(text=text, descending=descending)
    return [row.name for row in fetch_contact_page(query, 0, 500)]


def test_many_people_added_at_one_spot_stay_in_order(db):
    """Forty "John Smith"s, one after another, all land between the same two neighbours."""
    make_contact("John", "Smith")
    make_contact("John", "Smithers")
    for _ in range(40):
        make_contact("John", "Smith", notes="again")
    assert_numbered_in_name_order(db)
    found = names("john")
    assert found == ["John Smith"] * 41 + ["John Smithers"]
    ids = [row.id for row in fetch_contact_page(ContactListQuery(text="smith"), 0, 50)]
    assert ids == sorted(ids[:41]) + ids[41:]  # same names: in the order they were added


def test_a_stretch_too_crowded_to_space_out_renumbers_everyone(db, monkeypatch):
    monkeypatch.setattr(search_index, "_SPREAD_MAX_REACH", 2)
    monkeypatch.setattr(search_index, "_SPREAD_REACH", 2)
    rebuilt = []
    real = search_index._rebuild
    monkeypatch.setattr(search_index, "_rebuild", lambda db: rebuilt.append(1) or real(db))
    for name in ("Aaron",) + ("Zed",) * 6:
        make_contact(name)
    for _ in range(12):
        make_contact("Mia", notes="club")
    assert rebuilt  # the spot between Aaron and Zed ran out of room
    assert_numbered_in_name_order(db)
    assert names("mia") == ["Mia"] * 12


def test_names_that_sort_first_and_last_are_placed_at_the_ends(db):
    for name in ("Mia", "Aaron", "Zed", "Aa", "Zzz", "Mia"):
        make_contact(name, notes="club")
    assert names("club") == ["Aa", "Aaron", "Mia", "Mia", "Zed", "Zzz"]
    assert names("club", descending=True) == ["Zzz", "Zed", "Mia", "Mia", "Aaron", "Aa"]
    assert_numbered_in_name_order(db)


def test_a_rename_moves_the_contact(db):
    ana = make_contact("Ana", "Lee", notes="club")
    make_contact("Ben", "Ng", notes="club")
    draft = contacts.load_contact(ana)
    draft.given_name, draft.display_name = "Zora", ""
    contacts.update_contact(ana, draft)
    assert names("club") == ["Ben Ng", "Zora Lee"]
    assert_numbered_in_name_order(db)


def test_a_contact_removed_for_good_leaves_the_index(db):
    ana = make_contact("Ana", "Lee", notes="club")
    make_contact("Ben", "Ng", notes="club")
    Contact.delete().where(Contact.id == ana).execute()
    assert names("club") == ["Ben Ng"]
    make_contact("Ana", "Lee", notes="club")  # takes the freed number again
    assert names("club") == ["Ana Lee", "Ben Ng"]
    assert_numbered_in_name_order(db)


def test_a_large_batch_renumbers_everyone(db):
    for n in range(30):
        make_contact(f"Person {n:02d}")
    before = db.execute_sql("SELECT search_position FROM contact WHERE id = 1").fetchone()
    with db.atomic():
        db.execute_sql("UPDATE contact SET sort_key = 'zz ' || sort_key")
        search_index.reindex_contacts(db, range(1, 31))
    assert_numbered_in_name_order(db)
    after = db.execute_sql("SELECT search_position FROM contact WHERE id = 1").fetchone()
    assert after == before == (search_index.POSITION_GAP,)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_any_mix_of_writes_keeps_the_index_in_name_order(db, seed):
    rng = random.Random(seed)
    live: list[int] = []
    trashed: list[int] = []

    def name() -> tuple[str, str]:
        return rng.choice(GIVEN), rng.choice(FAMILY)

    for step in range(160):
        action = rng.random()
        if action < 0.45 or len(live) < 4:
            live.append(make_contact(*name(), notes=f"step {step}"))
        elif action < 0.65:
            cid = rng.choice(live)
            draft = contacts.load_contact(cid)
            draft.given_name, draft.family_name = name()
            draft.display_name = ""
            contacts.update_contact(cid, draft)
        elif action < 0.75:
            cid = live.pop(rng.randrange(len(live)))
            contacts.trash_contact(cid)
            trashed.append(cid)
        elif action < 0.82 and trashed:
            cid = trashed.pop(rng.randrange(len(trashed)))
            contacts.restore_contact(cid)
            live.append(cid)
        elif action < 0.9:
            keep, other = rng.sample(live, 2)
            record = dedupe.merge_contacts(keep, other)
            live.remove(other)
            if rng.random() < 0.5:
                dedupe.undo_merge(record)
                live.append(other)
        else:
            cid = live.pop(rng.randrange(len(live)))
            Contact.delete().where(Contact.id == cid).execute()
        if step % 20 == 0:
            assert_numbered_in_name_order(db)
    assert_numbered_in_name_order(db)
    everyone = [row.name for row in fetch_contact_page(ContactListQuery(), 0, 500)]
    for given in GIVEN:
        hits = names(given)
        assert hits == [n for n in everyone if n in hits]  # same order as the whole list


def _index_contents(db) -> dict[str, list[tuple]]:
    tables = (search_index.SEARCH_TABLE, search_index.MATCH_TABLE, search_index.PROVIDER_TABLE)
    return {
        table: db.execute_sql(f"SELECT rowid, * FROM {table} ORDER BY rowid").fetchall()
        for table in tables
    }


def test_a_batch_over_a_share_of_everyone_indexes_what_a_full_rebuild_does(db):
    """Renumbered in one go, its match and provider rows rewritten contact by contact:
    the indexes end up holding what rebuilding all of them holds."""
    count = search_index._REBUILD_MIN + 40
    ids = [
        make_contact(f"Person {n:03d}", "Lee", offers=[f"trade {n}"], title="Owner")
        for n in range(count)
    ]
    changed = ids[: search_index._REBUILD_MIN + 10]
    with db.atomic():
        marks = ", ".join("?" * len(changed))
        db.execute_sql(
            f"UPDATE contact SET title = 'Partner', sort_key = 'zz ' || sort_key "
            f"WHERE id IN ({marks})",
            changed,
        )
        db.execute_sql(
            f"UPDATE offer SET text = 'bookkeeping' WHERE contact_id IN ({marks})", changed
        )
        db.execute_sql("UPDATE contact SET deleted_at = '2026-01-01' WHERE id = ?", (changed[0],))
        search_index.reindex_contacts(db, changed)
    assert_numbered_in_name_order(db)
    partial = _index_contents(db)
    assert len(partial[search_index.MATCH_TABLE]) == count - 1
    provider_text = {row[1] for row in partial[search_index.PROVIDER_TABLE]}
    assert "bookkeeping" in provider_text and "trade 5" not in provider_text
    assert f"trade {count - 1}" in provider_text  # (one left as it was)
    with db.atomic():
        search_index.reindex_contacts(db)
    assert _index_contents(db) == partial


def test_many_contacts_written_at_once_are_placed_among_the_others(db, monkeypatch):
    """A batch past ``_REBUILD_MIN`` (an import) is placed in one pass: the contacts
    already there keep their numbers unless a crowded spot moves them, and the indexes
    hold what a full rebuild makes, in the same order."""
    monkeypatch.setattr(search_index, "_REBUILD_MIN", 5)
    rng = random.Random(5)
    for n in range(60):
        make_contact(rng.choice(GIVEN), rng.choice(FAMILY), notes=f"old {n}", offers=["tax"])
    before = dict(db.execute_sql("SELECT id, search_position FROM contact").fetchall())
    with db.atomic():
        # twelve of one name land in one spot: more than the numbers left there
        new = [_written_unindexed(db, "Dana", "Lee") for _ in range(12)]
        new += [_written_unindexed(db, rng.choice(GIVEN), "Zz") for _ in range(8)]
        renamed = [cid for cid in before if cid % 7 == 0]
        db.execute_sql(
            f"UPDATE contact SET sort_key = 'aa ' || sort_key "
            f"WHERE id IN ({', '.join('?' * len(renamed))})",
            renamed,
        )
        search_index.reindex_contacts(db, new + renamed)
    assert_numbered_in_name_order(db)
    after = dict(db.execute_sql("SELECT id, search_position FROM contact").fetchall())
    kept = [cid for cid in before if cid not in renamed and after[cid] == before[cid]]
    assert len(kept) >= (len(before) - len(renamed)) // 2  # (not everyone renumbered)
    assert names("dana lee") == ["Dana Lee"] * len(names("dana lee"))
    assert len(names("dana lee")) >= 12
    placed = _index_contents(db)
    with db.atomic():
        search_index.reindex_contacts(db)
    rebuilt = _index_contents(db)
    for table in (search_index.MATCH_TABLE, search_index.PROVIDER_TABLE):
        assert placed[table] == rebuilt[table]
    table = search_index.SEARCH_TABLE
    assert [row[1:] for row in placed[table]] == [row[1:] for row in rebuilt[table]]


def test_placing_many_where_no_spot_has_room_renumbers_everyone(db, monkeypatch):
    monkeypatch.setattr(search_index, "_REBUILD_MIN", 5)
    monkeypatch.setattr(search_index, "_SPREAD_MAX_REACH", 1)
    for name in ("Aaron", "Mia", "Zed", "Zoe", "Zora"):
        make_contact(name, notes="club")
    rebuilt = []
    real = search_index._rebuild
    monkeypatch.setattr(search_index, "_rebuild", lambda *a: rebuilt.append(1) or real(*a))
    with db.atomic():
        crowd = [_written_unindexed(db, "Nia", "") for _ in range(8)]
        search_index.reindex_contacts(db, crowd)
    assert rebuilt
    assert_numbered_in_name_order(db)
    assert names("club") == ["Aaron", "Mia", "Zed", "Zoe", "Zora"]
    assert names("nia") == ["Nia"] * 8


def _written_unindexed(db, given: str, family: str) -> int:
    """A contact written as an import writes it: in the table, not yet in the index."""
    name = f"{given} {family}".strip()
    cursor = db.execute_sql(
        "INSERT INTO contact (given_name, family_name, display_name, sort_key, organisation, "
        "title, city, notes, how_we_met, networking_style, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, '', '', '', 'new', '', '', '2026-01-01', '2026-01-01')",
        (given, family, name, contacts.sort_key_for(name)),
    )
    return cursor.lastrowid

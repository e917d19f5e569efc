import datetime as dt
import sqlite3

import pytest
from peewee import SqliteDatabase

from netdesk.domain import contact_list, contacts, demo, settings, stats
from netdesk.domain.workspace import open_workspace
from netdesk.storage import migrations, search_index
from netdesk.storage.database import close_database
from netdesk.storage.models import ALL_MODELS, Contact, database


def columns(conn, table):
    return {
        row[1]: (row[2].upper(), bool(row[3]))
        for row in conn.execute(f'PRAGMA table_info("{table}")')
    }


def test_migrations_and_models_agree_column_by_column(tmp_path):
    migrated = SqliteDatabase(str(tmp_path / "migrated.sqlite3"))
    migrations.upgrade(migrated)
    fresh = SqliteDatabase(":memory:")
    with _bound(fresh):
        fresh.create_tables(ALL_MODELS)
    for model in ALL_MODELS:
        table = model._meta.table_name
        assert columns(migrated.connection(), table) == columns(fresh.connection(), table), table


class _bound:
    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.previous = database.obj
        database.initialize(self.db)

    def __exit__(self, *exc):
        database.initialize(self.previous)


def build_version_1_file(path):
    db = SqliteDatabase(str(path))
    migrations.upgrade(db, target=1)
    conn = db.connection()
    conn.execute(
        "INSERT INTO contact (id, given_name, family_name, display_name, sort_key, organisation,"
        " title, city, notes, how_we_met, networking_style, created_at, updated_at)"
        " VALUES (7, 'José', 'Álvarez', 'José Álvarez', 'jose alvarez', 'Casa Realty',"
        " 'Broker', 'Waterloo', 'loves open houses', 'breakfast', 'referral_partner',"
        " '2025-01-01 09:00:00', '2025-01-01 09:00:00')"
    )
    conn.execute("INSERT INTO offer (contact_id, text, position) VALUES (7, 'Realtor', 0)")
    conn.execute(
        "INSERT INTO contact_email (contact_id, address, normalized, label, position)"
        " VALUES (7, 'jose@casa.ca', 'jose@casa.ca', 'work', 0)"
    )
    today = dt.date.today()
    for days in (1, 40, 200):
        conn.execute(
            "INSERT INTO interaction (contact_id, kind, occurred_on, note, created_at)"
            " VALUES (7, 'one_to_one', ?, 'coffee', '2025-01-01 09:00:00')",
            ((today - dt.timedelta(days=days)).isoformat(),),
        )
    db.close()


def test_a_version_1_file_upgrades_with_its_data_intact(tmp_path):
    path = tmp_path / "old.sqlite3"
    build_version_1_file(path)
    open_workspace(path)
    try:
        assert migrations.current_version(database) == migrations.SCHEMA_VERSION
        assert stats.counts() == {"contacts": 1, "interactions": 3, "referrals": 0, "events": 0}
        contact = Contact.get_by_id(7)
        assert (contact.display_name, contact.organisation, contact.emails[0].address) == (
            "José Álvarez",
            "Casa Realty",
            "jose@casa.ca",
        )
        # the score cache added by version 2 was filled from the old interactions
        assert contact.last_interaction_on == dt.date.today() - dt.timedelta(days=1)
        row = contact_list.fetch_contact_page(contact_list.ContactListQuery(), 0, 10)[0]
        assert row.attention > 0 and row.trust > 0
        # the search index added by version 3 holds the old contact
        found = contact_list.count_contacts(contact_list.ContactListQuery(text="jose real"))
        assert found == 1
    finally:
        close_database()
    # the upgrade kept a backup of the old file first
    backups = list((tmp_path / "old-backups").glob("old-*-upgrade-*.sqlite3"))
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 1
    conn.close()


def test_each_version_is_recorded_once(db):
    versions = [row[0] for row in db.execute_sql("SELECT version FROM schema_version")]
    assert versions == list(range(1, migrations.SCHEMA_VERSION + 1))
    assert migrations.upgrade(db) == []


def build_old_file(path, version, source):
    """A database at schema ``version`` holding every row of ``source`` it has columns for."""
    old = SqliteDatabase(str(path))
    migrations.upgrade(old, target=version)
    conn = old.connection()
    conn.execute("ATTACH DATABASE ? AS src", (str(source),))
    for model in ALL_MODELS:
        table = model._meta.table_name
        if table == "schema_version":
            continue
        names = [row[1] for row in conn.execute(f'PRAGMA main.table_info("{table}")')]
        if not names:  # a table of a later version
            continue
        cols = ", ".join(f'"{n}"' for n in names)
        verb = "INSERT OR IGNORE" if table == "setting" else "INSERT"  # keep what v2 set
        conn.execute(f'{verb} INTO main."{table}" ({cols}) SELECT {cols} FROM src."{table}"')
    conn.commit()
    conn.execute("DETACH DATABASE src")
    if version >= 5:
        # a real file of this version has its full-text index filled as today's code fills it
        with old.atomic():
            search_index.reindex_contacts(old)
    old.close()


def old_rows(path, reference):
    """Rows of ``path`` restricted to the columns each table has in ``reference``."""
    conn = sqlite3.connect(reference)
    shapes = {
        model._meta.table_name: [
            row[1] for row in conn.execute(f'PRAGMA table_info("{model._meta.table_name}")')
        ]
        for model in ALL_MODELS
        if model._meta.table_name != "schema_version"
    }
    conn.close()
    conn = sqlite3.connect(path)
    rows = {}
    for table, names in shapes.items():
        if not names:  # a table of a later version
            continue
        cols = ", ".join(f'"{n}"' for n in names)
        found = conn.execute(f'SELECT {cols} FROM "{table}"').fetchall()
        if table == "setting":  # the score cache's own bookkeeping is rebuilt on opening
            found = [row for row in found if not row[0].startswith("scores.")]
        rows[table] = sorted(found, key=repr)
    conn.close()
    return rows


@pytest.mark.parametrize("version", range(1, migrations.SCHEMA_VERSION))
def test_every_earlier_version_upgrades_with_all_its_data(tmp_path, version):
    source = tmp_path / "demo.sqlite3"
    open_workspace(source, create=True)
    demo.build_demo()
    settings.put("backup.keep", 4)
    close_database()
    old = tmp_path / f"v{version}.sqlite3"
    build_old_file(old, version, source)
    before = old_rows(old, old)
    assert sum(len(rows) for rows in before.values()) > 1000
    assert all(before[t] for t in ("contact", "interaction", "referral", "event", "attendance"))
    assert ("backup.keep", "4") in before["setting"]

    open_workspace(old)
    try:
        assert migrations.current_version(database) == migrations.SCHEMA_VERSION
        found = contact_list.count_contacts(contact_list.ContactListQuery())
        assert found == stats.counts()["contacts"] > 0
        # derived data of the later versions is rebuilt from the old rows
        row = contact_list.fetch_contact_page(
            contact_list.ContactListQuery(sort=contact_list.SortKey.ATTENTION, descending=True),
            0,
            1,
        )[0]
        assert row.attention > 0 and row.trust > 0
        assert contact_list.count_contacts(contact_list.ContactListQuery(text="realtor")) > 0
        # the search index is numbered in name order: a search page comes sorted by name
        page = contact_list.fetch_contact_page(contact_list.ContactListQuery(text="r"), 0, 60)
        assert len(page) > 20
        assert [r.name for r in page] == sorted(
            (r.name for r in page), key=lambda name: contacts.sort_key_for(name)
        )
    finally:
        close_database()
    after = old_rows(old, _reference_at(tmp_path, version))
    assert after == before
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    kept = list((tmp_path / f"v{version}-backups").glob(f"v{version}-*-upgrade-*.sqlite3"))
    assert len(kept) == 1
    assert old_rows(kept[0], kept[0]) == before


def _reference_at(folder, version):
    path = folder / f"shape-v{version}.sqlite3"
    db = SqliteDatabase(str(path))
    migrations.upgrade(db, target=version)
    db.close()
    return path


def test_version_6_adds_the_sync_tables_empty_and_keeps_everything_else(tmp_path):
    source = tmp_path / "demo.sqlite3"
    open_workspace(source, create=True)
    demo.build_demo()
    close_database()
    old = tmp_path / "v5.sqlite3"
    build_old_file(old, 5, source)
    conn = sqlite3.connect(old)
    assert not conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'sync_%'").fetchall()
    conn.close()
    before = old_rows(old, old)
    open_workspace(old)
    try:
        assert migrations.current_version(database) == migrations.SCHEMA_VERSION
        for table in ("sync_account", "sync_collection", "sync_item", "sync_conflict"):
            assert database.execute_sql(f'SELECT count(*) FROM "{table}"').fetchone() == (0,)
        database.execute_sql(
            "INSERT INTO sync_account (name, server_url, username, principal_url, allow_http,"
            " created_at) VALUES ('home', 'https://dav.example', 'ana', '', 0, '2026-01-01')"
        )
        with pytest.raises(Exception, match="UNIQUE"):
            database.execute_sql(
                "INSERT INTO sync_account (name, server_url, username, principal_url,"
                " allow_http, created_at) VALUES ('home', 'https://x', 'b', '', 0, '2026-01-01')"
            )
    finally:
        close_database()
    assert old_rows(old, _reference_at(tmp_path, 5)) == before


def test_version_7_adds_nickname_and_department_empty_and_keeps_them(tmp_path):
    path = tmp_path / "v6.sqlite3"
    old = SqliteDatabase(str(path))
    migrations.upgrade(old, target=6)
    old.connection().execute(
        "INSERT INTO contact (id, given_name, family_name, display_name, sort_key, organisation,"
        " title, city, notes, how_we_met, networking_style, created_at, updated_at)"
        " VALUES (3, 'Margit', 'Kovács', 'Margit Kovács', 'margit kovacs', 'Duna Audit', '',"
        " '', '', '', '', '2025-01-01 09:00:00', '2025-01-01 09:00:00')"
    )
    old.connection().commit()
    old.close()
    open_workspace(path)
    try:
        draft = contacts.load_contact(3)
        assert (draft.nickname, draft.department) == ("", "")
        draft.nickname, draft.department = "Gitta", "Finance"
        contacts.update_contact(3, draft)
        assert (contacts.load_contact(3).nickname, contacts.load_contact(3).department) == (
            "Gitta",
            "Finance",
        )
    finally:
        close_database()


def test_version_8_adds_the_calendar_sync_state_and_marks_changed_records(tmp_path):
    source = tmp_path / "demo.sqlite3"
    open_workspace(source, create=True)
    demo.build_demo()
    close_database()
    old = tmp_path / "v7.sqlite3"
    build_old_file(old, 7, source)
    before = old_rows(old, old)
    open_workspace(old)
    close_database()
    assert old_rows(old, _reference_at(tmp_path, 7)) == before
    open_workspace(old)
    try:
        assert migrations.current_version(database) >= 8
        collection = database.execute_sql(
            "SELECT components FROM sync_collection LIMIT 0"
        ).description
        assert collection[0][0] == "components"
        database.execute_sql(
            "INSERT INTO sync_account (id, name, server_url, username, principal_url, allow_http,"
            " created_at) VALUES (1, 'home', 'https://dav.example', 'ana', '', 0, '2026-01-01')"
        )
        database.execute_sql(
            "INSERT INTO sync_collection (id, account_id, kind, url, display_name, last_result)"
            " VALUES (1, 1, 'calendar', 'https://dav.example/cal/', 'netdesk', '')"
        )
        ids = {
            table: database.execute_sql(f"SELECT min(id) FROM {table}").fetchone()[0]
            for table in ("interaction", "event", "referral", "follow_up")
        }
        assert all(ids.values())
        for kind, local_id in ids.items():
            database.execute_sql(
                "INSERT INTO sync_item (collection_id, record_kind, local_id, uid, href,"
                " local_changed, waiting) VALUES (1, ?, ?, ?, ?, 0, '[\"x\"]')",
                (kind, local_id, f"u-{kind}", f"/cal/{kind}.ics"),
            )

        def marked() -> dict[str, int]:
            return dict(
                database.execute_sql("SELECT record_kind, local_changed FROM sync_item").fetchall()
            )

        database.execute_sql(
            "UPDATE interaction SET created_at = '2020-01-01' WHERE id = ?", (ids["interaction"],)
        )
        database.execute_sql("UPDATE event SET created_at = '2020-01-01'")
        assert set(marked().values()) == {0}  # bookkeeping columns mark nothing
        database.execute_sql(
            "UPDATE interaction SET note = 'changed' WHERE id = ?", (ids["interaction"],)
        )
        database.execute_sql(
            "DELETE FROM attendance WHERE id = (SELECT min(id) FROM attendance WHERE event_id = ?)",
            (ids["event"],),
        )
        database.execute_sql("UPDATE referral SET status = 'lost' WHERE id = ?", (ids["referral"],))
        database.execute_sql(
            "UPDATE follow_up SET done_at = '2026-01-01 10:00:00' WHERE id = ?",
            (ids["follow_up"],),
        )
        assert marked() == {"interaction": 1, "event": 1, "referral": 1, "follow_up": 1}
    finally:
        close_database()


def test_version_9_takes_what_synced_cards_said_of_nickname_and_department(tmp_path):
    path = tmp_path / "v8.sqlite3"
    old = SqliteDatabase(str(path))
    migrations.upgrade(old, target=8)
    conn = old.connection()
    people = [
        # id, nickname, department here; the card as last synced
        (1, "", "", "NICKNAME:Gitta,Margo\r\nORG:Duna Audit;Finan\r\n ce\\; tax;Budapest\r\n"),
        (2, "Jo", "", "ORG:Casa\r\n"),  # imported here since: goes up
        (3, "", "", "item1.NICKNAME;LANGUAGE=en:Bo\r\n"),
        (4, "Bea", "Legal", "NICKNAME:Bea\r\nORG:Law;Legal\r\n"),  # as synced: not marked
        (5, "", "", "ORG:Plain\r\n"),
    ]
    conn.execute(
        "INSERT INTO sync_account (id, name, server_url, username, principal_url, allow_http,"
        " created_at) VALUES (1, 'home', 'https://dav.example', 'ana', '', 0, '2026-01-01')"
    )
    conn.execute(
        "INSERT INTO sync_collection (id, account_id, kind, url, display_name, last_result)"
        " VALUES (1, 1, 'contacts', 'https://dav.example/book/', 'book', '')"
    )
    for cid, nickname, department, lines in people:
        conn.execute(
            "INSERT INTO contact (id, given_name, family_name, display_name, sort_key,"
            " organisation, title, city, notes, how_we_met, networking_style, created_at,"
            " updated_at, nickname, department) VALUES (?, 'P', '', 'P', 'p', '', '', '', '',"
            " '', '', '2025-01-01', '2025-01-01', ?, ?)",
            (cid, nickname, department),
        )
        conn.execute(
            "INSERT INTO sync_item (collection_id, record_kind, local_id, uid, href, base,"
            " local_hash, local_changed) VALUES (1, 'contact', ?, ?, ?, ?, 'h', 0)",
            (cid, f"u{cid}", f"/book/{cid}.vcf", f"BEGIN:VCARD\r\nFN:P\r\n{lines}END:VCARD\r\n"),
        )
    conn.commit()
    migrations.upgrade(old)
    found = conn.execute(
        "SELECT contact.id, nickname, department, local_changed FROM contact"
        " JOIN sync_item ON sync_item.local_id = contact.id ORDER BY contact.id"
    ).fetchall()
    assert found == [
        (1, "Gitta", "Finance; tax", 0),
        (2, "Jo", "", 1),
        (3, "Bo", "", 0),
        (4, "Bea", "Legal", 0),
        (5, "", "", 0),
    ]
    # the change mark now fires on the two
    conn.execute("UPDATE contact SET nickname = 'Margit' WHERE id = 1")
    conn.execute("UPDATE contact SET department = 'Tax' WHERE id = 3")
    conn.execute("UPDATE contact SET created_at = '2020-01-01' WHERE id = 4")
    marks = conn.execute("SELECT local_id FROM sync_item WHERE local_changed = 1").fetchall()
    assert sorted(marks) == [(1,), (2,), (3,)]
    old.close()

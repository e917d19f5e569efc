import hashlib
import os
import sqlite3
import stat

import pytest

from netdesk.storage import migrations
from netdesk.storage.database import close_database, open_database
from netdesk.storage.errors import (
    DatabaseDamaged,
    DatabaseMissing,
    DatabaseReadOnly,
    DatabaseTooNew,
    NotADatabase,
)
from netdesk.storage.models import Contact, ContactEmail


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_database_is_private_wal_with_foreign_keys(db, db_path):
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000
    Contact.create(display_name="Ana")  # the first write creates -wal and -shm
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        assert stat.S_IMODE(side.stat().st_mode) == 0o600
    assert migrations.current_version(db) == migrations.SCHEMA_VERSION


def test_foreign_keys_cascade(db):
    contact = Contact.create(display_name="Ana")
    ContactEmail.create(contact=contact, address="a@b.ca", normalized="a@b.ca")
    contact.delete_instance()
    assert ContactEmail.select().count() == 0


def test_missing_file_is_refused_when_not_creating(tmp_path):
    target = tmp_path / "nope.sqlite3"
    with pytest.raises(DatabaseMissing, match="no such database file"):
        open_database(target)
    assert not target.exists()


def test_a_text_file_is_refused_and_untouched(tmp_path):
    target = tmp_path / "notes.sqlite3"
    target.write_text("hello, this is not a database\n")
    before = digest(target)
    with pytest.raises(NotADatabase, match="not SQLite"):
        open_database(target, create=True)
    assert digest(target) == before


def test_an_empty_file_becomes_a_database_only_when_creating(tmp_path):
    target = tmp_path / "empty.sqlite3"
    target.touch()
    with pytest.raises(NotADatabase, match="empty"):
        open_database(target)
    open_database(target, create=True)
    close_database()
    assert target.stat().st_size > 0


def test_an_unrelated_sqlite_file_is_refused_and_untouched(tmp_path):
    target = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = digest(target)
    with pytest.raises(NotADatabase, match="holds no netdesk data"):
        open_database(target, create=True)
    assert digest(target) == before


def test_a_newer_schema_is_refused_and_untouched(db, db_path):
    future = migrations.SCHEMA_VERSION + 1
    db.execute_sql(
        "INSERT INTO schema_version VALUES (?, '2030-01-01', 'from the future')", (future,)
    )
    close_database()
    before = digest(db_path)
    with pytest.raises(DatabaseTooNew) as caught:
        open_database(db_path)
    assert f"schema version {future}" in str(caught.value)
    assert digest(db_path) == before


def test_a_truncated_file_is_refused_and_untouched(db, db_path):
    for n in range(300):
        Contact.create(display_name=f"Person {n}", notes="x" * 500)
    close_database()
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2])
    before = digest(db_path)
    with pytest.raises((DatabaseDamaged, NotADatabase)):
        open_database(db_path)
    assert digest(db_path) == before


def test_a_read_only_location_is_reported_and_untouched(db, db_path, monkeypatch):
    Contact.create(display_name="Ana")
    close_database()
    before = digest(db_path)
    # tests may run as root, who can write anywhere: make the check see a read-only file
    real_access = os.access
    monkeypatch.setattr(
        "netdesk.storage.database.os.access",
        lambda path, mode: False if mode & os.W_OK else real_access(path, mode),
    )
    with pytest.raises(DatabaseReadOnly, match="read-only"):
        open_database(db_path)
    assert digest(db_path) == before


def test_read_only_open_of_a_current_database_writes_nothing(db, db_path):
    Contact.create(display_name="Ana")
    close_database()
    before = digest(db_path)
    ro = open_database(db_path, write=False)
    assert Contact.select().count() == 1
    ro.close()
    assert digest(db_path) == before

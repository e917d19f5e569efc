"""Restoring a SQLite backup: the exact data, all or nothing, the old database kept."""

import errno
import hashlib
import sqlite3

import pytest
from peewee import SqliteDatabase

from netdesk.domain import demo
from netdesk.domain.workspace import open_workspace
from netdesk.storage import backups, database_swap, migrations
from netdesk.storage.database import close_database
from netdesk.storage.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseTooNew,
    DiskFull,
    NotADatabase,
    StorageError,
)
from netdesk.storage.models import Contact
from tests.helpers import integrity, table_rows


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_database(path, people=("Ana", "Ben")):
    open_workspace(path, create=True)
    for name in people:
        Contact.create(display_name=name, given_name=name)
    close_database()
    return path


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    open_workspace(path, create=True)
    demo.build_demo()
    Contact.update(photo=b"\x89PNG\x00\xff").where(Contact.id == 3).execute()
    close_database()
    return path


@pytest.fixture
def demo_file(demo_source, tmp_path):
    """A demo database with a photo, this test's own copy."""
    path = tmp_path / "demo.sqlite3"
    backups.copy_database(demo_source, path)
    return path


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if ".restoring-" in p.name)


def test_a_backup_restores_into_a_new_file_exactly(demo_file, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    backups.copy_database(demo_file, copy)
    target = tmp_path / "new" / "restored.sqlite3"
    result = database_swap.restore_database(copy, target)
    assert result.previous is None
    assert table_rows(target) == table_rows(demo_file)
    assert integrity(target) == "ok"
    assert (target.stat().st_mode & 0o777) == 0o600
    assert leftovers(target.parent) == []


def test_restoring_over_a_database_keeps_it_and_can_be_undone(demo_file, tmp_path):
    target = make_database(tmp_path / "mine.sqlite3", ("Carla", "Dev"))
    before = table_rows(target)
    result = database_swap.restore_database(demo_file, target)
    assert table_rows(target) == table_rows(demo_file)
    assert result.previous is not None and "-prerestore-" in result.previous.name
    assert table_rows(result.previous) == before
    # undo: restore the backup the restore took
    database_swap.restore_database(result.previous, target)
    assert table_rows(target) == before
    assert not target.with_name(target.name + "-wal").exists()


def test_changes_still_in_the_old_wal_are_kept_in_the_pre_restore_backup(demo_file, tmp_path):
    # a netdesk that crashed leaves its last changes in -wal, not yet in the main file
    target = make_database(tmp_path / "mine.sqlite3", ("Carla",))
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute(
        "INSERT INTO contact (display_name, given_name, family_name, sort_key, "
        "organisation, title, city, notes, how_we_met, networking_style, created_at, "
        "updated_at) VALUES ('Only In Wal', '', '', '', '', '', '', '', '', '', "
        "'2026-01-01', '2026-01-01')"
    )
    conn.commit()
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal", "-shm"):
        (crashed / f"mine.sqlite3{suffix}").write_bytes(
            target.with_name(f"mine.sqlite3{suffix}").read_bytes()
        )
    conn.close()
    crashed_db = crashed / "mine.sqlite3"
    assert crashed_db.with_name("mine.sqlite3-wal").stat().st_size > 0

    result = database_swap.restore_database(demo_file, crashed_db)
    kept = [row[3] for row in table_rows(result.previous)["contact"]]
    assert "Only In Wal" in kept
    # the old -wal was folded in and removed, never replayed onto the restored file
    assert not crashed_db.with_name("mine.sqlite3-wal").exists()
    assert table_rows(crashed_db) == table_rows(demo_file)
    assert integrity(crashed_db) == "ok"


def test_a_backup_from_an_older_schema_is_upgraded_in_the_copy(tmp_path):
    old = tmp_path / "v1.sqlite3"
    db = SqliteDatabase(str(old))
    migrations.upgrade(db, target=1)
    db.execute_sql(
        "INSERT INTO contact (id, given_name, family_name, display_name, sort_key, organisation,"
        " title, city, notes, how_we_met, networking_style, created_at, updated_at) VALUES"
        " (4, 'Ana', 'Silva', 'Ana Silva', 'ana silva', 'Casa', '', '', '', '', '',"
        " '2025-01-01 09:00:00', '2025-01-01 09:00:00')"
    )
    db.close()
    before = digest(old)
    target = tmp_path / "restored.sqlite3"
    database_swap.restore_database(old, target)
    assert digest(old) == before  # the backup itself is only read
    conn = sqlite3.connect(target)
    assert (
        conn.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        == migrations.SCHEMA_VERSION
    )
    assert conn.execute("SELECT display_name FROM contact WHERE id = 4").fetchone() == (
        "Ana Silva",
    )
    conn.close()


@pytest.mark.parametrize(
    "spoil, error",
    [
        (lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 3]), DatabaseDamaged),
        (lambda p: p.write_bytes(b"\x00" * 65536), NotADatabase),
        (lambda p: p.write_text("given,family\nAna,Silva\n"), NotADatabase),
    ],
    ids=["truncated", "zero-filled", "csv"],
)
def test_a_bad_backup_is_refused_and_nothing_changes(demo_file, tmp_path, spoil, error):
    source = tmp_path / "spoiled.sqlite3"
    backups.copy_database(demo_file, source)
    spoil(source)
    source_before = digest(source)
    target = make_database(tmp_path / "mine.sqlite3")
    target_before = digest(target)
    with pytest.raises(error) as caught:
        database_swap.restore_database(source, target)
    assert caught.value.path == source
    assert digest(source) == source_before
    assert digest(target) == target_before
    assert leftovers(tmp_path) == []
    assert not backups.backups_dir(target).exists()


def test_a_backup_from_a_newer_netdesk_is_refused(demo_file, tmp_path):
    conn = sqlite3.connect(demo_file)
    conn.execute("INSERT INTO schema_version VALUES (99, '2030-01-01', 'future')")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseTooNew):
        database_swap.restore_database(demo_file, tmp_path / "new.sqlite3")
    assert not (tmp_path / "new.sqlite3").exists()


@pytest.mark.parametrize(
    "tamper, problem",
    [
        (
            "CREATE TRIGGER wipe AFTER INSERT ON interaction BEGIN DELETE FROM contact; END",
            "trigger netdesk does not create",
        ),
        ("CREATE VIEW everyone AS SELECT * FROM contact", "view netdesk does not create"),
        ("DROP TABLE follow_up", "table follow_up is missing"),
        ("DROP INDEX contact_sort_key", "index contact_sort_key is missing"),
    ],
)
def test_a_file_that_only_looks_like_netdesk_is_refused(demo_file, tmp_path, tamper, problem):
    conn = sqlite3.connect(demo_file)
    conn.execute(tamper)
    conn.commit()
    conn.close()
    target = tmp_path / "new.sqlite3"
    with pytest.raises(NotADatabase, match=problem):
        database_swap.restore_database(demo_file, target)
    assert not target.exists()
    assert leftovers(tmp_path) == []


def test_rows_pointing_nowhere_are_refused(demo_file, tmp_path):
    conn = sqlite3.connect(demo_file)  # foreign keys off: a careless or hostile writer
    conn.execute("UPDATE interaction SET contact_id = 99999 WHERE id = 1")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseDamaged, match="point at rows that do not exist"):
        database_swap.restore_database(demo_file, tmp_path / "new.sqlite3")


def test_a_damaged_target_is_not_replaced(demo_file, tmp_path):
    target = tmp_path / "mine.sqlite3"
    target.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    before = digest(target)
    with pytest.raises((DatabaseDamaged, NotADatabase)):
        database_swap.restore_database(demo_file, target)
    assert digest(target) == before


def test_a_target_in_use_elsewhere_is_refused_and_left_alone(demo_file, tmp_path):
    target = make_database(tmp_path / "mine.sqlite3")
    before = table_rows(target)
    other = sqlite3.connect(target)  # another netdesk window, say
    other.execute("PRAGMA journal_mode=wal")
    other.execute("SELECT count(*) FROM contact").fetchone()
    other.execute("BEGIN")
    other.execute("SELECT count(*) FROM contact").fetchone()  # holds a read lock
    try:
        with pytest.raises(DatabaseLocked):
            database_swap.restore_database(demo_file, target)
    finally:
        other.rollback()
        other.close()
    assert table_rows(target) == before
    assert leftovers(tmp_path) == []


def test_a_full_disk_while_building_changes_nothing(demo_file, tmp_path, monkeypatch):
    target = make_database(tmp_path / "mine.sqlite3")
    before = digest(target)

    def full(source, dest, progress=None):
        dest.write_bytes(b"SQLite format 3\x00half")  # a half-written copy
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups, "copy_database", full)
    with pytest.raises(DiskFull, match="the disk is full"):
        database_swap.restore_database(demo_file, target)
    assert digest(target) == before
    assert leftovers(tmp_path) == []


def test_leftovers_of_a_killed_restore_are_cleared_by_the_next(demo_file, tmp_path):
    target = make_database(tmp_path / "mine.sqlite3")
    for name in (".mine.sqlite3.restoring-0badf00d", ".mine.sqlite3.restoring-0badf00d-journal"):
        (tmp_path / name).write_bytes(b"half")
    (tmp_path / "..mine.sqlite3.restoring-1badf00d.partial").write_bytes(b"half")
    database_swap.restore_database(demo_file, target)
    assert leftovers(tmp_path) == []


def test_the_latest_good_backup_skips_damaged_ones(tmp_path):
    path = make_database(tmp_path / "mine.sqlite3", ("Ana",))
    first = backups.rolling_backup(path)
    open_workspace(path)
    Contact.create(display_name="Ben")
    close_database()
    second = backups.rolling_backup(path)
    assert database_swap.latest_good_backup(path).path == second
    second.write_bytes(second.read_bytes()[:5000])  # the newest is damaged
    assert database_swap.latest_good_backup(path).path == first


def test_restoring_beside_a_damaged_file_leaves_it_untouched(tmp_path):
    path = make_database(tmp_path / "mine.sqlite3", ("Ana", "Ben"))
    backup = backups.rolling_backup(path)
    path.write_bytes(path.read_bytes()[:3000])
    before = digest(path)
    restored = database_swap.restore_beside(backup, path)
    assert restored.parent == path.parent and restored.name.startswith("mine-restored-")
    assert digest(path) == before
    assert [row[3] for row in table_rows(restored)["contact"]] == ["Ana", "Ben"]


@pytest.mark.parametrize(
    "tamper, problem",
    [
        (
            "CREATE UNIQUE INDEX one_name ON contact (lower(display_name))",
            "index netdesk does not create (one_name)",
        ),
        ("CREATE INDEX extra ON contact (city)", "index netdesk does not create (extra)"),
        ("CREATE TABLE notes_of_mine (x)", "table netdesk does not create (notes_of_mine)"),
        (
            "DROP INDEX contact_sort_key; CREATE INDEX contact_sort_key ON contact (sort_key)"
            " WHERE deleted_at IS NULL",
            "index contact_sort_key is not the one netdesk creates",
        ),
    ],
)
def test_only_the_objects_netdesk_creates_are_accepted(demo_file, tmp_path, tamper, problem):
    conn = sqlite3.connect(demo_file)
    conn.executescript(tamper)
    conn.close()
    target = make_database(tmp_path / "mine.sqlite3")
    before = digest(target)
    with pytest.raises(NotADatabase, match=problem.replace("(", r"\(").replace(")", r"\)")):
        database_swap.restore_database(demo_file, target)
    assert digest(target) == before
    assert leftovers(tmp_path) == []


def old_backup_with(path, sql: str):
    db = SqliteDatabase(str(path))
    migrations.upgrade(db, target=1)
    db.execute_sql(sql)
    db.close()
    return path


def test_an_older_backup_is_checked_before_any_migration_runs(tmp_path):
    old = old_backup_with(
        tmp_path / "v1.sqlite3",
        "CREATE TRIGGER attack BEFORE INSERT ON schema_version "
        "BEGIN SELECT RAISE(ABORT, 'the attacker ran'); END",
    )
    target = make_database(tmp_path / "mine.sqlite3")
    before = digest(target)
    with pytest.raises(NotADatabase, match="trigger netdesk does not create") as caught:
        database_swap.restore_database(old, target)
    assert "attacker" not in str(caught.value)
    assert digest(target) == before
    assert leftovers(tmp_path) == []


def test_a_restore_step_that_runs_too_long_is_stopped_and_cleaned_up(tmp_path, monkeypatch):
    old = old_backup_with(tmp_path / "v1.sqlite3", "SELECT 1")
    target = make_database(tmp_path / "mine.sqlite3")
    before = digest(target)
    monkeypatch.setattr(database_swap, "STEP_SECONDS", 0.0)
    with pytest.raises(StorageError, match="took longer than 0 seconds and was stopped"):
        database_swap.restore_database(old, target)
    assert digest(target) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [".mine.sqlite3.lock"]

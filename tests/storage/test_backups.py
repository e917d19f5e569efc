import datetime as dt
import sqlite3
import stat

from netdesk.storage import backups
from netdesk.storage.database import close_database
from netdesk.storage.models import Contact


def at(minute: int) -> dt.datetime:
    return dt.datetime(2026, 11, 25, 9, minute, tzinfo=dt.UTC)


def test_a_backup_is_a_private_consistent_copy(db, db_path):
    Contact.create(display_name="Ana")
    made = backups.rolling_backup(db_path, now=at(0))
    assert made is not None and made.parent == db_path.parent / "netdesk-backups"
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    conn = sqlite3.connect(made)
    assert conn.execute("SELECT display_name FROM contact").fetchall() == [("Ana",)]
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


def test_an_unchanged_database_is_not_backed_up_twice(db, db_path):
    Contact.create(display_name="Ana")
    assert backups.rolling_backup(db_path, now=at(0)) is not None
    close_database()  # a checkpoint rewrites the header's counters, not the data
    assert backups.rolling_backup(db_path, now=at(1)) is None
    assert len(backups.list_backups(db_path)) == 1


def test_a_change_gives_a_new_backup(db, db_path):
    Contact.create(display_name="Ana")
    backups.rolling_backup(db_path, now=at(0))
    Contact.create(display_name="Ben")
    assert backups.rolling_backup(db_path, now=at(1)) is not None
    listed = backups.list_backups(db_path)
    assert [info.taken_at.minute for info in listed] == [1, 0]


def test_old_backups_are_pruned_to_the_count_kept(db, db_path):
    for minute in range(6):
        Contact.create(display_name=f"Person {minute}")
        backups.rolling_backup(db_path, now=at(minute), keep=3)
    listed = backups.list_backups(db_path)
    assert [info.taken_at.minute for info in listed] == [5, 4, 3]
    assert len(list(backups.backups_dir(db_path).iterdir())) == 3

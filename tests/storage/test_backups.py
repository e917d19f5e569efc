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


def test_a_backups_folder_that_is_a_link_is_refused(db, db_path, tmp_path, capsys):
    import pytest

    from netdesk import cli
    from netdesk.domain import json_backup
    from netdesk.storage.errors import UnsafeFolder

    Contact.create(display_name="Ana")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    backups.backups_dir(db_path).symlink_to(elsewhere)
    with pytest.raises(UnsafeFolder, match="symbolic link"):
        backups.rolling_backup(db_path, reason="manual")
    json_backup.write_backup(tmp_path / "b.json")
    close_database()
    before = db_path.read_bytes()

    assert cli.main(["restore", str(tmp_path / "b.json"), "--db", str(db_path)]) == 2
    assert "netdesk will not write here: it is a symbolic link" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []
    assert db_path.read_bytes() == before
    assert backups.list_backups(db_path) == []


def test_a_backups_folder_of_another_user_is_refused(db, db_path):
    import os

    import pytest

    from netdesk.storage.errors import UnsafeFolder

    folder = backups.backups_dir(db_path)
    folder.mkdir()
    try:
        os.chown(folder, os.getuid() + 4242, -1)
    except PermissionError:
        pytest.skip("only root can give a folder to another user")
    with pytest.raises(UnsafeFolder, match="belongs to another user"):
        backups.rolling_backup(db_path, reason="manual")
    assert list(folder.iterdir()) == []

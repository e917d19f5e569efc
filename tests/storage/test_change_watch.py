"""A database's change watch: any commit, by anyone, and a file replaced are seen."""

import shutil
import sqlite3

from netdesk.storage.database import close_database


def test_reading_and_temporary_tables_are_no_change(db, db_path):
    watch = db.changes
    token = watch.token()
    assert token is not None
    db.execute_sql("SELECT count(*) FROM contact").fetchone()
    db.execute_sql("CREATE TEMP TABLE scratch (x)")
    db.execute_sql("INSERT INTO scratch VALUES (1)")
    assert watch.unchanged_since(token)


def test_a_commit_on_any_connection_is_a_change(db, db_path):
    watch = db.changes
    token = watch.token()
    db.execute_sql("INSERT INTO tag (name) VALUES ('mine')")  # this process's connection
    assert not watch.unchanged_since(token)
    token = watch.token()
    other = sqlite3.connect(db_path)  # another program's
    with other:
        other.execute("INSERT INTO tag (name) VALUES ('theirs')")
    other.close()
    assert not watch.unchanged_since(token)
    assert watch.unchanged_since(watch.token())


def test_a_file_put_in_its_place_or_a_closed_database_is_never_unchanged(db, db_path, tmp_path):
    watch = db.changes
    token = watch.token()
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(db_path, copy)
    copy.replace(db_path)
    assert not watch.unchanged_since(token)
    token = watch.token()
    close_database()
    assert watch.token() is None
    assert not watch.unchanged_since(token)

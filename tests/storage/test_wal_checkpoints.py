"""A large write commits without copying its log into the file; a thread copies it."""

import threading

from netdesk.storage import wal_checkpoints
from netdesk.storage.database import close_database
from netdesk.storage.models import Contact, database

# some 6 MB of notes: far past the thousand pages at which a commit copies the log
PEOPLE = 1500
NOTE = "x" * 4000


def write_many(db_path) -> None:
    with database.atomic():
        Contact.insert_many(
            {"display_name": f"Person {n}", "given_name": "", "notes": NOTE} for n in range(PEOPLE)
        ).execute()


def log_path(db_path):
    return db_path.with_name(db_path.name + "-wal")


def test_a_plain_large_commit_copies_its_log_into_the_file(db, db_path):
    before = db_path.stat().st_size
    write_many(db_path)
    assert db_path.stat().st_size > before + PEOPLE * 4000


def test_a_deferred_commit_leaves_the_log_then_a_thread_copies_it(db, db_path, monkeypatch):
    before = db_path.stat().st_size
    copied = threading.Event()
    original = wal_checkpoints._checkpoint

    def checkpoint(path):
        original(path)
        copied.set()

    monkeypatch.setattr(wal_checkpoints, "_checkpoint", checkpoint)
    with wal_checkpoints.deferred(database):
        write_many(db_path)
        # committed: in the log, which is synced, not yet in the file
        assert log_path(db_path).stat().st_size > PEOPLE * 4000
        assert db_path.stat().st_size == before
        assert database.execute_sql("SELECT count(*) FROM contact").fetchone()[0] == PEOPLE
    wal_checkpoints.wait()
    assert copied.is_set()
    assert db_path.stat().st_size > before + PEOPLE * 4000
    # and the connection copies its logs at commit again afterwards
    limit = database.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0]
    assert limit == 1000


def test_closing_the_database_waits_for_the_copy(db, db_path, monkeypatch):
    release = threading.Event()
    finished = threading.Event()
    original = wal_checkpoints._checkpoint

    def slow_checkpoint(path):
        release.wait(10)
        original(path)
        finished.set()

    monkeypatch.setattr(wal_checkpoints, "_checkpoint", slow_checkpoint)
    with wal_checkpoints.deferred(database):
        write_many(db_path)
    threading.Timer(0.2, release.set).start()
    close_database()
    assert finished.is_set()


def test_a_failed_write_still_restores_the_limit(db, db_path):
    try:
        with wal_checkpoints.deferred(database), database.atomic():
            Contact.create(display_name="Ana", given_name="Ana")
            raise KeyError("stop")
    except KeyError:
        pass
    wal_checkpoints.wait()
    assert database.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
    assert database.execute_sql("SELECT count(*) FROM contact").fetchone()[0] == 0

"""One netdesk's database, seen from another: a lock that restores respect, a file
replaced under netdesk noticed before a write, two writers that wait for each other,
and a database that once closed cannot be used by accident."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from netdesk import cli
from netdesk.domain import json_backup
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database, open_database
from netdesk.storage.errors import DatabaseReplaced
from netdesk.storage.models import Contact
from tests.conftest import REPO_ROOT, run_netdesk_env
from tests.helpers import make_contact, table_rows


def netdesk_process(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "netdesk", *args],
        env=run_netdesk_env(NETDESK_DATA_DIR=os.environ["NETDESK_DATA_DIR"]),
        cwd=REPO_ROOT,
        text=True,
        **kwargs,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()
    for pipe in (process.stdin, process.stdout, process.stderr):
        if pipe is not None and not pipe.closed:
            pipe.close()


@pytest.fixture
def backup(db, tmp_path) -> Path:
    make_contact("Ana", "Lima")
    out = tmp_path / "backup.json"
    json_backup.write_backup(out)
    close_database()
    return out


def test_a_restore_is_refused_while_another_netdesk_writes_to_the_database(
    tmp_path, backup, capsys
):
    target = tmp_path / "in-use.sqlite3"
    capture = netdesk_process(
        "capture", "--new-event", "Mixer", "--db", str(target),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        capture.stdin.write("Ben Okafor\n")
        capture.stdin.flush()
        while "saved 1" not in capture.stdout.readline():
            assert capture.poll() is None, capture.stderr.read()
        before = table_rows(target)

        assert cli.main(["restore", str(backup), "--db", str(target)]) == 2
        error = capsys.readouterr().err
        assert f"netdesk has this database open (pid {capture.pid})" in error
        assert table_rows(target) == before

        capture.stdin.write("Cy Dune\n")
        capture.stdin.close()
        assert capture.wait(timeout=60) == 0, capture.stderr.read()
    finally:
        stop(capture)
    names = {row[3] for row in table_rows(target)["contact"]}
    assert {"Ben Okafor", "Cy Dune"} <= names  # nothing the capture saved was lost

    assert cli.main(["restore", str(backup), "--db", str(target)]) == 0  # now it may


def test_a_restore_within_the_holding_process_waits_for_nobody(tmp_path, backup):
    target = tmp_path / "mine.sqlite3"
    open_workspace(target, create=True, hold=True)
    close_database()
    assert cli.main(["restore", str(backup), "--db", str(target)]) == 0


def test_a_database_replaced_under_netdesk_is_noticed_before_a_write(db, db_path, tmp_path):
    make_contact("Ana", "Lima")
    other = tmp_path / "other.sqlite3"
    open_workspace(other, create=True)
    close_database()
    open_workspace(db_path, create=True, hold=True)
    os.replace(other, db_path)  # another program swaps the file

    with pytest.raises(DatabaseReplaced, match="replaced or removed"):
        make_contact("Ben", "Okafor")


def test_a_database_removed_under_netdesk_is_noticed_before_a_write(db, db_path):
    db_path.unlink()
    with pytest.raises(DatabaseReplaced):
        make_contact("Ben", "Okafor")


def test_the_lock_of_a_killed_netdesk_holds_nothing(tmp_path, backup):
    target = tmp_path / "killed.sqlite3"
    child = netdesk_process(
        "capture", "--new-event", "Mixer", "--db", str(target),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    child.stdin.write("Ben Okafor\n")
    child.stdin.flush()
    while "saved 1" not in child.stdout.readline():
        assert child.poll() is None, child.stderr.read()
    child.kill()
    stop(child)
    assert cli.main(["restore", str(backup), "--db", str(target)]) == 0


def people_csv(path: Path, prefix: str, count: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "E-mail Address"])
        for n in range(count):
            writer.writerow([f"{prefix}{n}", "Person", f"{prefix.lower()}{n}@example.com"])
    return path


def test_two_imports_at_once_wait_for_each_other(tmp_path):
    target = tmp_path / "shared.sqlite3"
    open_workspace(target, create=True)
    make_contact("First", "One")
    close_database()
    files = [people_csv(tmp_path / f"{p}.csv", p, 1500) for p in ("Alpha", "Bravo", "Charlie")]
    runs = [
        netdesk_process("import", str(f), "--db", str(target), stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE)
        for f in files
    ]  # fmt: skip
    results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    for run in runs:
        stop(run)
    assert [status for status, _ in results] == [0, 0, 0], results
    open_database(target, write=False)
    assert Contact.select().count() == 1 + 3 * 1500


def test_a_closed_database_cannot_be_used_by_accident(db):
    make_contact("Ana", "Lima")
    close_database()
    with pytest.raises(AttributeError, match="uninitialized"):
        Contact.select().count()


def test_a_test_that_uses_the_database_without_the_fixture_fails(pytester, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(REPO_ROOT))
    pytester.makeconftest("from tests.conftest import *  # noqa: F403\n")
    pytester.makepyfile(
        """
        from netdesk.storage.models import Contact
        from tests.helpers import make_contact

        def test_with_the_fixture(db):
            make_contact("Ana", "Lima")

        def test_without_it():
            assert Contact.select().count() == 1
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-W", "default")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*AttributeError: Cannot use uninitialized Proxy.*"])


@pytest.fixture
def short_busy_timeout(db):
    db.execute_sql("PRAGMA busy_timeout = 20")  # SQLite's own wait, so retries are seen
    return db


def hold_write_lock(path: Path):
    import sqlite3

    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO setting (key, value) VALUES ('held.by', '\"another\"')")
    return other


def test_a_write_waits_for_another_writer_and_says_so(short_busy_timeout, db_path):
    import threading

    from netdesk.storage import database

    waits = []
    database.on_writer_wait(waits.append)
    other = hold_write_lock(db_path)
    release = threading.Timer(0.3, other.commit)
    release.start()
    try:
        make_contact("Ana", "Lima")  # on a deferred BEGIN this fails after 20 ms
    finally:
        release.join()
        other.close()
        database._wait_listeners.remove(waits.append)
    assert Contact.select().count() == 1
    assert waits == [db_path]


def test_the_wait_for_another_writer_is_bounded(short_busy_timeout, db_path, monkeypatch):
    from netdesk.storage import database
    from netdesk.storage.errors import storage_error_for

    monkeypatch.setattr(database, "WRITER_WAIT_SECONDS", 0.1)
    other = hold_write_lock(db_path)
    try:
        with pytest.raises(Exception) as caught:
            make_contact("Ana", "Lima")
    finally:
        other.rollback()
        other.close()
    assert "busy" in str(storage_error_for(caught.value, db_path))
    assert Contact.select().count() == 0


def test_only_the_thread_that_opened_the_database_closes_it(db):
    import threading

    make_contact("Ana", "Lima")
    caught: list[BaseException] = []

    def worker() -> None:
        try:
            close_database()
        except RuntimeError as exc:
            caught.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert "close_connection" in str(caught[0])
    assert Contact.select().count() == 1  # still bound and open for its owner

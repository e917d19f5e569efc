"""A read-only location and a full disk: a clear message, and nothing half-written."""

import datetime as dt
import hashlib
import sqlite3
import subprocess
import sys

import pytest

from netdesk.cli import main
from netdesk.domain import json_backup, seed, settings
from netdesk.domain.workspace import open_workspace
from netdesk.storage import database as storage_database
from netdesk.storage.database import close_database
from netdesk.storage.models import Event
from tests.conftest import REPO_ROOT, run_netdesk_env
from tests.filesystems import read_only_folder, tiny_disk
from tests.helpers import integrity, table_rows


def netdesk(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "netdesk", *map(str, args)],
        capture_output=True,
        text=True,
        env=run_netdesk_env(),
        cwd=REPO_ROOT,
        timeout=120,
    )


def snapshot(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*")}


def one_line(done, text):
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert text in done.stderr, done.stderr


def events_only_database(path):
    """A database with history that ``seed`` may still fill (it has no contacts yet)."""
    open_workspace(path, create=True)
    Event.create(name="Waterloo Business Breakfast", held_on=dt.date(2026, 11, 5))
    settings.put("backup.keep", 3)
    close_database()
    return path


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A database of a few megabytes and its JSON backup: too big for the tiny disk."""
    folder = tmp_path_factory.mktemp("big")
    path = folder / "big.sqlite3"
    open_workspace(path, create=True)
    seed.seed_database(3000, 20000, anchor=dt.date(2026, 11, 1))
    json_backup.write_backup(folder / "big.json")
    close_database()
    return path, folder / "big.json"


def test_a_read_only_location_is_named_and_nothing_is_written(tmp_path, big):
    place = tmp_path / "read-only"
    with read_only_folder(place) as freeze:
        mine = place / "mine.sqlite3"
        assert netdesk("seed", "--contacts", "30", "--db", mine).returncode == 0
        freeze()
        before = snapshot(place)

        one_line(netdesk("seed", "--contacts", "5", "--db", place / "new.sqlite3"), "read-only")
        one_line(netdesk("restore", big[0], "--db", mine), "cannot write to the database location")
        one_line(netdesk("restore", big[1], "--db", mine), "cannot write to the database location")
        one_line(netdesk("backup", place / "copy.sqlite3", "--db", big[0]), "copy.sqlite3: cannot")
        assert snapshot(place) == before

        # reading is still fine: look, back up from it, restore from it elsewhere
        done = netdesk("stats", "--db", mine)
        assert done.returncode == 0 and "contacts: 30" in done.stdout
        assert netdesk("backup", tmp_path / "out.sqlite3", "--db", mine).returncode == 0
        assert netdesk("restore", mine, "--db", tmp_path / "back.sqlite3").returncode == 0
        assert snapshot(place) == before
    assert table_rows(tmp_path / "back.sqlite3") == table_rows(tmp_path / "out.sqlite3")


def test_a_full_disk_is_named_and_everything_stays_as_it_was(tmp_path, big):
    with tiny_disk(tmp_path / "tiny", size="1m") as disk:
        mine = events_only_database(disk / "mine.sqlite3")
        before = table_rows(mine)

        one_line(
            netdesk("seed", "--contacts", "20000", "--interactions", "100000", "--db", mine),
            "the disk is full; nothing was changed",
        )
        one_line(netdesk("restore", big[1], "--db", mine), "the disk is full")
        one_line(netdesk("restore", big[0], "--db", mine), "the disk is full")
        one_line(netdesk("backup", disk / "copy.sqlite3", "--db", big[0]), "the disk is full")

        assert table_rows(mine) == before
        assert integrity(mine) == "ok"
        leftovers = [
            p.name for p in disk.rglob("*") if "restoring" in p.name or "partial" in p.name
        ]
        assert leftovers == []
        assert not (disk / "copy.sqlite3").exists()
        done = netdesk("stats", "--db", mine, "--json")
        assert done.returncode == 0 and '"events": 1' in done.stdout


def test_an_injected_write_error_is_named_and_rolled_back(tmp_path, big, capsys, monkeypatch):
    """The same fault without root: SQLite's page limit makes every write past it fail
    exactly as a full disk does (SQLITE_FULL)."""
    mine = events_only_database(tmp_path / "mine.sqlite3")
    before = table_rows(mine)
    conn = sqlite3.connect(mine)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    monkeypatch.setitem(storage_database.PRAGMAS, "max_page_count", pages + 40)

    for argv in (
        ["seed", "--contacts", "3000", "--interactions", "20000", "--db", str(mine)],
        ["restore", str(big[1]), "--db", str(mine)],
    ):
        capsys.readouterr()
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "the disk is full; nothing was changed" in err, err
        close_database()
    assert table_rows(mine) == before
    assert integrity(mine) == "ok"
    assert [p.name for p in tmp_path.iterdir() if "restoring" in p.name] == []

"""Restoring either kind of backup, and JSON backups written to hurt."""

import hashlib
import json
import shutil

import pytest

from netdesk.domain import demo, json_backup
from netdesk.domain.json_backup import BackupFormatError
from netdesk.domain.restore import JSON, SQLITE, backup_kind, restore_file
from netdesk.domain.workspace import open_workspace
from netdesk.storage import backups
from netdesk.storage.database import close_database
from netdesk.storage.models import Contact
from tests.helpers import integrity, table_rows


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo_source(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.sqlite3"
    open_workspace(path, create=True)
    demo.build_demo()
    Contact.update(photo=b"\x89PNG\x00\xff").where(Contact.id == 3).execute()
    out = folder / "demo.json"
    json_backup.write_backup(out)
    close_database()
    return path, out


@pytest.fixture
def demo_json(demo_source, tmp_path):
    """A demo database and its JSON backup, this test's own copies."""
    path, out = tmp_path / "demo.sqlite3", tmp_path / "demo.json"
    backups.copy_database(demo_source[0], path)
    shutil.copy2(demo_source[1], out)
    return path, out


@pytest.fixture
def mine(tmp_path):
    path = tmp_path / "mine.sqlite3"
    open_workspace(path, create=True)
    Contact.create(display_name="Carla")
    close_database()
    return path


def test_a_json_backup_restores_every_row(demo_json, tmp_path):
    original, out = demo_json
    assert (out.stat().st_mode & 0o777) == 0o600
    target = tmp_path / "restored.sqlite3"
    report = restore_file(out, target)
    close_database()
    assert report.kind == JSON and report.previous is None
    assert table_rows(target, with_schema_version=False) == table_rows(
        original, with_schema_version=False
    )
    assert integrity(target) == "ok"


def test_either_kind_restores_over_a_database_and_keeps_it(demo_json, mine, tmp_path):
    original, out = demo_json
    before = table_rows(mine)
    report = restore_file(out, mine)
    open_workspace(mine)  # the caller opens what was restored
    assert Contact.select().count() == table_rows(original)["contact"].__len__()
    close_database()
    assert table_rows(report.previous) == before
    report = restore_file(report.previous, mine)  # undo, from the SQLite backup
    close_database()
    assert report.kind == SQLITE
    assert table_rows(mine) == before


def test_a_restore_leaves_no_database_bound(demo_json, mine):
    _, out = demo_json
    open_workspace(mine)
    restore_file(out, mine)
    with pytest.raises(AttributeError, match="uninitialized"):
        Contact.select().count()


def test_the_kind_is_read_from_the_content(tmp_path, demo_json):
    original, out = demo_json
    assert backup_kind(original) == SQLITE
    assert backup_kind(out) == JSON
    odd = tmp_path / "backup.dat"
    odd.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    with pytest.raises(BackupFormatError, match="not a netdesk backup"):
        backup_kind(odd)
    with pytest.raises(BackupFormatError, match="no such file"):
        backup_kind(tmp_path / "missing.json")


def spoil(document, table, row, **values):
    document["tables"][table][row].update(values)
    return document


HOSTILE = {
    "nested too deeply": lambda d: '{"format": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "a list of rows": lambda d: {**d, "tables": {**d["tables"], "contact": {"id": 1}}},
    "column occurred_on: expected a date": lambda d: spoil(d, "interaction", 0, occurred_on=7),
    "column occurred_on: expected a date ": lambda d: spoil(
        d, "interaction", 0, occurred_on="2025-02-30"
    ),
    "column kind: not a kind of interaction": lambda d: spoil(d, "interaction", 0, kind="bribe"),
    "column id: expected a whole number": lambda d: spoil(d, "contact", 0, id=2**70),
    "column id: expected a whole number ": lambda d: spoil(d, "contact", 0, id=True),
    "column display_name: expected text": lambda d: spoil(d, "contact", 0, display_name=["x"]),
    "column photo: not valid base64": lambda d: spoil(d, "contact", 2, photo={"$base64": "@@"}),
    "column photo: expected": lambda d: spoil(d, "contact", 2, photo="raw bytes"),
    "column value: expected a number": lambda d: spoil(d, "referral", 0, value=float("nan")),
    "tables this netdesk does not know": lambda d: {
        **d,
        "tables": {**d["tables"], "sqlite_master": []},
    },
    "unexpected columns": lambda d: spoil(d, "contact", 0, is_admin=1),
    "newer netdesk": lambda d: {**d, "schema_version": 99},
    "column value: expected a number above zero": lambda d: {
        **d,
        "tables": {
            **d["tables"],
            "setting": [{"key": "score.attention_half_life_days", "value": "0"}],
        },
    },
    "column value: not a valid setting value": lambda d: {
        **d,
        "tables": {**d["tables"], "setting": [{"key": "backup.keep", "value": "{"}]},
    },
    "they do not fit the rest of the backup": lambda d: spoil(d, "offer", 0, contact_id=99999),
}


@pytest.mark.parametrize("problem", list(HOSTILE))
def test_a_hostile_json_backup_is_refused_before_anything_changes(
    demo_json, mine, tmp_path, problem
):
    _, out = demo_json
    document = HOSTILE[problem](json.loads(out.read_text()))
    bad = tmp_path / "bad.json"
    bad.write_text(document if isinstance(document, str) else json.dumps(document))
    before = digest(mine)
    with pytest.raises(BackupFormatError) as caught:
        restore_file(bad, mine)
    assert problem.strip() in str(caught.value)
    assert str(bad) in str(caught.value) or "rows" in str(caught.value)
    assert digest(mine) == before
    assert not backups.backups_dir(mine).exists()
    assert [p.name for p in tmp_path.iterdir() if "restoring" in p.name] == []


def test_a_restore_in_a_worker_never_binds_what_it_builds_for_other_threads(demo_json, mine):
    import threading

    from netdesk.storage.models import database

    _, out = demo_json
    building, looked = threading.Event(), threading.Event()
    seen = []

    def progress(done, total):
        if not building.is_set():
            building.set()
            looked.wait(30)

    worker = threading.Thread(target=restore_file, args=(out, mine), kwargs={"progress": progress})
    worker.start()
    assert building.wait(30)
    seen.append(database.obj)  # what this (the UI) thread would use meanwhile
    looked.set()
    worker.join(60)
    assert seen == [None]

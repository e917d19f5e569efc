"""Files that are not what they claim: one clear line, exit status 2, not a byte changed."""

import hashlib
import random
import sqlite3
import subprocess
import sys

import pytest

from netdesk.cli import main
from netdesk.domain.workspace import open_workspace
from netdesk.storage import backups
from netdesk.storage.database import close_database
from netdesk.storage.models import Contact
from tests.conftest import REPO_ROOT, run_netdesk_env


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def good_database(path, people=300):
    open_workspace(path, create=True)
    for n in range(people):
        Contact.create(display_name=f"Person {n}", given_name="Person", notes="x" * 300)
    close_database()
    return path


def truncated(path):
    good_database(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def zero_filled(path):
    path.write_bytes(bytes(65536))


def random_bytes(path):
    path.write_bytes(random.Random(8).randbytes(65536))


def wrong_format(path):
    path.write_text("First Name,Last Name,Email Address\nAna,Silva,ana@example.com\n")


def other_sqlite(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, data BLOB)")
    conn.execute("INSERT INTO photos (data) VALUES (x'00ff')")
    conn.commit()
    conn.close()


def newer_schema(path):
    good_database(path, people=3)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (99, '2030-01-01', 'from the future')")
    conn.commit()
    conn.close()


BAD_FILES = {
    "truncated": (truncated, "the database is damaged"),
    "zero-filled": (zero_filled, "not a netdesk"),
    "random bytes": (random_bytes, "not a netdesk"),
    "wrong format (CSV)": (wrong_format, "not a netdesk"),
    "another program's SQLite": (other_sqlite, "not a netdesk"),
    "newer schema": (newer_schema, "written by a newer netdesk (schema version 99"),
}

# how each command meets the bad file: {bad} is it, {good} a healthy database
USES = {
    "stats": ["stats", "--db", "{bad}"],
    "seed": ["seed", "--contacts", "5", "--db", "{bad}"],
    "backup": ["backup", "{out}", "--db", "{bad}"],
    "restore from it": ["restore", "{bad}", "--db", "{good}"],
    "restore over it": ["restore", "{good_copy}", "--db", "{bad}"],
}


@pytest.fixture(scope="module")
def healthy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("healthy")
    path = good_database(folder / "good.sqlite3", people=20)
    copy = folder / "good-copy.sqlite3"
    backups.copy_database(path, copy)
    return path, copy


def snapshot(folder):
    return {p.name: digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("use", list(USES))
@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_bad_file_gets_one_clear_line_and_stays_unchanged(tmp_path, capsys, healthy, kind, use):
    make, message = BAD_FILES[kind]
    folder = tmp_path / "work"
    folder.mkdir()
    bad = folder / "bad.sqlite3"
    make(bad)
    good = folder / "good.sqlite3"
    backups.copy_database(healthy[0], good)
    before = snapshot(folder)
    capsys.readouterr()
    argv = [
        part.format(bad=bad, good=good, good_copy=healthy[1], out=tmp_path / "out.sqlite3")
        for part in USES[use]
    ]

    status = main(argv)

    err = capsys.readouterr().err
    assert status == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"netdesk: error: {bad}: ")
    if use == "restore from it" and kind not in ("truncated", "newer schema"):
        assert "not a netdesk" in lines[0]
    else:
        assert message in lines[0]
    assert "Traceback" not in err
    assert snapshot(folder) == before  # the bad file and the good one, byte for byte
    assert not (tmp_path / "out.sqlite3").exists()


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_real_process_says_the_same_in_one_line(tmp_path, kind):
    make, message = BAD_FILES[kind]
    bad = tmp_path / "bad.sqlite3"
    make(bad)
    before = digest(bad)
    done = subprocess.run(
        [sys.executable, "-m", "netdesk", "stats", "--db", str(bad)],
        capture_output=True,
        text=True,
        env=run_netdesk_env(),
        cwd=REPO_ROOT,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and message in done.stderr
    assert done.stderr.startswith(f"netdesk: error: {bad}: ")
    assert digest(bad) == before

"""``netdesk backup`` and ``netdesk restore`` as a person runs them: real processes, real files."""

import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from netdesk.domain import demo, json_backup
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database
from netdesk.storage.models import Contact
from tests.conftest import REPO_ROOT, run_netdesk_env
from tests.helpers import integrity, table_rows


def netdesk(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "netdesk", *map(str, args)],
        capture_output=True,
        text=True,
        env=run_netdesk_env(),
        cwd=REPO_ROOT,
        timeout=timeout,
    )


@pytest.fixture
def demo_db(tmp_path):
    path = tmp_path / "demo.sqlite3"
    open_workspace(path, create=True)
    demo.build_demo()
    Contact.update(photo=b"\x89PNG\x00\xff\x00").where(Contact.id == 5).execute()
    json_backup.write_backup(tmp_path / "demo.json")
    close_database()
    return path


def test_backup_then_restore_gives_back_exactly_the_same_data(demo_db, tmp_path):
    copy = tmp_path / "usb" / "netdesk-copy.sqlite3"
    done = netdesk("backup", copy, "--db", demo_db)
    assert done.returncode == 0, done.stderr
    assert f"to {copy}" in done.stdout and "80 contacts" in done.stdout
    assert (copy.stat().st_mode & 0o777) == 0o600
    assert not copy.with_name(copy.name + "-wal").exists()

    target = tmp_path / "elsewhere" / "restored.sqlite3"
    done = netdesk("restore", copy, "--db", target)
    assert done.returncode == 0, done.stderr
    assert "restored 80 contacts" in done.stdout
    assert table_rows(target) == table_rows(demo_db)
    assert integrity(target) == "ok"


def test_a_json_backup_restores_the_same_data_too(demo_db, tmp_path):
    target = tmp_path / "from-json.sqlite3"
    done = netdesk("restore", tmp_path / "demo.json", "--db", target)
    assert done.returncode == 0, done.stderr
    original = table_rows(demo_db, with_schema_version=False)
    assert table_rows(target, with_schema_version=False) == original


def test_restoring_over_a_database_can_be_undone(demo_db, tmp_path):
    mine = tmp_path / "mine.sqlite3"
    assert (
        netdesk("seed", "--contacts", "40", "--interactions", "300", "--db", mine).returncode == 0
    )
    before = table_rows(mine)
    done = netdesk("restore", demo_db, "--db", mine)
    assert done.returncode == 0, done.stderr
    assert table_rows(mine) == table_rows(demo_db)
    kept = done.stdout.split("kept as ")[1].split(";")[0]
    assert f"netdesk restore '{kept}' --db '{mine}'" in done.stdout
    undo = netdesk("restore", kept, "--db", mine)
    assert undo.returncode == 0, undo.stderr
    assert table_rows(mine) == before


WRITER = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], timeout=10)
    conn.execute("PRAGMA journal_mode=wal")
    n = 0
    end = time.monotonic() + float(sys.argv[2])
    while time.monotonic() < end:
        with conn:  # a contact and its email in one transaction, as netdesk writes them
            cur = conn.execute(
                "INSERT INTO contact (given_name, family_name, display_name, sort_key,"
                " organisation, title, city, notes, how_we_met, networking_style, created_at,"
                " updated_at) VALUES ('W', '', 'W', 'w', '', '', '', ?, '', '', '2026-01-01',"
                " '2026-01-01')", ("x" * 2000,))
            conn.execute(
                "INSERT INTO contact_email (contact_id, address, normalized, label, position)"
                " VALUES (?, 'w@example.com', 'w@example.com', '', 0)", (cur.lastrowid,))
        n += 1
    print(n)
    """
)


def test_a_backup_taken_while_another_process_writes_is_consistent(demo_db, tmp_path):
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(demo_db), "2.5"],
        stdout=subprocess.PIPE,
        text=True,
        env=run_netdesk_env(),
    )
    try:
        time.sleep(0.5)
        copies = []
        for n in range(3):
            copy = tmp_path / f"during-{n}.sqlite3"
            done = netdesk("backup", copy, "--db", demo_db)
            assert done.returncode == 0, done.stderr
            copies.append(copy)
    finally:
        written = int(writer.communicate(timeout=60)[0])
    assert written > 0
    counts = []
    for copy in copies:
        assert integrity(copy) == "ok"
        conn = sqlite3.connect(copy)
        # every contact the writer added came with its email: no half of a transaction
        orphans = conn.execute(
            "SELECT count(*) FROM contact c WHERE c.display_name = 'W' AND NOT EXISTS"
            " (SELECT 1 FROM contact_email e WHERE e.contact_id = c.id)"
        ).fetchone()[0]
        counts.append(conn.execute("SELECT count(*) FROM contact").fetchone()[0])
        conn.close()
        assert orphans == 0
    # the writer really was writing: later copies saw later commits
    assert counts == sorted(counts) and counts[0] < counts[-1]


def test_backup_into_a_folder_names_the_file_and_never_overwrites_another(demo_db, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    done = netdesk("backup", folder, "--db", demo_db)
    assert done.returncode == 0, done.stderr
    made = list(folder.glob("demo-*.sqlite3"))
    assert len(made) == 1 and table_rows(made[0]) == table_rows(demo_db)

    precious = tmp_path / "thesis.docx"
    precious.write_bytes(b"PK\x03\x04 years of work")
    done = netdesk("backup", precious, "--db", demo_db)
    assert done.returncode == 2
    assert "exists and is not a netdesk backup; not replacing it" in done.stderr
    assert precious.read_bytes() == b"PK\x03\x04 years of work"

    itself = netdesk("backup", demo_db, "--db", demo_db)
    assert itself.returncode == 2 and "the database itself" in itself.stderr

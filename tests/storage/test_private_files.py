"""Every file netdesk writes: whole or not at all, owner-only whatever the umask, never
written through a link someone placed in advance, and nothing half-written left behind."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from netdesk import cli, logging_setup
from netdesk.domain import exporters
from netdesk.storage import backups, private_files
from tests.conftest import run_netdesk_env
from tests.helpers import make_contact


@pytest.fixture
def open_umask():
    """Run the test under ``umask 000``: whatever netdesk creates, it must restrict itself."""
    old = os.umask(0)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.mark.parametrize("fmt", ["csv", "vcard", "json"])
def test_a_link_at_the_old_temporary_name_is_not_followed(db, tmp_path, fmt):
    make_contact("Ana", "Lima", emails=["ana@example.com"])
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out = tmp_path / "out.file"
    (tmp_path / ".out.file.partial").symlink_to(victim)

    exporters.export(fmt, out)

    assert victim.read_text() == "precious\n"
    assert not out.is_symlink() and out.is_file()
    assert "Ana" in out.read_text(encoding="utf-8-sig")


def test_a_link_at_the_target_is_replaced_not_written_through(db, tmp_path):
    make_contact("Ana", "Lima")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out = tmp_path / "out.csv"
    out.symlink_to(victim)

    exporters.export("csv", out)

    assert victim.read_text() == "precious\n"
    assert not out.is_symlink()


@pytest.mark.parametrize("fmt", ["csv", "vcard", "json"])
def test_exports_are_owner_only_whatever_the_umask(db, tmp_path, fmt, open_umask):
    make_contact("Ana", "Lima")
    out = tmp_path / "exports" / f"contacts.{fmt}"
    out.parent.mkdir()
    exporters.export(fmt, out)
    assert mode(out) == 0o600


def test_a_replaced_export_becomes_owner_only(db, tmp_path):
    make_contact("Ana", "Lima")
    out = tmp_path / "contacts.csv"
    out.write_text("old")
    out.chmod(0o644)
    exporters.export("csv", out)
    assert mode(out) == 0o600


def test_folders_netdesk_creates_are_owner_only_whatever_the_umask(
    db, tmp_path, open_umask, monkeypatch
):
    home = tmp_path / "home"
    monkeypatch.setenv("NETDESK_DATA_DIR", str(home / "state" / "netdesk"))
    log = logging_setup.setup_logging()
    backups.rolling_backup(Path(db.database), reason="manual")
    private_files.write_text(home / "cache" / "netdesk" / "icons" / "x.png", "x")

    assert log is not None
    for folder in (
        home,
        home / "state",
        home / "state" / "netdesk",
        log.parent,
        home / "cache" / "netdesk" / "icons",
        backups.backups_dir(Path(db.database)),
    ):
        assert mode(folder) == 0o700, folder
    assert mode(home / "cache" / "netdesk" / "icons" / "x.png") == 0o600


def test_the_screenshot_is_owner_only(tmp_path, open_umask):
    picture = tmp_path / "shot.png"
    done = subprocess.run(
        [sys.executable, "-m", "netdesk", "--db", str(tmp_path / "x.sqlite3")]
        + ["--screenshot", str(picture)],
        env=run_netdesk_env(NETDESK_DATA_DIR=str(tmp_path / "data")),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert picture.read_bytes().startswith(b"\x89PNG")
    assert mode(picture) == 0o600


def test_a_failed_write_leaves_the_target_and_no_temporary_file(tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("before")
    with pytest.raises(RuntimeError), private_files.writing(target) as handle:
        handle.write("half of it")
        raise RuntimeError("the disk went away")
    assert target.read_text() == "before"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "notes.txt"]
    assert not list((tmp_path / "data" / private_files.PENDING_FOLDER).iterdir())


def test_a_rename_that_fails_leaves_no_temporary_file(db, tmp_path):
    make_contact("Ana", "Lima")
    out = tmp_path / "a-folder"
    (out / "inside").mkdir(parents=True)
    with pytest.raises(OSError):
        exporters.export("csv", out)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".a-folder")] == []
    assert not list((tmp_path / "data" / private_files.PENDING_FOLDER).iterdir())


KILLED_EXPORT = """
import os, sys
from netdesk.domain.workspace import open_workspace
from netdesk.domain import exporters
open_workspace(sys.argv[1])
def die(done, total, text):
    os._exit(9)  # as if killed in the middle of writing
exporters.export(sys.argv[2], __import__("pathlib").Path(sys.argv[3]), die)
"""


@pytest.mark.parametrize("fmt", ["csv", "vcard"])
def test_what_a_killed_export_left_is_removed_at_the_next_start(db, db_path, tmp_path, fmt):
    make_contact("Ana", "Lima", emails=["ana@example.com"])
    elsewhere = tmp_path / "documents"
    elsewhere.mkdir()
    out = elsewhere / f"contacts.{fmt}"
    child = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(KILLED_EXPORT), str(db_path), fmt, str(out)],
        env=run_netdesk_env(NETDESK_DATA_DIR=os.environ["NETDESK_DATA_DIR"]),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == 9, child.stderr
    left = list(elsewhere.iterdir())
    assert left and not out.exists()  # the half-written file holds contact data

    assert cli.main(["stats", "--db", str(db_path)]) == 0

    assert list(elsewhere.iterdir()) == []


def test_the_next_write_of_a_target_removes_what_a_stopped_writer_left(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True
    )
    dead = int(done.stdout)
    target = tmp_path / "out.csv"
    leftover = tmp_path / f".out.csv.partial-{dead}-0badf00d"
    leftover.write_text("half")
    running = tmp_path / f".out.csv.partial-{os.getpid()}-1badf00d"
    running.write_text("being written by this very process")

    private_files.write_text(target, "whole")

    assert not leftover.exists()
    assert running.exists()  # a write still in progress keeps its file
    assert target.read_text() == "whole"

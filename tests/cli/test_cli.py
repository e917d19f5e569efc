"""The command line as a person uses it: real processes, real files."""

import json
import sqlite3
import stat
import subprocess
import sys

import pytest

from netdesk import __version__, paths
from netdesk.cli import main
from tests.conftest import REPO_ROOT, run_netdesk_env


def netdesk(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "netdesk", *args],
        capture_output=True,
        text=True,
        env=run_netdesk_env(),
        cwd=REPO_ROOT,
        timeout=timeout,
    )


def test_version():
    done = netdesk("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"netdesk {__version__}"


def test_seed_then_stats(tmp_path):
    target = tmp_path / "x.sqlite3"
    done = netdesk("seed", "--contacts", "500", "--interactions", "4000", "--db", str(target))
    assert done.returncode == 0, done.stderr
    assert "seeded 500 contacts and 4000 interactions" in done.stdout
    stats = netdesk("stats", "--db", str(target), "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout) == {
        "contacts": 500,
        "interactions": 4000,
        "referrals": 0,
        "events": 0,
    }
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()


def test_db_from_the_environment(tmp_path, capsys, monkeypatch):
    target = tmp_path / "env.sqlite3"
    assert main(["seed", "--contacts", "3", "--db", str(target)]) == 0
    capsys.readouterr()
    monkeypatch.setenv("NETDESK_DB", str(target))
    assert main(["stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["contacts"] == 3


def test_seed_never_fills_a_database_it_was_not_named(tmp_path, capsys, monkeypatch):
    """Made-up people go only into a file named with --db: not NETDESK_DB, not the
    database netdesk opens by default, even when that one is still empty."""
    mine = tmp_path / "mine.sqlite3"
    monkeypatch.setenv("NETDESK_DB", str(mine))
    assert main(["seed", "--contacts", "5"]) == 2
    assert "--db PATH" in capsys.readouterr().err
    assert not mine.exists()
    monkeypatch.delenv("NETDESK_DB")
    assert main(["seed", "--contacts", "5"]) == 2
    capsys.readouterr()
    default = paths.default_db_path()
    assert not default.exists()
    assert main(["seed", "--contacts", "5", "--db", str(default)]) == 2
    assert "opens by default" in capsys.readouterr().err
    assert not default.exists()
    made_for_it = tmp_path / "bench.sqlite3"
    assert main(["seed", "--contacts", "5", "--db", str(made_for_it)]) == 0


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such database file"),
        (b"", "the file is empty"),
        (b"name,email\nAna,ana@example.com\n", "not a netdesk database"),
        (b"\x00" * 8192, "not a netdesk database"),
    ],
)
def test_reading_a_bad_file_is_one_clear_line(tmp_path, content, message):
    target = tmp_path / "bad.sqlite3"
    if content is not None:
        target.write_bytes(content)
    done = netdesk("stats", "--db", str(target))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"netdesk: error: {target}: {message}"
        if message == "no such database file"
        else done.stderr.strip()
    ]
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    if content is None:
        assert not target.exists()
    else:
        assert target.read_bytes() == content


def test_a_damaged_database_is_reported_and_left_alone(tmp_path):
    target = tmp_path / "d.sqlite3"
    assert netdesk("seed", "--contacts", "2000", "--db", str(target)).returncode == 0
    data = bytearray(target.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\xff" * 4096
    target.write_bytes(bytes(data))
    done = netdesk("stats", "--db", str(target))
    assert done.returncode == 2
    assert "damaged" in done.stderr or "not a netdesk database" in done.stderr
    assert "Traceback" not in done.stderr
    assert target.read_bytes() == bytes(data)


def test_seed_refuses_a_database_with_contacts(tmp_path):
    target = tmp_path / "x.sqlite3"
    assert netdesk("seed", "--contacts", "3", "--db", str(target)).returncode == 0
    done = netdesk("seed", "--contacts", "3", "--db", str(target))
    assert done.returncode == 2
    assert "already has contacts" in done.stderr
    assert "Traceback" not in done.stderr


def test_screenshot_of_the_demo(tmp_path):
    target = tmp_path / "d.sqlite3"
    picture = tmp_path / "d.png"
    done = netdesk("--demo", "--db", str(target), "--screenshot", str(picture))
    assert done.returncode == 0, done.stderr
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    image = QImage(str(picture))
    assert image.width() >= 1000 and image.height() >= 600
    stats = netdesk("stats", "--db", str(target), "--json")
    assert json.loads(stats.stdout)["contacts"] >= 75

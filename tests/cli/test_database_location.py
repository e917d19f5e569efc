"""Every command refuses a database path that is not a regular file (or a missing path),
before it changes anything: a device node, a link to one, a link to nothing.

The device nodes are made by the test in its own folder (``os.mknod``); where that is not
permitted the test is skipped.
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from netdesk import cli
from netdesk.domain import exporters, json_backup
from netdesk.storage.database import close_database
from tests.helpers import make_contact

NULL_DEVICE = os.makedev(1, 3)  # the numbers of /dev/null: harmless to write to


def device_node(folder: Path) -> Path:
    node = folder / "device"
    try:
        os.mknod(node, 0o644 | stat.S_IFCHR, NULL_DEVICE)
    except (PermissionError, AttributeError, OSError) as exc:
        pytest.skip(f"cannot make a device node here ({exc})")
    return node


@pytest.fixture
def backup_file(db, tmp_path) -> Path:
    make_contact("Ana", "Lima")
    out = tmp_path / "good.json"
    json_backup.write_backup(out)
    csv = tmp_path / "people.csv"
    exporters.export("csv", csv)
    close_database()
    return out


def commands(tmp_path: Path, backup: Path) -> dict[str, list[str]]:
    return {
        "restore": ["restore", str(backup)],
        "capture": ["capture", "--new-event", "Mixer"],
        "import": ["import", str(tmp_path / "people.csv")],
        "export": ["export", "--format", "csv", str(tmp_path / "out.csv")],
        "backup": ["backup", str(tmp_path / "copy.sqlite3")],
        "stats": ["stats"],
        "seed": ["seed", "--contacts", "3"],
    }


def snapshot(folder: Path) -> dict[str, tuple]:
    return {
        p.name: (stat.S_IFMT(p.lstat().st_mode), stat.S_IMODE(p.lstat().st_mode))
        for p in folder.iterdir()
    }


@pytest.mark.parametrize(
    "name", ["restore", "capture", "import", "export", "backup", "stats", "seed"]
)
@pytest.mark.parametrize("via", ["--db", "--db link", "NETDESK_DB"])
def test_a_device_is_refused_and_left_alone(tmp_path, backup_file, name, via, monkeypatch, capsys):
    folder = tmp_path / "place"
    folder.mkdir()
    node = device_node(folder)
    named = node
    if via == "--db link":
        named = folder / "netdesk.sqlite3"
        named.symlink_to(node)
    before = snapshot(folder)
    argv = commands(tmp_path, backup_file)[name]
    if via == "NETDESK_DB":
        monkeypatch.setenv("NETDESK_DB", str(named))
    else:
        argv = [*argv, "--db", str(named)]
    monkeypatch.setattr("sys.stdin", io.StringIO("Ben Okafor\n"))

    status = cli.main(argv)

    assert status == 2
    error = capsys.readouterr().err
    assert "not a database file (it is a character device)" in error
    assert snapshot(folder) == before  # not chmodded, not replaced, no backup, no -wal
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "copy.sqlite3").exists()


def test_a_link_to_nothing_is_refused_not_created_through(tmp_path, capsys):
    link = tmp_path / "netdesk.sqlite3"
    link.symlink_to(tmp_path / "elsewhere" / "file.sqlite3")
    (tmp_path / "elsewhere").mkdir()
    assert cli.main(["seed", "--contacts", "1", "--db", str(link)]) == 2
    assert "link to a file that does not exist" in capsys.readouterr().err
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_the_window_refuses_a_device_too(tmp_path, monkeypatch):
    from netdesk.storage.errors import NotARegularFile
    from netdesk.ui import app

    node = device_node(tmp_path)
    with pytest.raises(NotARegularFile):
        app.open_gui_database(node, with_demo=False, check_later=True)
    assert stat.S_ISCHR(node.lstat().st_mode) and stat.S_IMODE(node.lstat().st_mode) == 0o644


def test_an_export_or_backup_over_a_device_is_refused(tmp_path, backup_file, capsys):
    folder = tmp_path / "place"
    folder.mkdir()
    node = device_node(folder)
    db = tmp_path / "mine.sqlite3"
    assert cli.main(["restore", str(backup_file), "--db", str(db)]) == 0
    capsys.readouterr()
    assert cli.main(["export", "--format", "csv", str(node), "--db", str(db)]) == 2
    assert "netdesk will not write over it (it is a character device)" in capsys.readouterr().err
    assert cli.main(["backup", str(node), "--db", str(db)]) == 2
    assert stat.S_ISCHR(node.lstat().st_mode)
    assert sorted(p.name for p in folder.iterdir()) == ["device"]

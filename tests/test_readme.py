"""The README tells the truth: its pictures exist and its keys are the window's keys."""

import re

from netdesk.ui.shortcuts import SHORTCUTS, markdown_table
from tests.conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_every_picture_is_in_the_repository():
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)
    assert len(pictures) >= 5
    for picture in pictures:
        path = REPO_ROOT / picture
        assert path.is_file(), picture
        assert path.read_bytes()[:4] == b"\x89PNG"


def test_the_keyboard_table_is_the_one_netdesk_binds_and_shows_on_f1():
    section = README[README.index("## Keyboard") :]
    section = section[: section.index("\n## ")]
    table = section[section.index("| key | does |") :].strip() + "\n"
    assert table == markdown_table()
    for name, keys in SHORTCUTS.items():
        assert f"| {keys} |" in table, name


def test_the_two_set_up_commands_come_first():
    commands = [line.strip() for line in README.splitlines() if line.startswith("    ")][:2]
    assert commands[0].endswith("netdesk --demo")
    assert commands[1].endswith("python -m pytest")
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci


def test_the_readme_says_what_netdesk_refuses_as_the_code_does():
    from pathlib import Path

    from netdesk.storage import database, database_lock
    from netdesk.storage.errors import DatabaseInUse

    section = README[README.index("## Where your data lives") : README.index("## The desktop app")]
    refusals = section[section.index("### What netdesk refuses") :]
    for claim in ("not a regular file", "another netdesk has the database open", "own schema"):
        assert claim in refusals, claim
    assert "a link or someone else's" in refusals
    assert database_lock.lock_path(Path("/x/name")).name == ".name.lock"
    assert "`.<name>.lock`" in refusals
    assert str(DatabaseInUse("x", 7)).startswith("x: netdesk has this database open (pid 7)")
    assert "netdesk has this database open (pid N)" in refusals
    assert database.WRITER_WAIT_SECONDS == 60 and "up to a minute" in section

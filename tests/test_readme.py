"""The README tells the truth: its pictures exist and its keys are the window's keys."""

import re

from netdesk.ui.shortcuts import SHORTCUTS
from tests.conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_every_picture_is_in_the_repository():
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)
    assert len(pictures) >= 5
    for picture in pictures:
        path = REPO_ROOT / picture
        assert path.is_file(), picture
        assert path.read_bytes()[:4] == b"\x89PNG"


def test_every_shortcut_is_in_the_keyboard_table():
    table = README[README.index("## Keyboard") :]
    table = table[: table.index("\n## ")]
    for name, key in SHORTCUTS.items():
        assert re.search(rf"(?<![\w+]){re.escape(key)}(?![\w+])", table), f"{name}: {key}"


def test_the_two_set_up_commands_come_first():
    commands = [line.strip() for line in README.splitlines() if line.startswith("    ")][:2]
    assert commands[0].endswith("netdesk --demo")
    assert commands[1].endswith("python -m pytest")
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci

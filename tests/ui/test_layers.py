"""The widget layer goes through the domain: no ui module imports peewee, sqlite3 or a
storage module other than ``private_files`` (the one way netdesk writes a file of its
own: the icon cache, the window's state, a screenshot), and none reaches the models."""

from __future__ import annotations

import ast
from pathlib import Path

import netdesk

UI = Path(netdesk.__file__).parent / "ui"
ALLOWED_FROM_STORAGE = {"netdesk.storage.private_files"}
FORBIDDEN = ("peewee", "sqlite3", "netdesk.storage")


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at any depth (``from a import b`` counts as ``a.b``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def reaches_past_the_domain(module: str) -> bool:
    if module == "netdesk.storage" or any(within(module, a) for a in ALLOWED_FROM_STORAGE):
        return False  # "from netdesk.storage import x" is judged by its x
    return any(within(module, f) for f in FORBIDDEN)


def test_ui_modules_reach_storage_only_through_the_domain():
    offending = {
        f"{path.relative_to(UI.parent)}: {module}"
        for path in sorted(UI.rglob("*.py"))
        for module in imports_of(path)
        if reaches_past_the_domain(module)
    }
    assert offending == set()


def test_the_rule_sees_every_way_of_importing(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import sqlite3\n"
        "from netdesk.storage import backups, private_files\n"
        "def later():\n"
        "    from netdesk.storage.models import Contact\n"
    )
    assert {m for m in imports_of(sample) if reaches_past_the_domain(m)} == {
        "sqlite3",
        "netdesk.storage.backups",
        "netdesk.storage.models",
        "netdesk.storage.models.Contact",
    }

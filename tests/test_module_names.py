"""A module's name says what it does: storage and domain never share one, so no import
needs an alias to tell two apart."""

from pathlib import Path

import netdesk

ROOT = Path(netdesk.__file__).parent


def names(layer: str) -> set[str]:
    return {p.stem for p in (ROOT / layer).iterdir() if not p.name.startswith("__")} - {"py"}


def test_storage_and_domain_modules_have_names_of_their_own():
    assert names("storage") & names("domain") == set()
    assert {"backups", "restore"} & names("ui") == set()

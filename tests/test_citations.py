"""What the code cites by its dotted name (``netdesk.domain.score_cache.refresh_if_needed``
in a comment or a docstring) exists: a renamed or removed function leaves no pointer to
nothing behind."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import netdesk

ROOT = Path(netdesk.__file__).parent
# "netdesk.a.b" not part of a longer dotted name (io.github.netdesk.Netdesk) nor a file
CITATION = re.compile(r"(?<![.\w])netdesk(?:\.[A-Za-z_]\w*)+")
FILE_ENDINGS = {"sqlite3", "log", "png", "json", "csv", "vcf", "spec"}


def resolves(name: str) -> bool:
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(found, attribute):
                return False
            found = getattr(found, attribute)
        return True
    return False


def test_every_dotted_name_the_code_cites_exists():
    missing = []
    for path in sorted(ROOT.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for match in CITATION.finditer(text):
            name = match.group(0)
            if name.rsplit(".", 1)[-1] in FILE_ENDINGS or resolves(name):
                continue
            line = text.count("\n", 0, match.start()) + 1
            missing.append(f"{path.relative_to(ROOT.parent)}:{line}: {name}")
    assert missing == []

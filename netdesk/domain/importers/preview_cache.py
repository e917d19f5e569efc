"""The last preview, kept so that writing the import need not plan it again.

``plan_import`` remembers the plan it made, for the very files it was given,
with a token of the database's state taken before it began (``ChangeWatch``).
``apply_import``, inside its write transaction, takes that plan back only when
it is for the same file objects and the same phone region, none of them read
as a stream, and nothing at all was committed to the database since the
token: then planning again would give the same plan. Anything else (another
import, an edit, a sync, a restore, a settings change) and the import is
planned again inside the transaction, as it always was. A plan is taken back
once: a write that fails plans afresh the next time.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from netdesk.storage.change_watch import ChangeToken
from netdesk.storage.models import database

if TYPE_CHECKING:
    from netdesk.domain.importers.plan import ImportPlan
    from netdesk.domain.importers.records import ParsedFile


@dataclass
class _Preview:
    files: list[ParsedFile]
    region: str | None
    plan: ImportPlan
    token: ChangeToken | None


_lock = threading.Lock()
_last: _Preview | None = None


def database_token() -> ChangeToken | None:
    """The bound database's state now (None when it cannot be told)."""
    watch = getattr(database.obj, "changes", None)
    return watch.token() if watch is not None else None


def remember(
    files: list[ParsedFile], region: str | None, plan: ImportPlan, token: ChangeToken | None
) -> None:
    """Keep ``plan``, made from ``files`` on the database as it was at ``token``."""
    global _last
    reusable = token is not None and all(f.stream is None for f in files)
    with _lock:
        _last = _Preview(list(files), region, plan, token) if reusable else None


def forget() -> None:
    global _last
    with _lock:
        _last = None


def take(files: list[ParsedFile], region: str | None) -> ImportPlan | None:
    """The remembered plan for these files, if planning again now would make the same
    one (call it inside the write transaction); it is forgotten either way."""
    global _last
    with _lock:
        preview, _last = _last, None
    if preview is None or preview.region != region or len(preview.files) != len(files):
        return None
    if any(kept is not given for kept, given in zip(preview.files, files, strict=True)):
        return None
    if any(f.stream is not None for f in files):
        return None
    watch = getattr(database.obj, "changes", None)
    if watch is None or not watch.unchanged_since(preview.token):
        return None
    return preview.plan

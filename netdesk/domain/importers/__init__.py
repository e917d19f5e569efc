"""Importing contacts from where they already live: vCard, LinkedIn, Google, Outlook, CSV.

Three steps, each usable alone:

1. ``read_import_file(path)`` reads a file into records (one per card or row,
   with its line) and problems (a card or row it could not use, and why);
2. ``plan_import(files)`` is the preview: what would be created, updated,
   merged and skipped, with reasons and line numbers; it writes nothing;
3. ``apply_import(files)`` takes a rolling backup, then writes the plan in one
   transaction: all of it, or (on Cancel or any error) none of it.

A preview shown before importing can have that backup copied meanwhile
(``start_backup_ahead``; ``discard_backup_ahead`` when it is closed unused).
"""

from netdesk.domain.importers.apply import apply_import
from netdesk.domain.importers.backup_ahead import discard as discard_backup_ahead
from netdesk.domain.importers.backup_ahead import start as start_backup_ahead
from netdesk.domain.importers.plan import (
    ACTIONS,
    CREATE,
    MERGE,
    SKIP,
    UPDATE,
    ImportPlan,
    PlanEntry,
    plan_import,
)
from netdesk.domain.importers.reading import read_import_file
from netdesk.domain.importers.records import (
    FORMAT_NAMES,
    ImportFileError,
    ImportRecord,
    ParsedFile,
    RowProblem,
)

__all__ = [
    "ACTIONS",
    "CREATE",
    "FORMAT_NAMES",
    "MERGE",
    "SKIP",
    "UPDATE",
    "ImportFileError",
    "ImportPlan",
    "ImportRecord",
    "ParsedFile",
    "PlanEntry",
    "RowProblem",
    "apply_import",
    "discard_backup_ahead",
    "plan_import",
    "read_import_file",
    "start_backup_ahead",
]

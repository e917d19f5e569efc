"""``netdesk import FILE...``: contacts from vCard, LinkedIn, Google or Outlook files.

Every file is read before anything is written; an unreadable file stops the
command with one line naming it. Then one transaction writes all of it (after
a rolling backup), or with ``--dry-run`` nothing at all. The summary names
every row skipped, updated or merged, with its file, line and reason.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from netdesk.cli.common import db_path, open_for_reading, open_for_writing, print_json
from netdesk.cli.errors import UserError
from netdesk.domain import importers
from netdesk.domain.importers import CREATE, ImportPlan
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database

_PAST = {"create": "created", "update": "updated", "merge": "merged", "skip": "skipped"}
_FUTURE = {"create": "to create", "update": "to update", "merge": "to merge", "skip": "skipped"}


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "import",
        parents=[common],
        help="import contacts from vCard, LinkedIn, Google Contacts or Outlook files",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="files to import")
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would happen; write nothing"
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(func=run)


def _read_all(paths: list[str]) -> list[importers.ParsedFile]:
    parsed = []
    for name in paths:
        try:
            parsed.append(importers.read_import_file(Path(name)))
        except importers.ImportFileError as exc:
            raise UserError(str(exc)) from exc
    return parsed


def run(args: argparse.Namespace) -> int:
    path = db_path(args)
    if args.dry_run:
        if path.exists():
            open_for_reading(args)
            plan = importers.plan_import(_read_all(args.files))
        else:
            # nothing to compare with: plan against an empty database, then throw it away
            with tempfile.TemporaryDirectory(prefix="netdesk-dry-run-") as scratch:
                open_workspace(Path(scratch) / "empty.sqlite3", create=True)
                try:
                    plan = importers.plan_import(_read_all(args.files))
                finally:
                    close_database()
    else:
        open_for_writing(args)
        plan = importers.apply_import(_read_all(args.files), db_path=path)
    if args.json:
        print_json(_as_json(plan, args.dry_run))
    else:
        _print_text(plan, args.dry_run)
    return 0


def _as_json(plan: ImportPlan, dry_run: bool) -> dict:
    return {
        "dry_run": dry_run,
        "files": [
            {
                "file": f.name,
                "format": f.format,
                "encoding": f.encoding,
                "records": f.records,
                "problems": f.problems,
            }
            for f in plan.files
        ],
        "counts": plan.counts(),
        "entries": [
            {
                "action": e.action,
                "file": e.file,
                "line": e.line,
                "name": e.name,
                "reason": e.reason,
                "contact_id": e.contact_id,
                "warnings": e.warnings,
            }
            for e in plan.entries
        ],
    }


def _print_text(plan: ImportPlan, dry_run: bool) -> None:
    words = _FUTURE if dry_run else _PAST
    for f in plan.files:
        print(f"{f.name}: {f.format_name}, {f.encoding}, {f.records} contacts read")
    counts = plan.counts()
    print(", ".join(f"{counts[action]} {words[action]}" for action in words))
    for entry in plan.entries:
        if entry.action != CREATE:
            name = f" “{entry.name}”" if entry.name else ""
            print(f"  {words[entry.action]:9} {entry.where}{name}: {entry.reason}")
    for entry in plan.entries:
        for warning in entry.warnings:
            print(f"  warning   {entry.file} {warning}")
    if dry_run:
        print("dry run: nothing was written")

"""``netdesk import FILE...``: contacts from vCard and CSV files (Outlook, Google, LinkedIn…),
and meetings from calendar files (.ics, see ``netdesk.cli.calendar_import``).

Each file is its own unit: it is read, then written in its own transaction
(after one rolling backup for the whole command), all of it or none of it. A
file that cannot be read, or holds no person, is named on stderr with the
reason and the others are imported all the same; the exit status is then 2.
With ``--dry-run`` nothing is written. The summary gives each file's counts and
names every row skipped, updated or merged, with its file, line and reason.
On a terminal, a progress line shows how far a long import has come.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netdesk.cli.common import db_path, open_for_reading, open_for_writing, print_json
from netdesk.cli.terminal import ProgressLine
from netdesk.domain import importers
from netdesk.domain.importers import CREATE, ImportPlan
from netdesk.domain.importers.apply import back_up_before_import
from netdesk.domain.importers.columns import HOW_WORDS, IGNORE, PREFIX, ColumnMap
from netdesk.domain.workspace import open_workspace
from netdesk.storage.database import close_database

_PAST = {"create": "created", "update": "updated", "merge": "merged", "skip": "skipped"}
_FUTURE = {"create": "to create", "update": "to update", "merge": "to merge", "skip": "skipped"}
EXIT_SOME_REFUSED = 2


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "import",
        parents=[common],
        help="import contacts from vCard or CSV files (Outlook, Google, LinkedIn, Thunderbird…), "
        "or meetings from calendar files (.ics)",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="files to import")
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would happen; write nothing"
    )
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.set_defaults(func=run)


@dataclass
class FileResult:
    name: str
    parsed: importers.ParsedFile | None = None
    plan: ImportPlan | None = None
    refused: str = ""


@dataclass
class Outcome:
    files: list[FileResult] = field(default_factory=list)
    plans: list[ImportPlan] = field(default_factory=list)


def _read(name: str, progress: ProgressLine) -> FileResult:
    try:
        parsed = importers.read_import_file(Path(name), progress=progress, stream=True)
    except importers.ImportFileError as exc:
        return FileResult(Path(name).name, refused=str(exc))
    return FileResult(parsed.name, parsed)


def run(args: argparse.Namespace) -> int:
    from netdesk.cli import calendar_import

    path = db_path(args)
    calendars = [name for name in args.files if calendar_import.is_calendar(name)]
    contact_files = [name for name in args.files if name not in calendars]
    calendar_json, calendar_refused = None, False
    if calendars:
        if args.dry_run:
            open_for_reading(args)
        else:
            open_for_writing(args)
            back_up_before_import(path)
        calendar_json, calendar_refused = calendar_import.run_calendars(args, calendars, path)
        if not contact_files:
            if args.json:
                print_json(calendar_json)
            return EXIT_SOME_REFUSED if calendar_refused else 0
        close_database()
    status = _run_contacts(args, path, contact_files)
    if calendar_json is not None:
        print_json(calendar_json)
    return EXIT_SOME_REFUSED if calendar_refused else status


def _run_contacts(args: argparse.Namespace, path: Path, names: list[str]) -> int:
    progress = ProgressLine(sys.stderr)
    try:
        results = [_read(name, progress) for name in names]
        readable = [r.parsed for r in results if r.parsed is not None]
        if args.dry_run:
            plan = _dry_run(args, path, readable, progress) if readable else None
            plans = [plan] if plan is not None else []
        else:
            open_for_writing(args)
            if readable:
                back_up_before_import(path, progress)
            plans = []
            for result in results:
                if result.parsed is not None:
                    result.plan = importers.apply_import(
                        [result.parsed], db_path=path, progress=progress, backup=False
                    )
                    plans.append(result.plan)
    finally:
        progress.clear()
    for result in results:
        if result.refused:
            print(f"netdesk: error: {result.refused}", file=sys.stderr)
    if args.json:
        print_json(_as_json(results, plans, args.dry_run))
    else:
        _print_text(results, plans, args.dry_run)
    return EXIT_SOME_REFUSED if any(r.refused for r in results) else 0


def _dry_run(
    args: argparse.Namespace,
    path: Path,
    files: list[importers.ParsedFile],
    progress: ProgressLine,
) -> ImportPlan:
    for parsed in files:
        parsed.materialise()
    if path.exists():
        open_for_reading(args)
        return importers.plan_import(files, progress=progress)
    # nothing to compare with: plan against an empty database, then throw it away
    with tempfile.TemporaryDirectory(prefix="netdesk-dry-run-") as scratch:
        open_workspace(Path(scratch) / "empty.sqlite3", create=True)
        try:
            return importers.plan_import(files, progress=progress)
        finally:
            close_database()


def _counts(plans: list[ImportPlan]) -> dict[str, int]:
    totals = dict.fromkeys(_PAST, 0)
    for plan in plans:
        for action, count in plan.counts().items():
            totals[action] += count
    return totals


def _as_json(results: list[FileResult], plans: list[ImportPlan], dry_run: bool) -> dict[str, Any]:
    summaries = {f.name: f for plan in plans for f in plan.files}
    files: list[dict[str, Any]] = []
    for result in results:
        if result.refused:
            files.append({"file": result.name, "refused": result.refused})
            continue
        summary = summaries[result.name]
        entry: dict[str, Any] = {
            "file": summary.name,
            "format": summary.format,
            "encoding": summary.encoding,
            "records": summary.records,
            "problems": summary.problems,
        }
        if result.plan is not None:
            entry["counts"] = result.plan.counts()
        files.append(entry)
    return {
        "dry_run": dry_run,
        "files": files,
        "counts": _counts(plans),
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
            for plan in plans
            for e in plan.entries
        ],
    }


def _print_columns(columns: ColumnMap) -> None:
    """What each column of a CSV becomes, as the preview shows it (columns not imported
    are left out)."""
    for name, role in zip(columns.names, columns.roles, strict=True):
        if role.field not in (IGNORE, PREFIX):
            print(f"  column  “{name}” → {role.words} ({HOW_WORDS[role.how]})")


def _print_text(results: list[FileResult], plans: list[ImportPlan], dry_run: bool) -> None:
    words = _FUTURE if dry_run else _PAST
    summaries = {f.name: f for plan in plans for f in plan.files}
    for result in results:
        if result.refused:
            print(f"{result.name}: not imported (see the error above)")
            continue
        f = summaries[result.name]
        line = f"{f.name}: {f.format_name}, {f.encoding}, {f.records} contacts read"
        if result.plan is not None:
            counts = result.plan.counts()
            line += ": " + ", ".join(f"{counts[a]} {words[a]}" for a in words)
        print(line)
        if dry_run and result.parsed is not None and result.parsed.columns is not None:
            _print_columns(result.parsed.columns)
    counts = _counts(plans)
    print(", ".join(f"{counts[action]} {words[action]}" for action in words))
    for plan in plans:
        for entry in plan.entries:
            if entry.action != CREATE:
                name = f" “{entry.name}”" if entry.name else ""
                print(f"  {words[entry.action]:9} {entry.where}{name}: {entry.reason}")
        for entry in plan.entries:
            for warning in entry.warnings:
                print(f"  warning   {entry.file} {warning}")
        left = sum(plan.left_out.values())
        if left:
            print(f"  … and {left:,} more rows counted above, not listed one by one")
    if dry_run:
        print("dry run: nothing was written")

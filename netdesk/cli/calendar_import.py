"""``netdesk import calendar.ics``: the meetings of calendar files as interactions.

``netdesk import`` hands every file that is a calendar (it starts with
``BEGIN:VCALENDAR``) here; each is read, then written in its own transaction
(after the command's one rolling backup). The summary names every meeting
skipped, with its file, line and reason; ``--dry-run`` writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from netdesk.domain import calendar_import
from netdesk.domain.calendar_import import CalendarPlan, ParsedCalendar
from netdesk.domain.importers import CREATE, SKIP, ImportFileError


def is_calendar(name: str) -> bool:
    """Whether the file is a calendar (by its first bytes; a file that cannot be read is
    left to the contact importer, which says why)."""
    try:
        with open(name, "rb") as handle:
            return calendar_import.looks_like_calendar(handle.read(2048))
    except OSError:
        return Path(name).suffix.lower() == ".ics"


def read_calendars(names: list[str]) -> tuple[list[ParsedCalendar], list[str]]:
    parsed: list[ParsedCalendar] = []
    refused: list[str] = []
    for name in names:
        try:
            parsed.append(calendar_import.read_calendar_file(Path(name)))
        except ImportFileError as exc:
            refused.append(str(exc))
    return parsed, refused


def import_calendars(
    files: list[ParsedCalendar], *, dry_run: bool, db_path: Path
) -> list[CalendarPlan]:
    """Each file in its own transaction (the caller took the backup), or only planned."""
    if dry_run:
        return [calendar_import.plan_calendar(files)] if files else []
    return [
        calendar_import.apply_calendar_import([parsed], db_path=db_path, backup=False)
        for parsed in files
    ]


def as_json(plans: list[CalendarPlan], refused: list[str]) -> dict[str, Any]:
    return {
        "calendars": [
            {
                "file": f.name,
                "producer": f.producer,
                "meetings": len(f.meetings),
            }
            for plan in plans
            for f in plan.files
        ],
        "refused": refused,
        "interactions": sum(len(plan.interactions) for plan in plans),
        "entries": [
            {"action": e.action, "file": e.file, "line": e.line, "name": e.name, "reason": e.reason}
            for plan in plans
            for e in plan.entries
        ],
    }


def print_text(plans: list[CalendarPlan], dry_run: bool) -> None:
    logged = "to log" if dry_run else "logged"
    for plan in plans:
        counts = plan.counts()
        for f in plan.files:
            program = f.producer or "unknown program"
            print(f"{f.name}: calendar ({program}), {_count(len(f.meetings), 'meeting')} read")
        print(
            f"{_count(counts[CREATE], 'meeting')} {logged} "
            f"({_count(len(plan.interactions), 'interaction')}), {counts[SKIP]} skipped"
        )
        for entry in plan.entries:
            if entry.action == SKIP:
                name = f" “{entry.name}”" if entry.name else ""
                print(f"  skipped   {entry.where}{name}: {entry.reason}")


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def report_refused(refused: list[str]) -> None:
    for problem in refused:
        print(f"netdesk: error: {problem}", file=sys.stderr)


def run_calendars(args: argparse.Namespace, names: list[str], path: Path) -> tuple[Any, bool]:
    """Import the calendar files; returns (JSON part or None, whether any was refused)."""
    parsed, refused = read_calendars(names)
    plans = import_calendars(parsed, dry_run=args.dry_run, db_path=path)
    report_refused(refused)
    if args.json:
        return as_json(plans, refused), bool(refused)
    print_text(plans, args.dry_run)
    return None, bool(refused)

"""``netdesk export --format vcard|csv|json OUT``: contacts out to other programs, or a backup."""

from __future__ import annotations

import argparse
from pathlib import Path

from netdesk.cli.common import open_for_reading
from netdesk.cli.errors import UserError
from netdesk.domain import exporters


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "export",
        parents=[common],
        help="export contacts as vCard 4.0 or CSV, or everything as a JSON backup",
    )
    parser.add_argument("out", metavar="OUT", help="the file to write")
    parser.add_argument(
        "--format",
        choices=sorted(exporters.FORMATS),
        help="vcard, csv or json (default: from OUT's extension)",
    )
    parser.set_defaults(func=run)


def _format(args: argparse.Namespace, out: Path) -> str:
    if args.format:
        return args.format
    for fmt, suffix in exporters.SUFFIXES.items():
        if out.suffix.lower() == suffix:
            return fmt
    raise UserError(f"{out}: say which format with --format vcard, csv or json")


def run(args: argparse.Namespace) -> int:
    out = Path(args.out).expanduser()
    fmt = _format(args, out)
    if out.is_dir():
        raise UserError(f"{out}: is a folder; give the file to write")
    if not out.parent.is_dir():
        raise UserError(f"{out}: the folder {out.parent} does not exist")
    open_for_reading(args)
    try:
        count = exporters.export(fmt, out)
    except OSError as exc:
        raise UserError(f"{out}: cannot write ({exc.strerror or exc})") from exc
    what = "a full backup of" if fmt == "json" else ""
    print(f"exported {what}{' ' if what else ''}{count} contacts to {out}")
    return 0

"""``netdesk backup OUT``: a consistent copy of the database, safe while netdesk is open."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sqlite3
from pathlib import Path

from netdesk.cli.common import db_path
from netdesk.cli.errors import UserError
from netdesk.storage import backups
from netdesk.storage.database import SQLITE_HEADER, inspect
from netdesk.storage.errors import (
    DatabaseDamaged,
    DatabaseMissing,
    NotADatabase,
    StorageError,
    storage_error_for,
)

log = logging.getLogger(__name__)


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "backup",
        parents=[common],
        help="copy the database to OUT (a SQLite file; works while netdesk is open)",
    )
    parser.add_argument(
        "out", metavar="OUT", help="the backup file to write (or a folder to write it in)"
    )
    parser.set_defaults(func=run)


def _is_netdesk_file(path: Path) -> bool:
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            return False
    return backups.describe_backup(path).version is not None


def target_for(source: Path, out: Path) -> Path:
    """Where the copy goes; refuses to replace anything but an older netdesk backup."""
    if out.is_dir():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        out = out / f"{source.stem}-{stamp}.sqlite3"
    if out.exists():
        if os.path.samefile(out, source):
            raise UserError(f"{out}: this is the database itself; choose another file")
        if not out.is_file() or not _is_netdesk_file(out):
            raise UserError(f"{out}: exists and is not a netdesk backup; not replacing it")
    return out


def run(args: argparse.Namespace) -> int:
    source = db_path(args)
    found = inspect(source)
    if not found.exists:
        raise DatabaseMissing(source)
    if found.empty:
        raise NotADatabase(source, "the file is empty")
    out = target_for(source, Path(args.out).expanduser())
    try:
        backups.copy_database(source, out)
    except (OSError, sqlite3.Error) as exc:
        raise (storage_error_for(exc, out) or StorageError(out, str(exc))) from exc
    conn = sqlite3.connect(out)
    try:
        check = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
    finally:
        conn.close()
    if check != ["ok"]:
        raise DatabaseDamaged(out, "; ".join(check))
    summary = backups.describe_backup(out)
    size = out.stat().st_size
    log.info("backed up %d contacts (%d bytes) to %s", summary.contacts, size, out.name)
    print(f"backed up {summary.contacts} contacts ({size / 1e6:.1f} MB) from {source} to {out}")
    return 0

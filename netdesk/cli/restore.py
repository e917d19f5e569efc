"""``netdesk restore FILE``: replace the database with a backup, all or nothing."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from netdesk.cli.common import db_path, open_for_writing
from netdesk.cli.errors import UserError
from netdesk.domain import stats
from netdesk.domain.json_backup import BackupFormatError
from netdesk.domain.restore import restore_file
from netdesk.storage.errors import DatabaseDamaged, DatabaseTooNew, NotADatabase

log = logging.getLogger(__name__)


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "restore",
        parents=[common],
        help="replace the database with a backup (a SQLite backup or a JSON backup)",
        description=(
            "Replace the database with the backup FILE (a copy made by 'netdesk backup', "
            "a rolling backup, or a JSON backup). The database is created if it does not "
            "exist; an existing one is backed up first, so the restore can be undone."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the backup to restore")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    source = Path(args.file).expanduser()
    target = db_path(args)
    try:
        report = restore_file(source, target)
    except BackupFormatError as exc:
        raise UserError(str(exc)) from exc
    except (DatabaseDamaged, NotADatabase, DatabaseTooNew) as exc:
        if exc.path != target:
            raise
        raise UserError(
            f"{exc}; netdesk will not replace it: restore into a new file with --db NEW"
        ) from exc
    open_for_writing(args)  # the score cache of what was restored is brought up to date
    counts = stats.counts()
    log.info("restore from a %s backup: %s", report.kind, counts)
    print(
        f"restored {counts['contacts']} contacts, {counts['interactions']} interactions, "
        f"{counts['referrals']} referrals and {counts['events']} events from {source} "
        f"into {target}"
    )
    if report.previous is not None:
        print(
            f"the database it replaced was kept as {report.previous}; to undo: "
            f"netdesk restore '{report.previous}' --db '{target}'"
        )
    return 0

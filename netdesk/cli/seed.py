"""``netdesk seed``: a synthetic database of any size, for benchmarks.

Seed writes made-up people, so it only fills a database made for it: one named
with ``--db`` (never ``NETDESK_DB`` or the default), that is not the database
netdesk opens by default, and that holds no contacts yet (a new file is best).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from netdesk import paths
from netdesk.cli.common import db_path, open_for_writing, print_json
from netdesk.cli.errors import UserError
from netdesk.domain import seed


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be zero or more")
    return value


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "seed", parents=[common], help="fill an empty database with synthetic contacts"
    )
    parser.add_argument("--contacts", type=_count, required=True, metavar="N")
    parser.add_argument("--interactions", type=_count, default=0, metavar="M")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--anchor",
        type=dt.date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="the history ends on this day (default today)",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    parser.set_defaults(func=run)


def refuse_a_real_database(args: argparse.Namespace) -> None:
    """Synthetic people go only into a file named for them (see the module's docstring)."""
    if not getattr(args, "db", None):
        raise UserError(
            "seed writes made-up contacts: name the database to fill with --db PATH "
            "(a new file); it never fills NETDESK_DB or your own database"
        )
    target = db_path(args)
    if paths.opens_by_default(target) or target.resolve() == paths.default_db_path().resolve():
        raise UserError(
            f"{target} is the database netdesk opens by default; seed never writes made-up "
            "contacts there (name a new file with --db)"
        )


def run(args: argparse.Namespace) -> int:
    if args.interactions and not args.contacts:
        raise UserError("--interactions needs at least one contact")
    refuse_a_real_database(args)
    open_for_writing(args)
    started = time.perf_counter()
    try:
        rows = seed.seed_database(
            args.contacts, args.interactions, seed=args.seed, anchor=args.anchor
        )
    except ValueError as exc:
        raise UserError(f"{db_path(args)}: {exc}") from exc
    summary = {
        "db": str(db_path(args)),
        "contacts": rows.count("contact"),
        "interactions": rows.count("interaction"),
        "seconds": round(time.perf_counter() - started, 2),
    }
    if args.json:
        print_json(summary)
    else:
        print(
            f"seeded {summary['contacts']} contacts and {summary['interactions']} "
            f"interactions into {summary['db']} in {summary['seconds']} s"
        )
    return 0

"""The ``netdesk`` command: the GUI by default, subcommands for the core jobs.

Each subcommand lives in its own module here with a ``register(subparsers,
common)`` function; ``COMMANDS`` lists them. Problems a person can fix (a
missing or damaged file, bad input) end with one line on stderr and exit
status 2; they are never shown as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from netdesk import __version__
from netdesk.cli.errors import UserError
from netdesk.domain.validation import ValidationError
from netdesk.storage.errors import StorageError

# module names under netdesk.cli, each registering one subcommand
COMMANDS = ("seed", "stats", "match", "followups", "ledger")

EXIT_USER_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="database file (default: $NETDESK_DB, else netdesk.sqlite3 in the data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="netdesk",
        description="A desktop relationship manager for people who live on referrals.",
    )
    parser.add_argument("--version", action="version", version=f"netdesk {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=None,
        help="database file (default: $NETDESK_DB, else the data folder)",
    )
    parser.add_argument(
        "--demo", action="store_true", help="open the demo network (created the first time)"
    )
    parser.add_argument(
        "--screenshot", metavar="PNG", help="render the main window to PNG and exit"
    )
    parser.add_argument(
        "--view", default="contacts", help="which view the window opens on (contacts)"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"netdesk.cli.{name}").register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from netdesk.ui.app import run_gui

            return run_gui(args)
        return int(args.func(args) or 0)
    except (StorageError, ValidationError, UserError) as exc:
        print(f"netdesk: error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("netdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0

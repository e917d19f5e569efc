"""The ``netdesk`` command: the GUI by default, subcommands for the core jobs.

Each subcommand lives in its own module here with a ``register(subparsers,
common)`` function; ``COMMANDS`` lists them. Problems a person can fix (a
missing or damaged file, bad input) end with one line on stderr and exit
status 2; they are never shown as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sqlite3
import sys
import time
from collections.abc import Sequence

from peewee import PeeweeException

from netdesk import __version__
from netdesk.cli.common import db_path
from netdesk.cli.errors import UserError
from netdesk.cli.qt_options import split_qt_options
from netdesk.cli.terminal import escaped_output
from netdesk.domain.user_errors import USER_ERRORS, user_problem
from netdesk.domain.validation import printable
from netdesk.logging_setup import describe_failure, escape_controls, setup_logging
from netdesk.start import resume_collector
from netdesk.storage import private_files
from netdesk.storage.database import check_location, close_database, on_writer_wait
from netdesk.storage.errors import StorageError

# module names under netdesk.cli, each registering one subcommand
COMMANDS = (
    "capture",
    "seed",
    "stats",
    "import_",
    "export",
    "dedupe",
    "backup",
    "restore",
    "match",
    "followups",
    "ledger",
    "sync",
)

log = logging.getLogger(__name__)

EXIT_USER_ERROR = 2


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
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
        "--view",
        default="contacts",
        help="which view the window opens on: contacts, match, for-contact, ledger, "
        "attention, events, followups",
    )
    parser.add_argument(
        "--need",
        metavar="TEXT",
        help="open the referral match panel with this need typed in",
    )
    if not with_commands:
        parser.set_defaults(command=None)
        return parser
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"netdesk.cli.{name}").register(subparsers, common)
    return parser


def _names_a_command(argv: Sequence[str]) -> bool:
    """Whether the arguments could be a subcommand's (or ask for help listing them)."""
    return any(arg in COMMANDS or arg in ("-h", "--help") for arg in argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = None
    qt_options: list[str] = []
    if not _names_a_command(argv):
        # Qt's own options (-platform xcb, -style Fusion, -reverse…) are for the window
        argv, qt_options = split_qt_options(argv)
        # opening the window needs none of the subcommands: skip importing them
        args, extra = build_parser(with_commands=False).parse_known_args(argv)
        if extra:
            args = None  # let the full parser say what is wrong
    if args is None:
        args = build_parser().parse_args(argv)
    args.qt_options = qt_options
    setup_logging()
    # what a netdesk killed while writing a file left behind, wherever that was
    private_files.remove_leftovers()
    on_writer_wait(_say_waiting)
    command = args.command or "gui"
    log.info("netdesk %s: %s started", __version__, command)
    started = time.perf_counter()
    try:
        if args.command is None:
            from netdesk.ui.app import run_gui

            status = run_gui(args)
        else:
            # a device, a pipe or a dangling link is refused before anything touches it
            check_location(db_path(args))
            resume_collector()  # (see netdesk.start) a job's garbage is the collector's work
            with escaped_output():
                status = int(args.func(args) or 0)
    except (*USER_ERRORS, UserError) as exc:
        return _user_error(command, exc)
    except BrokenPipeError:
        return 0
    except (sqlite3.Error, PeeweeException, OSError) as exc:
        # the environment failing under a write (disk full, I/O error, read-only)
        translated = user_problem(exc, db_path(args))
        if translated is None:
            log.error("%s crashed: %s", command, describe_failure(exc))
            raise
        return _user_error(command, translated)
    except KeyboardInterrupt:
        log.info("%s interrupted", command)
        print("netdesk: interrupted", file=sys.stderr)
        return 130
    except BaseException as exc:
        log.error("%s crashed: %s", command, describe_failure(exc))
        raise
    finally:
        close_database()  # the command's database, and its lock, end with the command
    log.info("%s finished with status %d in %.2f s", command, status, time.perf_counter() - started)
    return status


def _say_waiting(path) -> None:
    where = escape_controls(str(path))
    print(f"netdesk: waiting for another program writing to {where}…", file=sys.stderr)


def _user_error(command: str, exc: Exception) -> int:
    # a StorageError's problem names no person; other messages may quote what was typed
    detail = f": {exc.problem}" if isinstance(exc, StorageError) else ""
    log.warning("%s refused: %s%s", command, type(exc).__name__, detail)
    print(f"netdesk: error: {printable(str(exc))}", file=sys.stderr)
    return EXIT_USER_ERROR

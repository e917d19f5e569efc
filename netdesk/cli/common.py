"""Helpers shared by subcommands: which database, and opening it for reading or writing."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from peewee import SqliteDatabase

from netdesk.domain.workspace import open_workspace
from netdesk.paths import resolve_db_path


def db_path(args: argparse.Namespace) -> Path:
    return resolve_db_path(getattr(args, "db", None))


def open_for_reading(args: argparse.Namespace) -> SqliteDatabase:
    """Open an existing database; a missing one is an error, not created."""
    return open_workspace(db_path(args), create=False, write=False)


def open_for_writing(args: argparse.Namespace, *, backup: bool = False) -> SqliteDatabase:
    """Open the database, creating a new empty one when the file does not exist; this
    netdesk holds its lock until it ends, so no restore swaps the file under it."""
    return open_workspace(db_path(args), create=True, write=True, backup=backup, hold=True)


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")

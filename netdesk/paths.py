"""Where netdesk keeps its files: the one place that knows about folders.

The database is chosen, in order, from ``--db PATH``, the ``NETDESK_DB``
environment variable, or ``<user data dir>/netdesk.sqlite3`` (platformdirs).
Tests and portable builds point ``NETDESK_DATA_DIR`` at a folder of their own so
nothing ever touches a real home folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "netdesk"
DB_FILENAME = "netdesk.sqlite3"
DEMO_DB_FILENAME = "netdesk-demo.sqlite3"
STAND_IN_FILENAME = "default-database.txt"


def data_dir() -> Path:
    override = os.environ.get("NETDESK_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    override = os.environ.get("NETDESK_DATA_DIR")
    if override:
        return Path(override) / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Files netdesk can make again at any time (rendered icons): safe to delete while
    netdesk is not running."""
    override = os.environ.get("NETDESK_DATA_DIR")
    if override:
        return Path(override) / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def ui_settings_path() -> Path:
    """The window's remembered layout (geometry, splitters, columns): an INI file."""
    return data_dir() / "netdesk-ui.ini"


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def stand_in_note() -> Path:
    """Names the file that stands in for the default database, once a damaged default
    was restored from a backup into a new file beside it (the damaged one is kept)."""
    return data_dir() / STAND_IN_FILENAME


def default_db_in_use() -> Path:
    """The default database, or the restored file that stands in for it."""
    try:
        named = stand_in_note().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return default_db_path()
    stand_in = Path(named)
    return (
        stand_in if named and stand_in.is_absolute() and stand_in.is_file() else default_db_path()
    )


def opens_by_default(path: Path) -> bool:
    """Whether ``path`` is the database netdesk opens when none is named."""
    return path.resolve() == resolve_db_path(None).resolve()


def set_stand_in(path: Path) -> None:
    """From now on ``path`` stands in for the default database (written whole or not at all)."""
    from netdesk.storage import private_files

    private_files.write_text(stand_in_note(), f"{path.resolve()}\n")


def demo_db_path() -> Path:
    return data_dir() / DEMO_DB_FILENAME


def resolve_db_path(cli_value: str | os.PathLike[str] | None, *, demo: bool = False) -> Path:
    """The database a command works on: ``--db``, then ``NETDESK_DB``, then the default
    (or the file standing in for it, see ``stand_in_note``)."""
    if cli_value:
        return Path(cli_value).expanduser()
    if demo:
        return demo_db_path()
    env = os.environ.get("NETDESK_DB")
    if env:
        return Path(env).expanduser()
    return default_db_in_use()


def resource_path(*parts: str) -> Path:
    """A bundled resource, found the same way from source and from a frozen build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    root = Path(frozen_root) if frozen_root else Path(__file__).resolve().parent.parent
    return root.joinpath("resources", *parts)

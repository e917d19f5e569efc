"""The full-fidelity JSON backup: every table, every row, restorable completely.

The file is one JSON object: ``{"format": "netdesk-backup", "version": 1,
"schema_version": N, "created_at": ..., "tables": {table: [row, ...]}}``, rows
as column → value, BLOBs as base64 text. ``restore_backup`` loads it into an
empty database in one transaction: all of it, or (on any error) none of it.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import logging
import math
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from peewee import (
    AutoField,
    BlobField,
    DateField,
    DateTimeField,
    Field,
    FloatField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from netdesk import __version__
from netdesk.domain import interaction_kinds, score_cache, settings, validation
from netdesk.domain.user_errors import DomainError
from netdesk.storage import migrations, private_files, search_index
from netdesk.storage.models import ALL_MODELS, Contact, SchemaVersion, database

log = logging.getLogger(__name__)

FORMAT = "netdesk-backup"
FORMAT_VERSION = 1
# parents before children, so foreign keys hold while inserting
TABLES = tuple(m for m in ALL_MODELS if m is not SchemaVersion)
_CHUNK = 500

Progress = Callable[[int, int], None]


class BackupFormatError(DomainError, ValueError):
    """The file is not a netdesk JSON backup this version can restore."""


def _encode(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$base64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$base64"}:
        return base64.b64decode(value["$base64"])
    return value


# columns a restore computes afresh (the search index numbers contacts in name order)
_REBUILT = {"contact": ("search_position",)}


def backup_document(progress: Progress | None = None) -> dict[str, Any]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for done, model in enumerate(TABLES, 1):
        table = model._meta.table_name
        cursor = database.execute_sql(f'SELECT * FROM "{table}"')
        names = [col[0] for col in cursor.description]
        left_out = _REBUILT.get(table, ())
        tables[table] = [
            {n: _encode(v) for n, v in zip(names, row, strict=True) if n not in left_out}
            for row in cursor
        ]
        if progress is not None:
            progress(done, len(TABLES))
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema_version": migrations.current_version(database),
        "netdesk": __version__,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "tables": tables,
    }


def write_backup(out_path: Path, progress: Progress | None = None) -> None:
    """Write the open database as a JSON backup (atomically: a complete file or none).

    The file is readable by its owner only, like the database it comes from.
    """
    document = backup_document(progress)
    with private_files.writing(out_path, "w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False)


def unreadable(path: Path, exc: OSError) -> BackupFormatError:
    """What failing to read a backup file means, in words for a person."""
    if isinstance(exc, FileNotFoundError):
        return BackupFormatError(f"{path}: no such file")
    if isinstance(exc, IsADirectoryError):
        return BackupFormatError(f"{path}: is a folder, not a backup file")
    return BackupFormatError(f"{path}: cannot be read ({exc.strerror or exc})")


def read_backup(in_path: Path) -> dict[str, Any]:
    """Read and check a JSON backup completely; a ``BackupFormatError`` names any problem."""
    try:
        document = json.loads(in_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise unreadable(in_path, exc) from exc
    except UnicodeDecodeError as exc:
        raise BackupFormatError(f"{in_path}: not a netdesk JSON backup (not UTF-8 text)") from exc
    except json.JSONDecodeError as exc:
        raise BackupFormatError(
            f"{in_path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except RecursionError as exc:
        raise BackupFormatError(
            f"{in_path}: not a netdesk JSON backup (nested too deeply)"
        ) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupFormatError(f"{in_path}: not a netdesk JSON backup")
    if document.get("version") != FORMAT_VERSION:
        raise BackupFormatError(
            f"{in_path}: backup format version {document.get('version')!r} is not one this "
            f"netdesk reads ({FORMAT_VERSION})"
        )
    if not isinstance(document.get("tables"), dict):
        raise BackupFormatError(f"{in_path}: the backup has no tables")
    schema = document.get("schema_version")
    if isinstance(schema, int) and schema > migrations.SCHEMA_VERSION:
        raise BackupFormatError(
            f"{in_path}: written by a newer netdesk (schema version {schema}; "
            f"this netdesk reads up to {migrations.SCHEMA_VERSION})"
        )
    try:
        check_document(document)
    except BackupFormatError as exc:
        raise BackupFormatError(f"{in_path}: {exc}") from exc
    return document


# -- checking every value before anything is written ---------------------------------

_INT64 = (-(2**63), 2**63 - 1)
# settings a zero would break (a half-life, a scale, how many backups to keep)
_POSITIVE_SETTINGS = ("score.", "backup.")


def _value_problem(field: Field, value: Any) -> str | None:
    """Why ``value`` cannot go into ``field``'s column, or None when it can."""
    if value is None:
        if field.null or isinstance(field, AutoField):
            return None
        return "a value is required"
    if isinstance(field, AutoField | IntegerField | ForeignKeyField):
        if type(value) is not int or not _INT64[0] <= value <= _INT64[1]:
            return "expected a whole number"
    elif isinstance(field, FloatField):
        if type(value) not in (int, float) or not math.isfinite(value):
            return "expected a number"
    elif isinstance(field, DateTimeField):
        try:
            dt.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return "expected a date and time (YYYY-MM-DD HH:MM:SS)"
    elif isinstance(field, DateField):
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            return "expected a date (YYYY-MM-DD)"
    elif isinstance(field, BlobField):
        if not (isinstance(value, dict) and set(value) == {"$base64"}):
            return 'expected {"$base64": ...}'
        try:
            base64.b64decode(value["$base64"], validate=True)
        except (TypeError, ValueError, binascii.Error):
            return "not valid base64"
    elif isinstance(field, TextField) and not isinstance(value, str):
        return "expected text"
    return None


def _setting_problem(key: str | None, raw: str) -> str | None:
    try:
        value = json.loads(raw)
    except (TypeError, ValueError, RecursionError):
        return "not a valid setting value"
    spec = settings.SETTINGS.get(key) if key is not None else None
    if key is None or spec is None or spec.default is None or value is None:
        return None
    if isinstance(spec.default, bool):
        return None if isinstance(value, bool) else "expected true or false"
    if isinstance(spec.default, int | float):
        if type(value) not in (int, float) or not math.isfinite(value) or value < 0:
            return "expected a number, zero or more"
        if value == 0 and key.startswith(_POSITIVE_SETTINGS):
            return "expected a number above zero"
    elif isinstance(spec.default, str) and not isinstance(value, str):
        return "expected text"
    return None


def check_document(document: dict[str, Any]) -> None:
    """Check every table, row and value of a backup against the schema.

    What is checked is what would otherwise fail half-way or, worse, be stored
    and break netdesk later: unknown tables or columns, wrong types, impossible
    dates, unknown interaction kinds, setting values netdesk cannot use.
    """
    known = {m._meta.table_name: m for m in TABLES}
    unknown = set(document["tables"]) - set(known)
    if unknown:
        raise BackupFormatError(
            f"the backup has tables this netdesk does not know: {', '.join(sorted(unknown))}"
        )
    for table, rows in document["tables"].items():
        if not isinstance(rows, list):
            raise BackupFormatError(f"table {table}: expected a list of rows")
        columns = known[table]._meta.columns
        for number, row in enumerate(rows, 1):
            if not isinstance(row, dict) or not set(row) <= set(columns):
                raise BackupFormatError(f"table {table}, row {number}: unexpected columns")
            for name, field in columns.items():
                if name in row:
                    problem = _value_problem(field, row[name])
                elif field.default is None and not (field.null or isinstance(field, AutoField)):
                    problem = "a value is required"
                else:
                    continue
                if (
                    problem is None
                    and (table, name) == ("interaction", "kind")
                    and row[name] not in interaction_kinds.KINDS
                ):
                    problem = "not a kind of interaction netdesk knows"
                if problem is None and table == "setting" and name == "value":
                    problem = _setting_problem(row.get("key"), row[name])
                if problem is None:
                    # no control characters restored; values past netdesk's limits refused
                    row[name], problem = validation.stored_text(table, name, row[name])
                if problem is not None:
                    raise BackupFormatError(
                        f"table {table}, row {number}, column {name}: {problem}"
                    )


def _column_default(field: Field) -> Any:
    value = field.default() if callable(field.default) else field.default
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _insert_rows(table: str, model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert checked rows with plain ``executemany``; a missing column gets its default."""
    fields = model._meta.columns
    present = [
        name
        for name, field in fields.items()
        if field.default is not None or any(name in row for row in rows)
    ]
    defaults = {name: _column_default(fields[name]) for name in present}
    names = ", ".join(f'"{name}"' for name in present)
    marks = ", ".join("?" * len(present))
    sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
    conn = database.connection()
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        values = [
            tuple(_decode(row[n]) if n in row else defaults[n] for n in present) for row in chunk
        ]
        try:
            conn.executemany(sql, values)
        except sqlite3.IntegrityError as exc:
            raise BackupFormatError(
                f"table {table}, rows {start + 1}-{start + len(chunk)}: "
                f"they do not fit the rest of the backup ({exc})"
            ) from exc


def restore_document(
    document: dict[str, Any], progress: Progress | None = None, *, checked: bool = False
) -> dict[str, int]:
    """Load a backup into the open, empty database in one transaction; returns row counts.

    ``checked``: the document came from ``read_backup``, which checked it already.
    """
    if Contact.select().exists():
        raise BackupFormatError("a backup is restored into an empty database")
    if not checked:
        check_document(document)
    counts: dict[str, int] = {}
    known = {m._meta.table_name: m for m in TABLES}
    with database.atomic():
        database.execute_sql("DELETE FROM setting")
        for done, (table, model) in enumerate(known.items(), 1):
            rows = document["tables"].get(table, [])
            if rows:
                _insert_rows(table, model, rows)
            counts[table] = len(rows)
            if progress is not None:
                progress(done, len(known))
        search_index.reindex_contacts(database)
        score_cache.refresh_all()
    log.info(
        "restored a JSON backup: %d rows in %d tables",
        sum(counts.values()),
        sum(1 for n in counts.values() if n),
    )
    return counts


def restore_backup(in_path: Path, progress: Progress | None = None) -> dict[str, int]:
    return restore_document(read_backup(in_path), progress, checked=True)
